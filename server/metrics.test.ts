import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../shared/protocol.ts";
import { readRefused } from "../shared/refusal.ts";
import { ExportPool } from "./export-pool.ts";
import { httpApp } from "./http.ts";
import { captureLog } from "./log.ts";
import { hashToken } from "./participants.ts";
import { Rooms } from "./rooms.ts";
import { Store } from "./store.ts";
import { addParagraph, appendParagraph, createTestSession, exitOf, PLENARY, rawClient, startTestSession, syncMessage, tempDataDir, until } from "./test-support.ts";
import type { RawClient } from "./test-support.ts";

/**
 * The operators' side of the server (issue 14, operations): `/healthz`, `/metrics` in
 * Prometheus text format whose counters follow what raw y-websocket clients send, and
 * the JSON log on stderr, whose line for a refused update names the connection and the
 * participant and holds no token. Real servers, real WebSockets, real SQLite.
 */

/** One sample of a Prometheus text exposition. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses Prometheus text exposition format (version 0.0.4), strictly: every line is a
 * HELP or TYPE comment or a sample, every sample belongs to a family with a TYPE, and
 * counters, histograms and gauges have the samples their type allows.
 */
function parsePrometheus(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const labelRe = new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`, "g");
  const sampleRe = new RegExp(`^(${name})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (\\S+)(?: -?\\d+)?$`);
  assert.ok(text.endsWith("\n"), "the exposition ends with a newline");
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") continue;
    const comment = new RegExp(`^# (HELP|TYPE) (${name}) (.*)$`).exec(line);
    if (comment) {
      if (comment[1] === "TYPE") {
        assert.match(comment[3]!, /^(counter|gauge|histogram|summary|untyped)$/, line);
        assert.ok(!types.has(comment[2]!), `one TYPE line for ${comment[2]}`);
        types.set(comment[2]!, comment[3]!);
      }
      continue;
    }
    assert.ok(!line.startsWith("#"), `a comment is HELP or TYPE: ${line}`);
    const match = sampleRe.exec(line);
    assert.ok(match, `a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(labelRe)) labels[key!] = value!;
    // prom-client writes NaN as "Nan" (the event-loop mean over a window with no sample);
    // Prometheus reads floats with Go's ParseFloat, which takes NaN in any case.
    const isNaN = /^nan$/i.test(match[3]!);
    const value = match[3] === "+Inf" ? Infinity : match[3] === "-Inf" ? -Infinity : isNaN ? NaN : Number(match[3]);
    assert.ok(!Number.isNaN(value) || isNaN, `a number: ${line}`);
    const sampleName = match[1]!;
    const family = [sampleName, sampleName.replace(/_(bucket|sum|count)$/, "")].find((n) => types.has(n));
    assert.ok(family, `${sampleName} has a TYPE`);
    const type = types.get(family)!;
    if (type === "histogram" && sampleName.endsWith("_bucket")) assert.ok("le" in labels, `${line} has le`);
    if (type === "counter") assert.ok(value >= 0, `a counter is not negative: ${line}`);
    samples.push({ name: sampleName, labels, value });
  }
  return samples;
}

/** The sum of the samples of `name` whose labels include `labels` (0 when there is none). */
function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
}

async function scrape(url: string, token: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await response.text());
}

/** A raw client's copy of the session's document, from the server's sync step 2. */
async function documentOf(client: RawClient): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await client.roundTrip());
  return doc;
}

/** The reason of the first Refused message a raw client got at or after `from`, once it arrives. */
function refusal(client: RawClient, from = 0): Promise<string> {
  return until<string>("a Refused message", (done) => {
    const check = () => {
      for (const message of client.messages.slice(from)) {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarUint(decoder) === MessageType.Refused) done(readRefused(decoder).reason);
      }
    };
    const timer = setInterval(check, 10);
    check();
    return () => clearInterval(timer);
  });
}

/** Sends `count` honest proposals of the secretariat, each as one y-websocket update message. */
function sendProposals(client: RawClient, doc: Y.Doc, count: number): void {
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => updates.push(update);
  doc.on("update", onUpdate);
  for (let i = 0; i < count; i++) addParagraph(doc, `Proposal number ${i} for the metrics`);
  doc.off("update", onUpdate);
  assert.equal(updates.length, count);
  for (const update of updates) client.socket.send(syncMessage(syncProtocol.messageYjsUpdate, update));
}

describe("/healthz", () => {
  test("answers 200 {status: ok} with no token when the store answers", async () => {
    const session = await startTestSession();
    try {
      const response = await fetch(`${session.server.url}/healthz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: "ok" });
      assert.equal(response.headers.get("cache-control"), "no-store");
      assert.match(response.headers.get("x-request-id") ?? "", /^[\w-]{12}$/);
    } finally {
      await session.cleanup();
    }
  });

  test("answers 503 with a reason when the store does not answer", async () => {
    const temp = tempDataDir();
    const store = Store.open(temp.dir);
    const exports = new ExportPool();
    const http = createServer(httpApp({ store, rooms: new Rooms(store, { compactEvery: 500 }), exports, adminTokenHash: hashToken("admin"), distDir: temp.dir }));
    await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
    const logged = captureLog();
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      store.close();
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { status: string; reason: string };
      assert.equal(body.status, "unavailable");
      assert.match(body.reason, /^the store does not answer: .*not open/);
      const failed = logged.lines().filter((l) => l.msg === "health check failed");
      assert.deepEqual(failed.map((l) => [l.level, l.reason, l.req]), [["error", body.reason, response.headers.get("x-request-id")]], "logged with the request's id");
    } finally {
      logged.restore();
      await new Promise((done) => http.close(done));
      await exports.close();
      temp.remove();
    }
  });
});

describe("/metrics", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  const METRICS_TOKEN = "metrics-token-for-the-test";
  before(async () => {
    session = await startTestSession({ metricsToken: METRICS_TOKEN });
  });
  after(async () => {
    await session.cleanup();
  });

  test("needs the metrics token or the admin token", async () => {
    const url = `${session.server.url}/metrics`;
    const anonymous = await fetch(url);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer /);
    assert.equal((await fetch(url, { headers: { Authorization: `Bearer ${session.tokens.chair}` } })).status, 401);
    assert.equal((await fetch(url, { headers: { Authorization: "Bearer wrong" } })).status, 401);
    await scrape(session.server.url, METRICS_TOKEN);
    await scrape(session.server.url, session.server.adminToken);
  });

  test("has every figure the operators need, in Prometheus text format", async () => {
    const samples = await scrape(session.server.url, METRICS_TOKEN);
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      "plenary_connections_open",
      "plenary_rooms_loaded",
      "plenary_updates_accepted_total",
      "plenary_updates_refused_total",
      "plenary_update_check_seconds_bucket",
      "plenary_commit_seconds_bucket",
      "plenary_relay_messages_total",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_eventloop_lag_max_seconds",
      "process_resident_memory_bytes",
    ]) {
      assert.ok(names.has(name), `${name} is reported`);
    }
    assert.ok(sum(samples, "process_resident_memory_bytes") > 10 * 1024 * 1024, "RSS is the process's");
  });

  test("counts each update a raw y-websocket client sends, accepted or refused, and each relay", async () => {
    const N = 7;
    const before = await scrape(session.server.url, METRICS_TOKEN);
    const observer = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.observer}`);
    const secretariat = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.secretariat}`);
    try {
      await observer.roundTrip();
      const doc = await documentOf(secretariat);
      const open = await scrape(session.server.url, METRICS_TOKEN);
      assert.equal(sum(open, "plenary_connections_open"), 2);
      assert.equal(sum(open, "plenary_rooms_loaded"), 1);

      sendProposals(secretariat, doc, N);
      // Its answer comes after every earlier message was handled, and after they were stored.
      await secretariat.roundTrip();
      await until<void>(`the observer to get ${N} relayed updates`, (done) => {
        const timer = setInterval(() => {
          const relayed = observer.messages.filter((m) => m[0] === MessageType.Sync && m[1] === syncProtocol.messageYjsUpdate).length;
          if (relayed >= N) done();
        }, 10);
        return () => clearInterval(timer);
      });
      const accepted = await scrape(session.server.url, METRICS_TOKEN);
      const delta = (samples: Sample[], from: Sample[], name: string, labels: Record<string, string> = {}) => sum(samples, name, labels) - sum(from, name, labels);
      assert.equal(delta(accepted, before, "plenary_updates_accepted_total"), N, "accepted rises by the updates sent");
      assert.equal(delta(accepted, before, "plenary_updates_accepted_total", { role: "secretariat" }), N);
      assert.equal(delta(accepted, before, "plenary_updates_refused_total"), 0);
      assert.equal(delta(accepted, before, "plenary_update_check_seconds_count", { outcome: "accepted" }), N, "one check time per accepted update");
      assert.equal(delta(accepted, before, "plenary_relay_messages_total"), N, "each update sent to the one other connection");
      assert.ok(delta(accepted, before, "plenary_commit_seconds_count") >= 1, "at least one group commit");
      assert.equal(delta(accepted, before, "plenary_commit_updates_sum"), N, "the group commits wrote the N updates");

      // A forged update: a delegation writes text into the draft without proposing it.
      const usa = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.USA}`);
      try {
        const usaDoc = await documentOf(usa);
        const seen = usa.messages.length;
        usa.socket.send(syncMessage(syncProtocol.messageYjsUpdate, appendParagraph(usaDoc, "Untracked text slipped in by a delegation")));
        assert.ok((await refusal(usa, seen)).length > 0);
        await usa.roundTrip();
        const refused = await scrape(session.server.url, METRICS_TOKEN);
        assert.equal(delta(refused, accepted, "plenary_updates_refused_total"), 1, "refused rises by one");
        assert.equal(delta(refused, accepted, "plenary_updates_refused_total", { role: "delegation" }), 1);
        assert.equal(delta(refused, accepted, "plenary_updates_accepted_total"), 0, "the forged update is not accepted");
        assert.equal(delta(refused, accepted, "plenary_relay_messages_total"), 0, "nor relayed");
        assert.equal(delta(refused, accepted, "plenary_update_check_seconds_count", { outcome: "refused" }), 1);
        assert.equal(sum(refused, "plenary_connections_open"), 3);
      } finally {
        usa.socket.close();
        await usa.closed;
      }
    } finally {
      observer.socket.close();
      secretariat.socket.close();
      await Promise.all([observer.closed, secretariat.closed]);
    }
    await until<void>("the room to unload", (done) => {
      const timer = setInterval(async () => {
        const samples = await scrape(session.server.url, METRICS_TOKEN);
        if (sum(samples, "plenary_rooms_loaded") === 0 && sum(samples, "plenary_connections_open") === 0) done();
      }, 50);
      return () => clearInterval(timer);
    });
  });
});

describe("plenary serve's JSON log", () => {
  test("stdout keeps the lines for people; stderr has JSON lines; a refused update's names the connection and the participant, and no line holds a token", async () => {
    const temp = tempDataDir();
    const metricsToken = "serve-metrics-token";
    const child = spawn(process.execPath, [PLENARY, "serve", "--port", "0", "--host", "127.0.0.1", "--data", temp.dir, "--log-level", "info", "--metrics-token", metricsToken], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    try {
      const url = await until<string>(
        "plenary serve to print where it serves",
        (done) => {
          const timer = setInterval(() => {
            const match = /serving at (http:\/\/\S+)/.exec(stdout);
            if (match && /New session: \S+#t=\S+\n/.test(stdout)) done(match[1]!);
          }, 20);
          return () => clearInterval(timer);
        },
        20_000,
      );
      const adminToken = /New session: \S+#t=(\S+)\n/.exec(stdout)![1]!;
      const session = await createTestSession({ url, adminToken }, temp.dir);
      assert.equal((await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } })).status, 200, "--metrics-token is taken");

      const usa = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.USA}`);
      const doc = await documentOf(usa);
      usa.socket.send(syncMessage(syncProtocol.messageYjsUpdate, appendParagraph(doc, "Untracked text slipped in by a delegation")));
      const reason = await refusal(usa);
      usa.socket.close(1000);
      await usa.closed;
      child.kill("SIGTERM");
      assert.deepEqual(await exitOf(child), { code: 0, signal: null }, stderr);

      assert.deepEqual(
        stdout.trimEnd().split("\n").map((line) => line.replace(/http:\/\/\S+/g, "URL").replace(/\(data in .*\)/, "(data in DIR)")),
        ["Plenary is serving at URL (data in DIR)", "New session: URL", "SIGTERM: closing", "Plenary stopped"],
        "stdout has only the lines for people",
      );
      // The log's lines; stderr may also have plain text (a close that failed says so there).
      const lines = stderr.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const line of lines) {
        assert.equal(typeof line.level, "string");
        assert.equal(typeof line.time, "string");
        assert.equal(typeof line.msg, "string");
      }
      const refused = lines.filter((line) => line.msg === "update refused");
      assert.equal(refused.length, 1, stderr);
      const [line] = refused as [Record<string, unknown>];
      assert.equal(line.level, "warn");
      assert.equal(line.reason, reason);
      assert.equal(line.session, session.id);
      assert.equal(line.code, "USA");
      assert.equal(line.role, "delegation");
      assert.match(String(line.conn), /^[\w-]{12}$/);
      const opened = lines.find((l) => l.msg === "connection opened" && l.conn === line.conn);
      assert.ok(opened, "the connection's opening carries the same id");
      assert.ok(lines.some((l) => l.msg === "connection closed" && l.conn === line.conn && l.closeCode === 1000), "and its close, with the code");
      const requests = lines.filter((l) => l.msg === "request");
      assert.ok(requests.some((l) => l.method === "POST" && l.path === "/api/sessions" && l.status === 201 && typeof l.req === "string"), "each request has its line with its id");
      for (const token of [adminToken, metricsToken, ...Object.values(session.tokens)]) assert.ok(!stderr.includes(token), "no token in the log");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      temp.remove();
    }
  });
});
