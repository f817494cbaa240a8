import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { JITTER_BASE_MS, JITTER_MAX_MS, jitteredWebSocket, reconnectDelay } from "../client/reconnect.ts";
import { startServer } from "../server/server.ts";
import { addParagraph, bodyText, connectClient, createTestSession, docUntil, tempDataDir, until } from "../server/test-support.ts";

/**
 * Reconnecting with jitter (issue 14): when a server goes away, its clients do not all come
 * back in the same instant. The page's first socket opens at once; each reconnect waits a
 * random time in a window that doubles with each attempt that failed.
 */

test("the first socket does not wait; reconnects wait within a window that doubles up to its cap", () => {
  assert.equal(reconnectDelay(0, () => 0.99), 0);
  assert.equal(reconnectDelay(1, () => 0.5), JITTER_BASE_MS / 2);
  assert.equal(reconnectDelay(2, () => 0.5), JITTER_BASE_MS);
  assert.equal(reconnectDelay(3, () => 0.999), Math.floor(0.999 * 4 * JITTER_BASE_MS));
  assert.equal(reconnectDelay(30, () => 0.999), Math.floor(0.999 * JITTER_MAX_MS));
  assert.equal(reconnectDelay(5, () => 0), 0);
  // Spread out: 1,000 clients reconnecting for the first time do not pick one instant.
  const delays = new Set(Array.from({ length: 1000 }, () => reconnectDelay(1)));
  assert.ok(delays.size > 300, `1,000 clients picked ${delays.size} different delays`);
  for (const d of delays) assert.ok(d >= 0 && d < JITTER_BASE_MS);
});

/** The ws class, recording when each real socket is made. */
function recordingSocket(opened: number[]) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      opened.push(performance.now());
    }
  };
}

test("a socket closed while it waits to reconnect never opens and says it closed", async () => {
  const opened: number[] = [];
  const Socket = jitteredWebSocket(recordingSocket(opened) as never, () => 0.5);
  const temp = tempDataDir();
  const server = await startServer({ port: 0, dataDir: temp.dir });
  try {
    const first = new Socket(`${server.url.replace("http", "ws")}/ws/none`);
    assert.equal(opened.length, 1, "the first socket opens at once");
    first.onclose = null;
    first.close();
    const second = new Socket(`${server.url.replace("http", "ws")}/ws/none`);
    assert.equal(second.readyState, 0, "waiting to open: CONNECTING");
    const closed = until<unknown>("the waiting socket to report its close", (done) => {
      second.onclose = done;
    });
    second.close();
    const event = (await closed) as { code: number };
    assert.equal(event.code, 1000);
    assert.equal(second.readyState, 3, "CLOSED");
    await new Promise((resolve) => setTimeout(resolve, JITTER_BASE_MS));
    assert.equal(opened.length, 1, "the closed socket never opened a connection");
  } finally {
    await server.close();
    temp.remove();
  }
});

test("a stock y-websocket client with the jittered socket comes back after a restart, not before its jitter, and syncs what changed", async () => {
  const temp = tempDataDir();
  let server = await startServer({ port: 0, dataDir: temp.dir });
  const port = server.port;
  const session = await createTestSession(server, temp.dir);
  const opened: number[] = [];
  const doc = new Y.Doc();
  // random() = 0.5: the first reconnect waits half of its 1 s window.
  const provider = new WebsocketProvider(session.wsBase, session.id, doc, {
    params: { token: session.tokens.observer! },
    WebSocketPolyfill: jitteredWebSocket(recordingSocket(opened) as never, () => 0.5) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await until<void>("the observer to sync", (done) => {
      provider.on("sync", (synced: boolean) => synced && done());
    });
    assert.equal(opened.length, 1);
    let closedAt = 0;
    provider.on("connection-close", () => (closedAt ||= performance.now()));
    await server.close();
    await until<void>("the observer to see the server go", (done) => {
      if (closedAt) done();
      provider.on("connection-close", () => done());
    });
    server = await startServer({ port, dataDir: temp.dir });
    // A proposal made while the observer was away.
    const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    addParagraph(usa.doc, "Proposed while the projector was away", "USA");
    await new Promise((resolve) => setTimeout(resolve, 100));
    usa.destroy();
    await until<void>("the observer to reconnect and sync", (done) => {
      const check = () => provider.synced && opened.length >= 2 && done();
      provider.on("sync", check);
      check();
    }, 15_000);
    assert.ok(opened[1]! - closedAt >= JITTER_BASE_MS / 2 - 5, `reconnected ${(opened[1]! - closedAt).toFixed(0)} ms after the close, not before its jitter of ${JITTER_BASE_MS / 2} ms`);
    await docUntil(doc, "the proposal made meanwhile", (d) => bodyText(d).includes("Proposed while the projector was away"));
  } finally {
    provider.destroy();
    doc.destroy();
    await server.close();
    temp.remove();
  }
});
