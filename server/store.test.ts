import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as Y from "yjs";
import { Room } from "./room.ts";
import { createSession } from "./session.ts";
import { Store } from "./store.ts";
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
