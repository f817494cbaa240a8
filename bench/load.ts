import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../shared/protocol.ts";
import { schema } from "../shared/schema.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { markKey } from "../shared/yjs/mark-key.ts";
import { buildServer } from "../server/build.ts";
import { createSession } from "../server/session.ts";
import { Store } from "../server/store.ts";
import { syncMessage, tokenOf } from "../server/test-support.ts";
import { presenceMessage } from "../server/test-peer.ts";
import { largeDocument } from "./codec.ts";
import { quantile, rowOf } from "./measure.ts";
import type { Row } from "./measure.ts";

/**
 * The server under load, side by side with the reference y-websocket server
 * (`y-websocket@1.5.4`'s own bin/server.js, a devDependency as `y-websocket-reference`),
 * each in its own process, driven by the same clients from this one:
 *
 * - keystroke → peer: 300 connections to the 300-page session, 20 of them delegations
 *   typing 5 characters a second each (3 s of it first as a warm-up) (proposals, which Plenary checks and stores before
 *   relaying; the reference does neither), all of them sending presence; the time from a
 *   keystroke's send to its arrival at 10 sampling connections;
 * - 300 joins at once to the 300-page session: from opening the socket to the full state;
 * - throughput: 10 sessions (the reference draft), 5 delegations each sending 50 updates a
 *   second (Plenary allows 60 per participant); updates relayed per second.
 *
 * Writers send valid proposals (text with their own insertion mark), so Plenary refuses
 * none; the bench fails if it does.
 */

const ROOT = new URL("..", import.meta.url).pathname;
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 300);
const WRITERS = 20;
const KEYS_PER_SECOND = 5;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 15);
const SAMPLERS = 10;
/** Typing before the measured seconds (the room's first updates, the JIT), on both servers. */
const WARMUP_MS = 3000;

interface Server {
  name: string;
  pid: number;
  /** The WebSocket address of a session (Plenary: with a participant's token). */
  address(session: string, token: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function started(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (data: Buffer) => {
      out += data.toString();
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before it was ready: ${out}`)));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
}

async function startPlenary(dataDir: string): Promise<Server> {
  // LOAD_NODE_ARGS="--cpu-prof --cpu-prof-dir=.scratch/prof" profiles the server while working on it.
  const nodeArgs = (process.env.LOAD_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // The compiled server, as production runs it (npm start), built now from the sources.
  await buildServer();
  const child = spawn(process.execPath, [...nodeArgs, "dist/server/plenary.mjs", "serve", "--data", dataDir, "--port", "0", "--host", "127.0.0.1", "--log-level", "warn"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const [, url] = await started(child, /serving at (http:\/\/\S+)/);
  const ws = url!.replace(/^http/, "ws");
  return { name: "Plenary", pid: child.pid!, address: (session, token) => `${ws}/ws/${session}?token=${token}`, stop: stopper(child) };
}

async function startReference(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/y-websocket-reference/bin/server.js"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) } });
  await started(child, /running at/);
  return { name: "y-websocket 1.5.4", pid: child.pid!, address: (session) => `ws://127.0.0.1:${port}/${session}`, stop: stopper(child) };
}

/** CPU time a process has used so far (ms, user + system), from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  // utime and stime are fields 14 and 15 of stat (12 and 13 after the name), in clock ticks (100 a second here).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process (MB). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** A connection speaking the y-websocket protocol without a document of its own. */
class LoadClient {
  readonly socket: WebSocket;
  refused = 0;
  onUpdate: ((update: Uint8Array) => void) | null = null;
  private syncedAt = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(url: string, stateVector: Uint8Array) {
    this.socket = new WebSocket(url, { perMessageDeflate: false });
    this.socket.binaryType = "nodebuffer";
    this.socket.on("open", () => this.socket.send(syncMessage(syncProtocol.messageYjsSyncStep1, stateVector)));
    this.socket.on("error", () => {});
    this.socket.on("message", (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  }

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Refused) this.refused++;
    if (type !== MessageType.Sync) return;
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep2 && !this.syncedAt) {
      this.syncedAt = performance.now();
      for (const waiter of this.waiters.splice(0)) waiter();
    } else if (step === syncProtocol.messageYjsUpdate && this.onUpdate) {
      this.onUpdate(decoding.readVarUint8Array(decoder));
    }
  }

  /** When the full state arrived (performance.now()). */
  synced(): Promise<number> {
    if (this.syncedAt) return Promise.resolve(this.syncedAt);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.syncedAt)));
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** A delegation typing into its own clause: its doc, and a keystroke that returns the update and its first struct's id. */
class Writer {
  readonly doc = new Y.Doc();
  private readonly text: Y.XmlText;
  private readonly attrs: Record<string, unknown>;
  client!: LoadClient;

  constructor(base: Uint8Array, clause: number, code: string) {
    Y.applyUpdate(this.doc, base);
    this.text = clauseText(this.doc, clause);
    const mark = schema.marks.insertion.create({ id: `load-${code}-${this.doc.clientID}`, by: code, at: new Date().toISOString() });
    this.attrs = { [markKey(mark)]: mark.attrs };
  }

  /** Types one character at the end of its clause; returns the update and its id ("client:clock"). */
  key(): { update: Uint8Array; id: string } {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    this.doc.on("update", capture);
    const id = `${this.doc.clientID}:${Y.getState(this.doc.store, this.doc.clientID)}`;
    this.text.insert(this.text.length, "x", this.attrs);
    this.doc.off("update", capture);
    return { update: update!, id };
  }
}

/** The text of the n-th clause of the body. */
function clauseText(doc: Y.Doc, n: number): Y.XmlText {
  let seen = 0;
  for (const group of doc.getXmlFragment(BODY).toArray()) {
    if (!(group instanceof Y.XmlElement) || group.nodeName !== "clause_group") continue;
    for (const block of group.toArray()) {
      if (!(block instanceof Y.XmlElement) || block.nodeName !== "clause" || block.getAttribute("status") === "agreed") continue;
      if (seen++ === n) return block.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)!;
    }
  }
  throw new Error(`no clause ${n}`);
}

/** The `p` quantile of unsorted samples. */
const percentile = (values: readonly number[], p: number) => quantile([...values].sort((a, b) => a - b), p);

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` clients, `batch` at a time, each with the given state vector, and waits until each has synced. */
async function connectAll(count: number, open: (i: number) => LoadClient, batch = 25): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  for (let i = 0; i < count; i += batch) {
    const group = Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j));
    await Promise.all(group.map((c) => c.synced()));
    clients.push(...group);
  }
  return clients;
}

interface Fixture {
  dataDir: string;
  large: { id: string; base: Uint8Array; writers: string[]; observer: string };
  small: { id: string; base: Uint8Array; writers: string[] }[];
}

const WRITER_CODES = Array.from({ length: WRITERS }, (_, i) => `W${String(i + 1).padStart(2, "0")}`);

function prepare(): Fixture {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-load-"));
  const store = Store.open(dataDir);
  try {
    const stateOf = (id: string) => {
      const doc = new Y.Doc();
      for (const entry of store.updatesAfter(id)) Y.applyUpdate(doc, entry.update);
      return Y.encodeStateAsUpdate(doc);
    };
    const delegations = WRITER_CODES.map((code) => ({ code, name: `Delegation ${code}` }));
    const big = createSession(store, { title: "load", text: largeDocument(), delegations }, "http://x");
    const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
    const small = Array.from({ length: 10 }, () => {
      const s = createSession(store, { title: "throughput", text: seed, delegations: delegations.slice(0, 5) }, "http://x");
      return { id: s.id, base: stateOf(s.id), writers: WRITER_CODES.slice(0, 5).map((c) => tokenOf(s.links.delegations[c]!)) };
    });
    return { dataDir, large: { id: big.id, base: stateOf(big.id), writers: WRITER_CODES.map((c) => tokenOf(big.links.delegations[c]!)), observer: tokenOf(big.links.observer) }, small };
  } finally {
    store.close();
  }
}

/** For the reference server: puts a session's document in it (it starts empty). */
async function seed(server: Server, id: string, base: Uint8Array): Promise<void> {
  const client = new LoadClient(server.address(id, ""), new Uint8Array([0]));
  await client.synced();
  client.send(syncMessage(syncProtocol.messageYjsUpdate, base));
  // A second client's full sync returns only once the server holds the state.
  const check = new LoadClient(server.address(id, ""), new Uint8Array([0]));
  await check.synced();
  check.close();
  client.close();
}

async function keystrokes(server: Server, fx: Fixture, presenceMs: number): Promise<{ latencies: number[]; refused: number; rss: number }> {
  const { id, base } = fx.large;
  const stateVector = Y.encodeStateVectorFromUpdate(base);
  const writers = WRITER_CODES.map((code, i) => new Writer(base, i * 3, code));
  writers.forEach((w, i) => (w.client = new LoadClient(server.address(id, fx.large.writers[i]!), Y.encodeStateVector(w.doc))));
  await Promise.all(writers.map((w) => w.client.synced()));
  const passive = await connectAll(CONNECTIONS - WRITERS, () => new LoadClient(server.address(id, fx.large.observer), stateVector));
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const slow: number[] = [];
  const t0 = performance.now();
  for (const client of passive.slice(0, SAMPLERS)) {
    client.onUpdate = (update) => {
      const at = performance.now();
      for (const struct of Y.decodeUpdate(update).structs) {
        const from = sent.get(`${struct.id.client}:${struct.id.clock}`);
        if (from !== undefined) {
          if (from - t0 >= WARMUP_MS) latencies.push(at - from);
          if (at - from > 15 && process.env.LOAD_DEBUG) slow.push(Math.round((from - t0) / 100) / 10);
          break;
        }
      }
    };
  }
  const timers: NodeJS.Timeout[] = [];
  const everyone = [...writers.map((w) => w.client), ...passive];
  everyone.forEach((client, i) => {
    const clientId = 1_000_000 + i;
    let clock = 1;
    const presence = () => client.send(presenceMessage(clientId, clock++, { cursor: null }));
    timers.push(setTimeout(() => (presence(), timers.push(setInterval(presence, presenceMs))), Math.random() * presenceMs));
  });
  writers.forEach((writer) => {
    const key = () => {
      const { update, id: struct } = writer.key();
      sent.set(struct, performance.now());
      writer.client.send(syncMessage(syncProtocol.messageYjsUpdate, update));
    };
    timers.push(setTimeout(() => timers.push(setInterval(key, 1000 / KEYS_PER_SECOND)), Math.random() * 200));
  });
  await wait(WARMUP_MS + SECONDS * 1000);
  for (const timer of timers) clearInterval(timer);
  await wait(1000);
  if (process.env.LOAD_DEBUG) console.log(`slow (>15 ms) keystrokes sent at (s): ${[...new Set(slow)].join(" ")}`);
  const rss = rssMb(server.pid);
  const refused = writers.reduce((n, w) => n + w.client.refused, 0);
  for (const client of everyone) client.close();
  for (const writer of writers) writer.doc.destroy();
  return { latencies, refused, rss };
}

async function joins(server: Server, fx: Fixture): Promise<number[]> {
  const { id } = fx.large;
  const start = performance.now();
  const clients = Array.from({ length: CONNECTIONS }, () => new LoadClient(server.address(id, fx.large.observer), new Uint8Array([0])));
  const times = await Promise.all(clients.map(async (c) => (await c.synced()) - start));
  for (const client of clients) client.close();
  return times;
}

async function throughput(server: Server, fx: Fixture): Promise<{ perSecond: number; refused: number; busy: number; offered: number }> {
  const clients: { writer: Writer; client: LoadClient }[] = [];
  let relayed = 0;
  const listeners: LoadClient[] = [];
  for (const session of fx.small) {
    const listener = new LoadClient(server.address(session.id, session.writers[0]!), Y.encodeStateVectorFromUpdate(session.base));
    listener.onUpdate = () => relayed++;
    listeners.push(listener);
    session.writers.forEach((token, i) => {
      const writer = new Writer(session.base, i, WRITER_CODES[i]!);
      clients.push({ writer, client: new LoadClient(server.address(session.id, token), Y.encodeStateVector(writer.doc)) });
    });
  }
  await Promise.all([...listeners, ...clients.map((c) => c.client)].map((c) => c.synced()));
  // 50 updates a second per writer (Plenary allows 60 sustained): 2,500 a second offered in all.
  let sent = 0;
  const timers = clients.map(({ writer, client }) =>
    setInterval(() => {
      client.send(syncMessage(syncProtocol.messageYjsUpdate, writer.key().update));
      sent++;
    }, 20),
  );
  const seconds = Math.min(SECONDS, 10);
  await wait(1000);
  const from = relayed;
  const sentFrom = sent;
  const t0 = performance.now();
  const cpu0 = cpuMs(server.pid);
  await wait(seconds * 1000);
  const elapsed = performance.now() - t0;
  const perSecond = ((relayed - from) / elapsed) * 1000;
  // What the writers managed to send: below 2,500 a second when this process is short of CPU.
  const offered = ((sent - sentFrom) / elapsed) * 1000;
  // The server's share of a core while it relays that many: what is left before it falls behind.
  const busy = (cpuMs(server.pid) - cpu0) / elapsed;
  for (const timer of timers) clearInterval(timer);
  await wait(500);
  const refused = clients.reduce((n, c) => n + c.client.refused, 0);
  for (const c of [...listeners, ...clients.map((x) => x.client)]) c.close();
  return { perSecond, refused, busy, offered };
}

/** The rows of `npm run bench`: each figure for Plenary and for the reference, then their ratio. */
export async function loadRows(): Promise<Row[]> {
  const fx = prepare();
  const rows: Row[] = [];
  const notes: string[] = [];
  const figures: Record<string, number> = {};
  try {
    const servers = [() => startPlenary(fx.dataDir), () => startReference()];
    // LOAD_ONLY=plenary measures Plenary alone (while working on it); the ratios then read NaN.
    for (const start of process.env.LOAD_ONLY === "plenary" ? servers.slice(0, 1) : servers) {
      const server = await start();
      try {
        if (server.name !== "Plenary") {
          await seed(server, fx.large.id, fx.large.base);
          for (const s of fx.small) await seed(server, s.id, s.base);
        }
        const idle = rssMb(server.pid);
        // LOAD_PARTS=throughput (or keystrokes, joins; comma-separated) runs only those parts.
        const parts = (process.env.LOAD_PARTS ?? "keystrokes,joins,throughput").split(",");
        if (parts.includes("keystrokes")) for (const [label, presenceMs] of [["presence every 15 s", 15_000], ["presence at 2 Hz", 500]] as const) {
          const run = await keystrokes(server, fx, presenceMs);
          if (server.name === "Plenary" && run.refused > 0) throw new Error(`Plenary refused ${run.refused} honest keystrokes under load`);
          rows.push(rowOf(`${server.name}: keystroke → peer p50, ${CONNECTIONS} connections, ${label}`, run.latencies, 0.5));
          rows.push(rowOf(`${server.name}: keystroke → peer p99, ${CONNECTIONS} connections, ${label}`, run.latencies, 0.99));
          figures[`${server.name} p99 ${label}`] = percentile(run.latencies, 0.99);
          notes.push(`${server.name}, ${label}: ${run.latencies.length} keystrokes seen, server RSS ${run.rss.toFixed(0)} MB with ${CONNECTIONS} connections (idle ${idle.toFixed(0)} MB)`);
        }
        if (parts.includes("joins")) {
          const joined = await joins(server, fx);
          rows.push(rowOf(`${server.name}: ${CONNECTIONS} joins at once, p50`, joined, 0.5));
          rows.push(rowOf(`${server.name}: ${CONNECTIONS} joins at once, p99`, joined, 0.99));
          figures[`${server.name} joins p99`] = percentile(joined, 0.99);
        }
        if (!parts.includes("throughput")) continue;
        const { perSecond, refused, busy, offered } = await throughput(server, fx);
        if (server.name === "Plenary" && refused > 0) throw new Error(`Plenary refused ${refused} honest updates in the throughput run`);
        notes.push(`${server.name}: ${perSecond.toFixed(0)} updates relayed a second across 10 sessions (${offered.toFixed(0)} sent a second of the 2,500 asked), the server busy ${(busy * 100).toFixed(0)}% of a core (${((busy * 1000) / perSecond).toFixed(2)} ms of CPU per update)`);
        figures[`${server.name} throughput`] = perSecond;
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(fx.dataDir, { recursive: true, force: true });
  }
  const ratio = (key: string) => (figures[`Plenary ${key}`]! / figures[`y-websocket 1.5.4 ${key}`]!).toFixed(2);
  for (const note of notes) console.log(`  ${note}`);
  console.log(`  Plenary / reference: keystroke → peer p99 ${ratio("p99 presence every 15 s")} (presence every 15 s), ${ratio("p99 presence at 2 Hz")} (2 Hz); joins p99 ${ratio("joins p99")}`);
  return rows;
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).pathname === new URL(import.meta.url).pathname) {
  const { formatRows } = await import("./measure.ts");
  console.log(formatRows(await loadRows()));
}
