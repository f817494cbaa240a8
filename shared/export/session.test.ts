import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../dl/parse.ts";
import { serialize } from "../dl/serialize.ts";
import { exportDocx } from "./docx.ts";
import { docxParts, revisionsOf } from "../../test/docx-xml.ts";
import { DELEGATIONS, sessionDocument } from "../../test/session-doc.ts";
import { canonical } from "../../test/normalize.ts";
import { mapTextblocks } from "../dl/clean.ts";
import type { Node as PMNode } from "prosemirror-model";

/**
 * Labels typed as text in the editor ("e) ..." in a new clause) read back as labels
 * from DL text: the label mark is how the text is read, not what it says.
 */
const asRead = (doc: PMNode) =>
  mapTextblocks(canonical(doc), (block) => {
    const children: PMNode[] = [];
    block.forEach((child) => children.push(child.mark(child.marks.filter((m) => m.type.name !== "label"))));
    return block.type.create(block.attrs, children);
  });

// A session round trip: the reference document, proposals by two delegations made as
// the editor makes them, then the export formats.

test("a session's document exported as attributed DL text reads back the same, authors included", () => {
  const doc = sessionDocument();
  const text = serialize(doc, { variant: "attributed" });
  const { doc: back } = parse(text);
  assert.ok(asRead(back).eq(asRead(doc)), "the same document");
  assert.match(text, /<ins>effectively <\/ins>\{USA 2026-11-28T10:15:00.000Z #/);
  assert.match(text, /~~and leading ~~\{RUS 2026-11-28T10:20:30.000Z #/);
  assert.match(text, /^\{-RUS [^}]+\}- ~~c\) the outcomes/m);
});

test("the marked DL text of a session keeps its text, changes and brackets", () => {
  const doc = sessionDocument();
  const { doc: back } = parse(serialize(doc));
  assert.equal(serialize(back), serialize(doc));
});

test("a session's Word file has w:ins by the United States and w:del by the Russian Federation", async () => {
  const xml = docxParts(await exportDocx(sessionDocument(), { variant: "marked", authors: DELEGATIONS }))["word/document.xml"];
  const revisions = revisionsOf(xml).filter((r) => r.author !== "Imported");
  assert.deepEqual(
    revisions.map((r) => [r.kind, r.author, r.date, r.text.trim()]),
    [
      ["ins", "United States (USA)", "2026-11-28T10:15:00Z", 'e) Resolution 200 <Busan> & "others";'],
      ["del", "Russian Federation (RUS)", "2026-11-28T10:20:30Z", "–"], // the list item's dash and its tab
      ["del", "Russian Federation (RUS)", "2026-11-28T10:20:30Z", "c)"],
      ["del", "Russian Federation (RUS)", "2026-11-28T10:20:30Z", ""], // the tab after the label
      ["del", "Russian Federation (RUS)", "2026-11-28T10:20:30Z", "the outcomes of the Ministerial Round Table held at the WSIS Forum 2013;"],
      ["del", "Russian Federation (RUS)", "2026-11-28T10:20:30Z", "and leading"],
      ["ins", "United States (USA)", "2026-11-28T10:15:00Z", "effectively"],
    ],
  );
  // Whole-block changes also mark the paragraph mark.
  assert.match(xml, /<w:pPr>(?:(?!<\/w:pPr>).)*<w:rPr><w:ins w:id="\d+" w:author="United States \(USA\)" w:date="2026-11-28T10:15:00Z"\/><\/w:rPr>/);
  assert.match(xml, /<w:pPr>(?:(?!<\/w:pPr>).)*<w:rPr><w:del w:id="\d+" w:author="Russian Federation \(RUS\)" w:date="2026-11-28T10:20:30Z"\/><\/w:rPr>/);
});
