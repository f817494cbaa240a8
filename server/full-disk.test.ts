import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ADMIN_TOKEN_FILE } from "./admin.ts";
import { captureLog } from "./log.ts";
import { startServer } from "./server.ts";
import type { RunningServer } from "./server.ts";
import { Store } from "./store.ts";
import { TestPeer } from "./test-peer.ts";
import { addParagraph, bodyText, connectClient, createTestSession, docUntil, exitOf, spawnServe, tempDataDir, until, wsBaseOf } from "./test-support.ts";
import type { TestSession } from "./test-support.ts";

/**
 * A disk that fills up during a session (issue 10): an update the store could not write
 * is never relayed, the room closes every connection with 1011, nothing anyone saw is
 * missing after a restart, and the server still shuts down cleanly.
 */

/** Internal Error: what the room closes its connections with when the store refuses a write. */
const COULD_NOT_STORE = 1011;

/** Starts a server on `dataDir` and hands back the store it opened, so that a test can make its database full. */
async function serverWithStore(dataDir: string): Promise<{ server: RunningServer; store: Store }> {
  const open = Store.open;
  let opened: Store | null = null;
  Store.open = (dir: string) => (opened = open.call(Store, dir));
  try {
    const server = await startServer({ port: 0, dataDir });
    return { server, store: opened! };
  } finally {
    Store.open = open;
  }
}

/** Stops the database from growing: SQLite answers SQLITE_FULL to any write that needs a new page. */
function fillDatabase(store: Store): void {
  const db = store.database();
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
}

/** The close code of a peer's socket, once it is closed. */
function closeCodeOf(peer: TestPeer): Promise<number> {
  return until<number>("the connection to be closed", (done) => {
    if (peer.socket.readyState === peer.socket.CLOSED) done(-1);
    peer.socket.once("close", (code: number) => done(code));
  });
}

/** The body of a session as a fresh observer of a new server on `dataDir` reads it. */
async function bodyAfterRestart(dataDir: string, session: TestSession): Promise<string> {
  const server = await startServer({ port: 0, dataDir });
  try {
    const observer = await connectClient(wsBaseOf(server.url), session.id, session.tokens.observer!);
    const text = bodyText(observer.doc);
    observer.destroy();
    return text;
  } finally {
    await server.close();
  }
}

/** A proposal large enough to need new pages of the database (and new blocks of the disk). */
const AFTER_FULL = `[after the disk is full] ${"wording ".repeat(6_000)}`;

/**
 * The attack of the tester: USA proposes once (the chair sees it), the disk fills, USA
 * proposes again. Checks that the chair never sees the second proposal and that both
 * are closed with 1011; returns what the chair had seen.
 */
async function proposeOnFullDisk(session: TestSession, fill: () => void): Promise<string> {
  const usa = await TestPeer.connect(session.wsBase, session.id, session.tokens.USA!);
  const chair = await TestPeer.connect(session.wsBase, session.id, session.tokens.chair!);
  try {
    addParagraph(usa.doc, "[before the disk is full]", "USA");
    await docUntil(chair.doc, "the chair to see the first proposal", (d) => bodyText(d).includes("[before the disk is full]"));
    await chair.roundTrip();
    const seen = { body: bodyText(chair.doc), relayed: chair.relayed };
    fill();
    const closed = Promise.all([closeCodeOf(usa), closeCodeOf(chair)]);
    addParagraph(usa.doc, AFTER_FULL, "USA");
    assert.deepEqual(await closed, [COULD_NOT_STORE, COULD_NOT_STORE], "the room closes everyone when it cannot store");
    assert.equal(chair.relayed, seen.relayed, "nothing was relayed to the chair");
    assert.equal(bodyText(chair.doc), seen.body);
    return seen.body;
  } finally {
    await usa.close();
    await chair.close();
  }
}

test("on a full database an update is not relayed, close() logs the lost snapshot, and nothing relayed is missing after a restart", async (t) => {
  const temp = tempDataDir();
  const logged = captureLog();
  t.after(() => logged.restore());
  try {
    const { server, store } = await serverWithStore(temp.dir);
    let seen: string;
    let session: TestSession;
    try {
      session = await createTestSession(server, temp.dir);
      seen = await proposeOnFullDisk(session, () => fillDatabase(store));
      // A new connection loads the room again; closing the server snapshots it, which the full database refuses.
      const observer = await TestPeer.connect(session.wsBase, session.id, session.tokens.observer!);
      assert.doesNotMatch(bodyText(observer.doc), /after the disk is full/, "the reloaded room has only what was stored");
    } finally {
      await server.close();
    }
    const lines = logged.lines();
    assert.ok(lines.some((l) => l.level === "error" && l.msg === "could not store an update: closing the room" && /full/i.test(String(l.error))), JSON.stringify(lines));
    assert.ok(lines.some((l) => l.level === "error" && l.msg === "could not write a snapshot (the log has every update)" && l.code === "SQLITE_FULL"), JSON.stringify(lines));
    assert.equal(await bodyAfterRestart(temp.dir, session), seen);
  } finally {
    temp.remove();
  }
});

/** A real small disk (a tmpfs) for the data directory, where the machine allows mounting one; null elsewhere. */
function smallDisk(size: string): { dir: string; fill(): void; free(): void; remove(): void } | null {
  const dir = mkdtempSync(join(tmpdir(), "plenary-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const filler = join(dir, "filler");
  return {
    dir,
    fill() {
      // Fills the disk to the last block: big chunks, then ever smaller ones.
      for (let chunk = 1 << 20; chunk >= 512; chunk >>= 1) {
        for (;;) {
          try {
            writeFileSync(filler, Buffer.alloc(chunk), { flag: "a" });
          } catch {
            break;
          }
        }
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    remove() {
      execFileSync("umount", ["-l", dir], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("on a full disk (tmpfs) an update is not relayed, SIGTERM exits 0, and nothing relayed is missing after a restart", async (t) => {
  const disk = smallDisk("8m");
  if (!disk) {
    t.skip("this machine does not let the test mount a tmpfs; the test above makes the database full instead");
    return;
  }
  try {
    const serve = await spawnServe(["--port", "0", "--data", disk.dir]);
    let seen: string;
    let session: TestSession;
    try {
      const adminToken = readFileSync(join(disk.dir, ADMIN_TOKEN_FILE), "utf8").trim();
      session = await createTestSession({ url: serve.url, adminToken }, disk.dir);
      seen = await proposeOnFullDisk(session, () => disk.fill());
      const observer = await TestPeer.connect(session.wsBase, session.id, session.tokens.observer!);
      assert.doesNotMatch(bodyText(observer.doc), /after the disk is full/);
      serve.child.kill("SIGTERM");
      const exit = await exitOf(serve.child);
      assert.deepEqual(exit, { code: 0, signal: null }, serve.output());
      assert.match(serve.output(), /Plenary stopped/);
      assert.doesNotMatch(serve.output(), /SqliteError|at .*\.ts:\d+/, "no stack trace");
      assert.match(serve.output(), /could not write a snapshot/);
    } finally {
      serve.child.kill("SIGKILL");
    }
    disk.free();
    assert.equal(await bodyAfterRestart(disk.dir, session), seen);
  } finally {
    disk.remove();
  }
});
