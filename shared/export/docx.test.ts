import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../dl/parse.ts";
import { textBlocks } from "../dl/serialize.ts";
import { exportDocx } from "./docx.ts";
import { docxParts, revisionsOf, textOf } from "../../test/docx-xml.ts";
import { seedText } from "../../test/session-doc.ts";
import * as b from "../../test/builders.ts";

const seed = parse(seedText).doc;

/** The struck text of a document, piece by piece in order, as Word should show it. */
function struckText(doc: PMNode): string {
  let text = "";
  doc.descendants((node) => {
    if (node.isText && node.marks.some((m) => m.type.name === "deletion")) text += node.text;
    return true;
  });
  return text;
}

/** Text without brackets and white space: what must read the same in every format. */
const letters = (s: string) => s.replace(/[[\]\s\u2013]/g, "");
const docLetters = (doc: PMNode) => letters(textBlocks(doc).map((n) => n.textContent).join(""));

test("every struck run of the reference document is a w:del by Imported, dated the document's date", async () => {
  const xml = docxParts(await exportDocx(seed, { variant: "marked", authors: {} }))["word/document.xml"];
  const dels = revisionsOf(xml).filter((r) => r.kind === "del");
  // 81 deletions; a few are split by a literal bracket inside them, so more w:del than deletions.
  assert.ok(dels.length >= 81, `${dels.length} w:del`);
  assert.deepEqual(new Set(dels.map((d) => d.author)), new Set(["Imported"]));
  assert.deepEqual(new Set(dels.map((d) => d.date)), new Set(["2014-10-31T00:00:00Z"]));
  assert.equal(letters(dels.map((d) => d.text).join("")), letters(struckText(seed)));
  assert.equal(revisionsOf(xml).filter((r) => r.kind === "ins").length, 0);
});

test("the Word text is the document's text in order, brackets literal", async () => {
  const xml = docxParts(await exportDocx(seed, { variant: "marked", authors: {} }))["word/document.xml"];
  const text = textOf(xml);
  assert.equal(letters(text), docLetters(seed));
  assert.equal([...text].filter((c) => c === "[").length, [...seedText].filter((c) => c === "[").length);
  assert.match(text, /\[not decided\]/);
});

test("the header block, titles and ITU styles are there, in Times New Roman 12 pt", async () => {
  const parts = docxParts(await exportDocx(seed, { variant: "marked", authors: {}, revision: { number: 3, date: "2026-11-28" } }));
  const xml = parts["word/document.xml"];
  const text = textOf(xml);
  assert.match(text, /^WORKING GROUP OF THE PLENARYDocument DL\/23-E \(Rev\.3\)28 November 2026Original: English/);
  assert.match(xml, /<w:tbl>/, "the header block is a borderless table");
  assert.equal(xml.match(/<w:pStyle w:val="Call"\/>/g)?.length, 19, "19 clause-group headings in italics");
  assert.match(xml, /<w:pStyle w:val="ResNo"\/>/);
  assert.match(xml, /<w:pStyle w:val="Restitle"\/>/);
  assert.ok((xml.match(/<w:pStyle w:val="Clause"\/>/g)?.length ?? 0) >= 100);
  assert.match(xml, /<w:tab\/>/, "labels are followed by a tab");
  const styles = parts["word/styles.xml"];
  assert.match(styles, /w:ascii="Times New Roman"/);
  assert.match(styles, /<w:sz w:val="24"\/>/);
  for (const id of ["Call", "Clause", "ResNo", "Restitle", "Proposal"]) assert.match(styles, new RegExp(`w:styleId="${id}"`));
  assert.match(styles, /w:styleId="Call"[\s\S]*?<w:i\/>/);
  assert.match(styles, /w:styleId="Clause"[\s\S]*?w:hanging="794"/);
  assert.match(parts["word/settings.xml"], /<w:trackRevisions\/>/);
  assert.match(Object.values(parts).join(""), /DL\/23-E \(Rev\.3\)/, "running header carries the symbol");
});

test("the clean variant has no revisions: struck text gone, insertions plain", async () => {
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(b.heading("resolves"), b.clause(b.label("1"), " to ", b.t("act", b.del("RUS", "d1")), b.t("lead", b.ins("USA", "i1")), ";")),
  );
  const parts = docxParts(await exportDocx(doc, { variant: "clean", authors: {} }));
  const xml = parts["word/document.xml"];
  assert.doesNotMatch(xml, /<w:(ins|del)\b/);
  assert.match(textOf(xml), /1to lead;$/);
  assert.doesNotMatch(parts["word/settings.xml"], /<w:trackRevisions\/>/);
});

test("text inserted by one delegation and struck by another is w:ins around w:del", async () => {
  const doc = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " to ", b.t("lead", b.ins("USA", "i1", "2026-11-28T10:00:00.000Z"), b.del("RUS", "d1", "2026-11-28T10:05:00.000Z")))));
  const xml = docxParts(await exportDocx(doc, { variant: "marked", authors: { USA: "United States", RUS: "Russian Federation" } }))["word/document.xml"];
  assert.match(xml, /<w:ins w:id="\d+" w:author="United States \(USA\)" w:date="2026-11-28T10:00:00Z"><w:del w:id="\d+" w:author="Russian Federation \(RUS\)" w:date="2026-11-28T10:05:00Z"><w:r>(<w:rPr\/>)?<w:delText[^>]*>lead<\/w:delText>/);
});

test("a bracket's note is a Word comment over the bracketed text", async () => {
  const doc = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " to ", b.t("lead", b.bracket("RUS", "b1", "pending COM5")), ";")));
  const parts = docxParts(await exportDocx(doc, { variant: "marked", authors: { RUS: "Russian Federation" } }));
  assert.match(parts["word/document.xml"], /<w:commentRangeStart w:id="0"\/>.*\[.*lead.*\].*<w:commentRangeEnd w:id="0"\/>/);
  assert.match(parts["word/comments.xml"], /w:author="Russian Federation \(RUS\)"[\s\S]*pending COM5/);
});

/** USA strikes "responsibilities entrusted", RUS (later) "entrusted to ITU". */
function overlappingStrikes(): PMNode {
  const usa = b.del("USA", "d1", "2026-11-28T10:00:00.000Z");
  const rus = b.del("RUS", "d2", "2026-11-28T10:05:00.000Z");
  return b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(b.heading("resolves"), b.clause(b.label("1"), " the ", b.t("responsibilities ", usa), b.t("entrusted", usa, rus), b.t(" to ITU", rus), ";")),
  );
}

test("text struck by two delegations is one w:del by the earliest, and a comment by the other over the same text", async () => {
  const parts = docxParts(await exportDocx(overlappingStrikes(), { variant: "marked", authors: { USA: "United States", RUS: "Russian Federation" } }));
  const xml = parts["word/document.xml"];
  assert.deepEqual(
    revisionsOf(xml).map((r) => `${r.author}: ${r.text}`),
    ["United States (USA): responsibilities ", "United States (USA): entrusted", "Russian Federation (RUS):  to ITU"],
  );
  assert.match(xml, /<w:commentRangeStart w:id="0"\/><w:del [^>]*w:author="United States \(USA\)"[^>]*><w:r>(<w:rPr\/>)?<w:delText[^>]*>entrusted<\/w:delText><\/w:r><\/w:del><w:commentRangeEnd w:id="0"\/>/);
  assert.match(parts["word/comments.xml"], /<w:comment w:id="0" w:author="Russian Federation \(RUS\)" w:date="2026-11-28T10:05:00[^"]*">.*Also proposed for deletion by Russian Federation \(RUS\)/s);
  const clean = docxParts(await exportDocx(overlappingStrikes(), { variant: "clean", authors: {} }));
  assert.match(textOf(clean["word/document.xml"]), /1the;$/);
  assert.doesNotMatch(clean["word/document.xml"], /commentRangeStart/);
});

test("text two delegations typed at once is one w:ins by the earliest, and a comment by the other", async () => {
  const usa = b.ins("USA", "i1", "2026-11-28T10:00:00.000Z");
  const rus = b.ins("RUS", "i2", "2026-11-28T10:00:01.000Z");
  const doc = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " ", b.t("both ", usa, rus), b.t("one", usa), ";")));
  const parts = docxParts(await exportDocx(doc, { variant: "marked", authors: { USA: "United States", RUS: "Russian Federation" } }));
  assert.deepEqual(revisionsOf(parts["word/document.xml"]).map((r) => `${r.kind} ${r.author}: ${r.text}`), ["ins United States (USA): both ", "ins United States (USA): one"]);
  assert.match(parts["word/comments.xml"], /w:author="Russian Federation \(RUS\)".*Also proposed for insertion by Russian Federation \(RUS\)/s);
});
