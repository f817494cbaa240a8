import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as Y from "yjs";
import { readBody } from "../shared/yjs/read.ts";
import { Store } from "./store.ts";
import { bodyText, connectClient, startTestSession } from "./test-support.ts";

/**
 * Issue 9: sessions stored before change marks had their own Yjs keys keep insertions
 * and deletions under the plain keys `insertion` and `deletion`. They still load: the
 * room moves each mark to its own key (stored as the server's update), and clients,
 * exports and the check read them as before.
 */

let session: Awaited<ReturnType<typeof startTestSession>>;
before(async () => {
  session = await startTestSession();
});
after(async () => {
  await session.cleanup();
});

/** What an older server stored: text under the plain keys, as y-prosemirror wrote it then. */
function legacyProposal(base: Y.Doc): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  const group = doc.getXmlFragment("body").toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "clause_group") as Y.XmlElement;
  const clause = group.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "clause") as Y.XmlElement;
  const text = clause.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText;
  text.insert(3, "[old USA words] ", { insertion: { id: "iold1", by: "USA", at: "2026-11-28T10:00:00.000Z" } });
  text.format(20, 5, { deletion: { id: "dold1", by: "RUS", at: null } });
  return Y.encodeStateAsUpdate(doc, before);
}

test("a session stored with the old plain mark keys loads, its marks moved to their own keys", async () => {
  const store = Store.open(session.dataDir);
  try {
    const base = new Y.Doc();
    for (const entry of store.updatesAfter(session.id, 0)) Y.applyUpdate(base, entry.update);
    store.appendUpdate(session.id, null, legacyProposal(base));
  } finally {
    store.close();
  }
  const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
  try {
    assert.match(bodyText(chair.doc), /\[old USA words\]/);
    const body = readBody(chair.doc.getXmlFragment("body"));
    const marks = new Map<string, string>();
    body.descendants((node) => {
      for (const mark of node.marks) if (mark.attrs.id === "iold1" || mark.attrs.id === "dold1") marks.set(mark.attrs.id as string, `${mark.type.name} ${mark.attrs.by}`);
      return true;
    });
    assert.deepEqual(Object.fromEntries(marks), { iold1: "insertion USA", dold1: "deletion RUS" }, "the strict reader reads both marks from their new keys");
    const response = await fetch(`${session.server.url}/api/sessions/${session.id}/export?format=dl&variant=attributed`, { headers: { Authorization: `Bearer ${session.tokens.chair}` } });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.includes("<ins>\\[old USA words] </ins>{USA 2026-11-28T10:00:00.000Z #iold1}"), "the export attributes the old insertion");
    assert.ok(text.includes("~~esolu~~{RUS - #dold1}"), "and the old strike");
  } finally {
    chair.destroy();
  }
});
