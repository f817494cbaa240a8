import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ADMIN_TOKEN_FILE } from "./admin.ts";
import { reissueToken } from "./participants.ts";
import { startServer } from "./server.ts";
import { Store } from "./store.ts";
import { addParagraph, bodyText, connectClient, createTestSession, docUntil, exitOf, spawnServe, tempDataDir, wsBaseOf } from "./test-support.ts";
import type { TestClient } from "./test-support.ts";

/** A new token for a seat ("observer", "chair" or a delegation code), written straight into the store. */
function freshToken(dataDir: string, sessionId: string, seat: string): string {
  const store = Store.open(dataDir);
  try {
    const participant = store.participants(sessionId).find((p) => p.code === seat || (p.code === null && p.role === seat))!;
    return reissueToken(store, participant.id);
  } finally {
    store.close();
  }
}

/** Creates a session, writes a paragraph as USA and waits until the chair has it: it was stored before it was relayed. */
async function writeAndSeeRelayed(url: string, dataDir: string, text: string): Promise<{ sessionId: string; open: TestClient[] }> {
  const adminToken = readFileSync(join(dataDir, ADMIN_TOKEN_FILE), "utf8").trim();
  const session = await createTestSession({ url, adminToken }, dataDir);
  const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
  const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
  addParagraph(usa.doc, text, "USA");
  try {
    await docUntil(chair.doc, `the chair to see ${text}`, (d) => bodyText(d).includes(text));
  } catch (error) {
    usa.destroy();
    chair.destroy();
    throw error;
  }
  return { sessionId: session.id, open: [usa, chair] };
}

/** Starts a new server on the data directory and reads the session's body as a fresh observer. */
async function bodyAfterRestart(dataDir: string, sessionId: string): Promise<string> {
  const token = freshToken(dataDir, sessionId, "observer");
  const server = await startServer({ port: 0, dataDir });
  try {
    const client = await connectClient(wsBaseOf(server.url), sessionId, token);
    const text = bodyText(client.doc);
    client.destroy();
    return text;
  } finally {
    await server.close();
  }
}

test("content written before a clean close is there after a restart", async () => {
  const temp = tempDataDir();
  try {
    const server = await startServer({ port: 0, dataDir: temp.dir });
    let sessionId: string;
    try {
      const written = await writeAndSeeRelayed(server.url, temp.dir, "[before close]");
      sessionId = written.sessionId;
      for (const client of written.open) client.destroy();
    } finally {
      await server.close();
    }
    assert.match(await bodyAfterRestart(temp.dir, sessionId), /\[before close\]/);
  } finally {
    temp.remove();
  }
});

test("kill -9 loses nothing that was relayed", async () => {
  const temp = tempDataDir();
  const serve = await spawnServe(["--port", "0", "--data", temp.dir]);
  try {
    const written = await writeAndSeeRelayed(serve.url, temp.dir, "[before kill -9]");
    // Killed while both clients are still connected: no unload, no snapshot, only the log.
    serve.child.kill("SIGKILL");
    assert.equal((await exitOf(serve.child)).signal, "SIGKILL");
    for (const client of written.open) client.destroy();
    assert.match(await bodyAfterRestart(temp.dir, written.sessionId), /\[before kill -9\]/);
  } finally {
    serve.child.kill("SIGKILL");
    temp.remove();
  }
});

test("SIGTERM closes the server cleanly: exit 0, every loaded session snapshotted", async () => {
  const temp = tempDataDir();
  const serve = await spawnServe(["--port", "0", "--data", temp.dir]);
  try {
    const written = await writeAndSeeRelayed(serve.url, temp.dir, "[before SIGTERM]");
    serve.child.kill("SIGTERM");
    const exit = await exitOf(serve.child);
    for (const client of written.open) client.destroy();
    assert.deepEqual(exit, { code: 0, signal: null }, serve.output());
    assert.match(serve.output(), /Plenary stopped/);
    const store = Store.open(temp.dir);
    try {
      assert.equal(store.latestSnapshot(written.sessionId)?.seq, store.lastSeq(written.sessionId), "the snapshot covers the log");
    } finally {
      store.close();
    }
    assert.match(await bodyAfterRestart(temp.dir, written.sessionId), /\[before SIGTERM\]/);
  } finally {
    serve.child.kill("SIGKILL");
    temp.remove();
  }
});
