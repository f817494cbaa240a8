import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { promisify } from "node:util";
import { hashToken } from "../participants.ts";
import { Store } from "../store.ts";
import { exitOf, spawnServe, tempDataDir } from "../test-support.ts";

const PLENARY = fileURLToPath(new URL("../../bin/plenary.js", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url));

/** Runs `plenary ...args`; resolves with its exit code and output whatever the code. */
async function plenary(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [PLENARY, ...args], { env: { ...process.env, ...env }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("session create --json prints the id and a link per seat, with tokens stored only as hashes", async () => {
  const temp = tempDataDir();
  try {
    const run = await plenary([
      "session", "create", "--title", "Resolution 140", "--from", FIXTURE,
      "--delegations", "USA:United States,RUS:Russian Federation", "--data", temp.dir, "--base-url", "https://plenary.example", "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const created = JSON.parse(run.stdout) as { id: string; links: { chair: string; secretariat: string; observer: string; delegations: Record<string, string> } };
    assert.deepEqual(Object.keys(created.links.delegations), ["USA", "RUS"]);
    const all = [created.links.chair, created.links.secretariat, created.links.observer, ...Object.values(created.links.delegations)];
    for (const link of all) assert.match(link, new RegExp(`^https://plenary\\.example/s/${created.id}#t=[A-Za-z0-9_-]{43}$`));
    const store = Store.open(temp.dir);
    try {
      const roster = store.participants(created.id);
      assert.deepEqual(roster.map((p) => p.code ?? p.role), ["chair", "secretariat", "observer", "USA", "RUS"]);
      const token = new URL(created.links.delegations.USA!).hash.slice(3);
      assert.equal(roster.find((p) => p.code === "USA")!.tokenHash, hashToken(token));
      assert.ok(roster.every((p) => !all.some((link) => link.endsWith(p.tokenHash))), "no token is stored in clear");
      assert.notEqual(roster[3]!.colour, roster[4]!.colour, "each delegation has its own colour");
    } finally {
      store.close();
    }
  } finally {
    temp.remove();
  }
});

test("session create names file:line:col of bad DL text and exits 1", async () => {
  const temp = tempDataDir();
  try {
    const bad = join(temp.dir, "bad.txt");
    writeFileSync(bad, "RESOLUTION 140\nrecalling\x01\n");
    const run = await plenary(["session", "create", "--title", "T", "--from", bad, "--data", temp.dir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:2:10: `));
  } finally {
    temp.remove();
  }
});

test("session create exits 2 on a usage error: a delegation without a name, a missing title", async () => {
  const temp = tempDataDir();
  try {
    const noName = await plenary(["session", "create", "--title", "T", "--from", FIXTURE, "--delegations", "USA", "--data", temp.dir]);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /delegation "USA" must be CODE:Name/);
    const noTitle = await plenary(["session", "create", "--from", FIXTURE, "--data", temp.dir]);
    assert.equal(noTitle.code, 2);
  } finally {
    temp.remove();
  }
});

test("serve --demo creates the demo session once, then reuses it; PORT and DATA_DIR are read", async () => {
  const temp = tempDataDir();
  try {
    const env = { PORT: "0", DATA_DIR: temp.dir };
    const first = await spawnServe(["--demo"], env);
    first.child.kill("SIGTERM");
    assert.deepEqual(await exitOf(first.child), { code: 0, signal: null });
    const second = await spawnServe(["--demo"], env);
    second.child.kill("SIGTERM");
    assert.deepEqual(await exitOf(second.child), { code: 0, signal: null });
    const demoId = (output: string) => /Demo session ([^\s:]+)/.exec(output)?.[1];
    assert.match(first.output(), /Demo session \S+ \(created\)/);
    assert.doesNotMatch(second.output(), /\(created\)/);
    assert.equal(demoId(second.output()), demoId(first.output()));
    for (const code of ["USA", "RUS", "CHN", "BRA", "KEN"]) assert.match(second.output(), new RegExp(`${code} \\(.+\\) +${second.url}/s/`));
    assert.match(second.output(), new RegExp(`New session: ${second.url}/new#t=`));
    assert.equal(statSync(join(temp.dir, "demo-links.json")).mode & 0o777, 0o600);
    assert.equal(statSync(join(temp.dir, "admin-token")).mode & 0o777, 0o600);
    const store = Store.open(temp.dir);
    try {
      assert.equal(store.session(demoId(first.output())!)?.title, "Resolution 140 (WSIS) — WG-PL demo");
    } finally {
      store.close();
    }
  } finally {
    temp.remove();
  }
});
