import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as Y from "yjs";
import { captureLog } from "./log.ts";
import { Room } from "./room.ts";
import { createSession } from "./session.ts";
import { MAX_REFUSED_BYTES, Store } from "./store.ts";
import { FIXTURE_TEXT, addParagraph, bodyText, connectClient, docUntil, startTestSession, tempDataDir } from "./test-support.ts";

function replay(store: Store, sessionId: string): Y.Doc {
  const doc = new Y.Doc();
  for (const entry of store.updatesAfter(sessionId)) Y.applyUpdate(doc, entry.update);
  return doc;
}

test("the store keeps appended updates with their participant and time across a reopen", () => {
  const temp = tempDataDir();
  try {
    let store = Store.open(temp.dir);
    const { id } = createSession(store, { title: "Log", text: FIXTURE_TEXT, delegations: [{ code: "BRA", name: "Brazil" }] }, "http://x");
    const bra = store.participants(id).find((p) => p.code === "BRA")!;
    const doc = replay(store, id);
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    addParagraph(doc, "[Brazil wording]");
    const seq = store.appendUpdate(id, bra.id, updates[0]!, 1_000);
    assert.equal(seq, 2, "the import is entry 1");
    store.close();

    store = Store.open(temp.dir);
    const log = store.updatesAfter(id);
    assert.deepEqual(log.map((e) => [e.seq, e.participantId, e.seq === 2 ? e.at : "import"]), [[1, null, "import"], [2, bra.id, 1_000]]);
    assert.match(bodyText(replay(store, id)), /\[Brazil wording\]/);
    assert.equal(statSync(join(temp.dir, "plenary.db")).isFile(), true);
    store.close();
  } finally {
    temp.remove();
  }
});

test("compaction writes a snapshot that loads the same content and keeps the whole log", async () => {
  const temp = tempDataDir();
  const session = await startTestSession({ dataDir: temp.dir, compactEvery: 3 });
  let expected = "";
  try {
    const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    const rus = await connectClient(session.wsBase, session.id, session.tokens.RUS!);
    try {
      for (let i = 1; i <= 4; i++) {
        addParagraph(usa.doc, `[USA ${i}]`, "USA");
        addParagraph(rus.doc, `[RUS ${i}]`, "RUS");
      }
      await docUntil(usa.doc, "USA to see every RUS edit", (d) => bodyText(d).includes("[RUS 4]"));
      await docUntil(rus.doc, "RUS to see every USA edit", (d) => bodyText(d).includes("[USA 4]"));
      expected = bodyText(usa.doc);
    } finally {
      usa.destroy();
      rus.destroy();
    }
  } finally {
    await session.server.close();
  }
  try {
    const store = Store.open(temp.dir);
    const snapshot = store.latestSnapshot(session.id);
    assert.ok(snapshot, "a snapshot was written");
    assert.equal(snapshot.seq, store.lastSeq(session.id), "the last snapshot (on unload) covers the whole log");
    const byParticipant = new Map<string | null, number>();
    for (const entry of store.updatesAfter(session.id)) byParticipant.set(entry.participantId, (byParticipant.get(entry.participantId) ?? 0) + 1);
    const ids = Object.fromEntries(store.participants(session.id).map((p) => [p.code ?? p.role, p.id]));
    assert.equal(byParticipant.get(null), 1, "the import");
    assert.equal(byParticipant.get(ids.USA!), 4, "every USA edit is in the log");
    assert.equal(byParticipant.get(ids.RUS!), 4, "every RUS edit is in the log");
    const fromSnapshot = new Room(session.id, store, { compactEvery: 100 });
    const fromLog = replay(store, session.id);
    assert.equal(bodyText(fromSnapshot.doc), expected);
    assert.equal(bodyText(fromLog), expected);
    for (let i = 1; i <= 4; i++) assert.match(bodyText(fromSnapshot.doc), new RegExp(`\\[USA ${i}\\]`));
    fromSnapshot.unload();
    store.close();
  } finally {
    temp.remove();
  }
});

/** Stops the database from growing: SQLite answers SQLITE_FULL to any write that needs a new page. */
function fillDatabase(store: Store): void {
  const db = store.database();
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
}

/** A session in a fresh store, with the id of its USA delegation. */
function storeWithSession(dir: string): { store: Store; id: string; usa: string } {
  const store = Store.open(dir);
  const { id } = createSession(store, { title: "Full", text: FIXTURE_TEXT, delegations: [{ code: "USA", name: "United States" }] }, "http://x");
  return { store, id, usa: store.participants(id).find((p) => p.code === "USA")!.id };
}

test("on a full database an update or a refusal is not stored and the write throws SQLITE_FULL", () => {
  const temp = tempDataDir();
  try {
    const { store, id, usa } = storeWithSession(temp.dir);
    const before = { seq: store.lastSeq(id), refused: store.refusedUpdates(id).length };
    fillDatabase(store);
    const big = new Uint8Array(64 * 1024).fill(7);
    assert.throws(() => store.appendUpdate(id, usa, big), { code: "SQLITE_FULL" });
    assert.throws(() => store.appendRefused(id, usa, "too big", big), { code: "SQLITE_FULL" });
    assert.equal(store.lastSeq(id), before.seq);
    assert.equal(store.refusedUpdates(id).length, before.refused);
    store.close();
    const reopened = Store.open(temp.dir);
    assert.equal(reopened.lastSeq(id), before.seq, "nothing half-written after a reopen");
    assert.equal(reopened.appendUpdate(id, usa, big), before.seq + 1, "the next write takes the next number");
    reopened.close();
  } finally {
    temp.remove();
  }
});

test("a Yjs client id is bound to its participant in the transaction of the first update written under it: both stored, or neither", () => {
  const temp = tempDataDir();
  try {
    const { store, id, usa } = storeWithSession(temp.dir);
    const [seq] = store.appendUpdates([{ sessionId: id, participantId: usa, update: new Uint8Array([0, 0]), clientIds: [4242] }]);
    assert.equal(store.lastSeq(id), seq);
    assert.equal(store.clientIds(id).get(4242), usa);
    fillDatabase(store);
    const big = new Uint8Array(64 * 1024).fill(7);
    assert.throws(() => store.appendUpdates([{ sessionId: id, participantId: usa, update: big, clientIds: [777] }]), { code: "SQLITE_FULL" });
    assert.equal(store.clientIds(id).has(777), false, "no binding without its update");
    store.close();
  } finally {
    temp.remove();
  }
});

test("the room stores a delegation's new client id with its first update, not before it", (t) => {
  const temp = tempDataDir();
  const { store, id, usa } = storeWithSession(temp.dir);
  const room = new Room(id, store, { compactEvery: 1000 });
  t.after(() => {
    room.unload();
    store.close();
    temp.remove();
  });
  const participant = store.participants(id).find((p) => p.id === usa)!;
  const member = { participant, clientIds: new Set<number>(), send: () => {}, close: () => assert.fail("the room closed USA") };
  room.join(member);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  addParagraph(client, "[United States wording]", "USA");
  assert.equal(room.receiveUpdate(member, updates[0]!).kind, "applied");
  // Accepted and waiting for the turn's group commit: neither the update nor its client id is stored yet.
  assert.equal(store.clientIds(id).has(client.clientID), false, "the binding waits for its update");
  const before = store.lastSeq(id);
  room.flush();
  assert.equal(store.lastSeq(id), before + 1);
  assert.equal(store.clientIds(id).get(client.clientID), usa, "stored with the update");
});

test("a snapshot the full database cannot take is logged and skipped, and the store still closes", (t) => {
  const temp = tempDataDir();
  const logged = captureLog();
  t.after(() => logged.restore());
  try {
    const { store, id } = storeWithSession(temp.dir);
    fillDatabase(store);
    const seq = store.lastSeq(id);
    assert.equal(store.writeSnapshot(id, seq, new Uint8Array(64 * 1024).fill(1)), false);
    assert.deepEqual(
      logged.lines().map(({ level, session, code, msg }) => ({ level, session, code, msg })),
      [{ level: "error", session: id, code: "SQLITE_FULL", msg: "could not write a snapshot (the log has every update)" }],
    );
    assert.equal(store.latestSnapshot(id), undefined);
    store.close();
    const reopened = Store.open(temp.dir);
    assert.equal(reopened.lastSeq(id), seq, "the log is whole");
    reopened.close();
  } finally {
    temp.remove();
  }
});

test("refused bytes are kept up to 1 MiB per participant and session, then only their size", () => {
  const temp = tempDataDir();
  try {
    const { store, id, usa } = storeWithSession(temp.dir);
    const observer = store.participants(id).find((p) => p.role === "observer")!.id;
    const chunk = new Uint8Array(400 * 1024).fill(3);
    for (let i = 0; i < 5; i++) store.appendRefused(id, observer, `forged ${i}`, chunk, 1_000 + i);
    store.appendRefused(id, usa, "forged by USA", chunk, 2_000);
    const refused = store.refusedUpdates(id);
    assert.deepEqual(
      refused.map((r) => [r.seq, r.participantId === observer ? "observer" : "USA", r.reason, r.size, r.truncated, r.update.byteLength]),
      [
        [1, "observer", "forged 0", chunk.byteLength, false, chunk.byteLength],
        [2, "observer", "forged 1", chunk.byteLength, false, chunk.byteLength],
        [3, "observer", "forged 2", chunk.byteLength, true, 0],
        [4, "observer", "forged 3", chunk.byteLength, true, 0],
        [5, "observer", "forged 4", chunk.byteLength, true, 0],
        [6, "USA", "forged by USA", chunk.byteLength, false, chunk.byteLength],
      ],
    );
    assert.equal(refused[4]!.at, 1_004, "a capped refusal keeps its time");
    assert.equal(store.refusedBytesKept(id, observer), 2 * chunk.byteLength);
    assert.ok(3 * chunk.byteLength > MAX_REFUSED_BYTES, "the third would have gone over the cap");
    // A small refusal still fits under the cap after large ones were cut.
    store.appendRefused(id, observer, "small", new Uint8Array(10), 3_000);
    assert.equal(store.refusedUpdates(id).at(-1)!.truncated, false);
    store.close();
  } finally {
    temp.remove();
  }
});

test("a database of schema version 2 opens with each refused update's size", () => {
  const temp = tempDataDir();
  try {
    const { store, id, usa } = storeWithSession(temp.dir);
    store.appendRefused(id, usa, "old refusal", new Uint8Array([1, 2, 3]), 5);
    const db = store.database();
    // Back to the version 2 table: no size column, no index.
    db.exec("DROP INDEX refused_by_participant; ALTER TABLE refused_updates DROP COLUMN size;");
    db.pragma("user_version = 2");
    store.close();
    const reopened = Store.open(temp.dir);
    assert.deepEqual(
      reopened.refusedUpdates(id).map((r) => [r.reason, r.size, r.truncated, [...r.update]]),
      [["old refusal", 3, false, [1, 2, 3]]],
    );
    reopened.close();
  } finally {
    temp.remove();
  }
});
