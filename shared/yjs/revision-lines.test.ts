import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { readFileSync } from "node:fs";
import { parse } from "../dl/parse.ts";
import { prosemirrorToYXmlFragment } from "y-prosemirror";
import { readBody } from "./read.ts";
import { readMeta } from "../meta.ts";
import { setRevisionLines } from "./revision-lines.ts";

const seed = readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

function liveDraft(): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(parse(seed).doc, doc.getXmlFragment("body"));
  return doc;
}

test("after Rev.3 is issued the live draft's symbol and date lines read Rev.3 and its date, by a one-letter edit of the symbol", () => {
  const doc = liveDraft();
  assert.equal(readMeta(readBody(doc.getXmlFragment("body"))).revision, 2);
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  doc.transact(() => assert.equal(setRevisionLines(doc.getXmlFragment("body"), "DL/23-E", 3, "1 December 2026"), true));
  const meta = readMeta(readBody(doc.getXmlFragment("body")));
  assert.deepEqual({ symbol: meta.symbol, revision: meta.revision, date: meta.date }, { symbol: "DL/23-E", revision: 3, date: "1 December 2026" });
  const inserted = Y.decodeUpdate(updates[0]!).structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentString ? [s.content.str] : []));
  assert.equal(inserted[0], "3", "only the revision number of the symbol line is rewritten");
  // Issued again with the same lines: nothing to write.
  doc.transact(() => assert.equal(setRevisionLines(doc.getXmlFragment("body"), "DL/23-E", 3, "1 December 2026"), false));
});

test("a draft without a revision in its symbol gets one", () => {
  const doc = liveDraft();
  doc.transact(() => setRevisionLines(doc.getXmlFragment("body"), "DL/23-E", 0, "1 December 2026"));
  assert.equal(readMeta(readBody(doc.getXmlFragment("body"))).revision, 0);
  doc.transact(() => setRevisionLines(doc.getXmlFragment("body"), "DL/23-E", 1, "1 December 2026"));
  assert.equal(readMeta(readBody(doc.getXmlFragment("body"))).revision, 1);
});
