import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import * as Y from "yjs";
import { GroupCommit } from "./group-commit.ts";
import { createSession } from "./session.ts";
import { Store } from "./store.ts";
import { FIXTURE_TEXT, appendParagraph, tempDataDir } from "./test-support.ts";

/** Two sessions in a fresh store, and an update for each (a paragraph added to its text). */
function twoSessions(dir: string) {
  const store = Store.open(dir);
  const ids = ["A", "B"].map((title) => createSession(store, { title, text: FIXTURE_TEXT, delegations: [{ code: "USA", name: "United States" }] }, "http://x").id);
  const updateOf = (id: string, words: string) => {
    const doc = new Y.Doc();
    for (const entry of store.updatesAfter(id)) Y.applyUpdate(doc, entry.update);
    return appendParagraph(doc, words);
  };
  return { store, ids, updateOf };
}

test("updates accepted in one turn, in two sessions, are stored together after the turn, then called back in order", async () => {
  const temp = tempDataDir();
  try {
    const { store, ids, updateOf } = twoSessions(temp.dir);
    const commits = new GroupCommit(store);
    const calls: string[] = [];
    const add = (sessionId: string, words: string) =>
      commits.add({ sessionId, participantId: null, update: updateOf(sessionId, words), at: 1, stored: (seq) => calls.push(`${words} #${seq} stored: ${store.updatesAfter(sessionId, seq - 1).some((e) => e.seq === seq)}`), failed: () => calls.push(`${words} failed`) });
    add(ids[0]!, "one");
    add(ids[1]!, "two");
    add(ids[0]!, "three");
    assert.equal(store.updatesAfter(ids[0]!, 1).length, 0, "nothing is written during the turn");
    assert.ok(commits.waiting);
    await nextTurn();
    // Each is already in the store when its sender's room is told (and relays it).
    assert.deepEqual(calls, ["one #2 stored: true", "two #2 stored: true", "three #3 stored: true"]);
    assert.equal(store.updatesAfter(ids[0]!, 1).length, 2);
    assert.equal(commits.waiting, false);
    store.close();
  } finally {
    temp.remove();
  }
});

test("when the batch cannot be written (full database), none of its updates is stored and each is told", async () => {
  const temp = tempDataDir();
  try {
    const { store, ids, updateOf } = twoSessions(temp.dir);
    const commits = new GroupCommit(store);
    const told: string[] = [];
    const db = store.database();
    const pages = db.pragma("page_count", { simple: true }) as number;
    const big = new Uint8Array(64 * 1024).fill(7); // needs new pages: SQLITE_FULL
    commits.add({ sessionId: ids[0]!, participantId: null, update: updateOf(ids[0]!, "small"), at: 1, stored: () => told.push("small stored"), failed: () => told.push("small failed") });
    commits.add({ sessionId: ids[1]!, participantId: null, update: big, at: 1, stored: () => told.push("big stored"), failed: (error) => told.push(`big failed: ${/full/i.test(error.message)}`) });
    db.pragma(`max_page_count = ${pages}`);
    commits.flush();
    assert.deepEqual(told, ["small failed", "big failed: true"]);
    assert.equal(store.updatesAfter(ids[0]!, 1).length, 0, "the small one went with the batch");
    store.close();
  } finally {
    temp.remove();
  }
});
