import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { Document, EndnoteReferenceRun, FootnoteReferenceRun, InsertedTextRun, Packer, Paragraph, TextRun } from "docx";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../dl/parse.ts";
import { textBlocks } from "../dl/serialize.ts";
import { exportDocx } from "../export/docx.ts";
import { schema } from "../schema.ts";
import { listChanges } from "../track/changes.ts";
import { convertWithLibreOffice } from "../../test/word-fixture.ts";
import { importDocx } from "./docx-import.ts";
import type { DocxImport } from "./docx-import.ts";
import { wordProposals } from "./live-proposals.ts";

// Word's footnotes come in as DL footnotes: each reference "[^N]" (N in the order of first
// reference, as Word numbers them), each footnote a "[^N]: text" line at the end of the text,
// with its own revisions, bold, italics and brackets.

const fixture = readFileSync(new URL("../../test/fixtures/dt-40-footnotes-e.txt", import.meta.url), "utf8");
const footnotes = (doc: PMNode) => textBlocks(doc).filter((b) => b.type.name === "footnote");
/** Each reference: the label and the first words of its block. */
function references(doc: PMNode): [string, string][] {
  const out: [string, string][] = [];
  for (const block of textBlocks(doc)) {
    block.forEach((child) => {
      if (child.isText && schema.marks.note_ref.isInSet(child.marks)) out.push([child.text!, block.textContent.slice(0, 12)]);
    });
  }
  return out;
}
const FOOTNOTE_TEXTS = [
  "See Recommendation ITU-T Y.2001, \"General overview of NGN\".",
  "These include the least developed countries, small island developing states, landlocked developing countries and countries with economies in transition.",
  "Including Such as the governance of country-code top-level domains.",
  "Including the Internet Society (ISOC), the Internet Engineering Task Force (IETF) and the Internet Corporation for Assigned Names and Numbers (ICANN).",
];

/**
 * `libreOffice`: LibreOffice has no footnote referred to twice; re-saving, it makes the second
 * reference to footnote 2 a footnote of its own, with no text (footnote 5).
 */
function assertFootnotes(imported: DocxImport, how: string, clean: boolean, libreOffice = false): void {
  const { doc, report } = imported;
  const notes = footnotes(doc);
  const texts = clean ? FOOTNOTE_TEXTS.map((t) => t.replace("Including Such", "Such")) : FOOTNOTE_TEXTS;
  assert.equal(report.counts.footnotes, libreOffice ? 5 : 4, `${how}: the footnotes`);
  assert.deepEqual(notes.map((n) => n.attrs.label), libreOffice ? ["1", "2", "3", "4", "5"] : ["1", "2", "3", "4"], `${how}: numbered as Word numbers them`);
  assert.deepEqual(notes.map((n) => n.textContent), libreOffice ? [...texts, ""] : texts, `${how}: the footnote texts`);
  // Word has five real references in the marked export: the one proposed inside an insertion
  // ("the needs of developing countries[^2] and") is its superscript label in the revision.
  const expected: [string, string][] = [["1", "a) that the "], ["2", "b) the need "], [clean ? "3" : "3", clean ? "b) the manag" : "b) that the "], ["4", "1 to explore"], [libreOffice ? "5" : "2", "2 that ITU s"]];
  if (clean) expected.push(["2", "1 to continu"]);
  assert.deepEqual(references(doc), expected, `${how}: the references`);
  assert.equal(report.counts.references, clean ? 6 : 5);
  if (libreOffice) assert.ok(report.items.some((i) => i.where === "footnote 5" && /has no text/.test(i.message)), JSON.stringify(report.items));
  const study = textBlocks(doc).find((b) => b.textContent.startsWith("1 to continue"))!;
  assert.match(study.textContent, /developing countries2 and the work/, `${how}: the label stays in the text`);
  const changes = listChanges(doc).filter((c) => c.kind !== "bracket");
  const inNote3 = (c: { text: string }) => c.text === "Including" || c.text === "Such as";
  if (clean) assert.deepEqual(changes, [], `${how}: the clean export has no revisions`);
  else {
    assert.deepEqual(changes.filter(inNote3).map((c) => [c.kind, c.text]), [["deletion", "Including"], ["insertion", "Such as"]], `${how}: footnote 3's deletion and insertion`);
    assert.ok(listChanges(doc).some((c) => c.kind === "bracket" && c.text.startsWith("Including the Internet Society")), `${how}: footnote 4's bracket`);
  }
}

test("the footnotes fixture exported to Word (marked) reads back with its four footnotes, five real references and footnote 3's revisions", async () => {
  const { doc } = parse(fixture);
  const imported = importDocx(await exportDocx(doc, { variant: "marked", authors: {} }), { authors: { Imported: "import" } });
  assertFootnotes(imported, "marked", false);
  // The footnotes stand at the end, one line each, as DL text writes them.
  assert.match(imported.text, /\n\n\[\^1\]: See Recommendation[^\n]*\n\[\^2\]: These include[^\n]*\n\[\^3\]: ~~Including~~\{import [^}]*\} <ins>Such as<\/ins>\{import [^}]*\} the governance[^\n]*\n\[\^4\]: \[Including[^\n]*\]\n$/);
});

test("the clean export reads back with all six references and the footnotes as they would read", async () => {
  const { doc } = parse(fixture);
  assertFootnotes(importDocx(await exportDocx(doc, { variant: "clean", authors: {} }), { authors: {} }), "clean", true);
});

test("the marked export saved again by LibreOffice reads back the same, but for LibreOffice's own copy of footnote 2", async () => {
  const { doc } = parse(fixture);
  const resaved = convertWithLibreOffice(await exportDocx(doc, { variant: "marked", authors: {} }), "docx", "docx");
  assertFootnotes(importDocx(resaved, { authors: { Imported: "import" } }), "LibreOffice", false, true);
});

test("a footnote referred to twice is one footnote; endnotes come in as footnotes; its revisions, bold and italics are kept", async () => {
  const who = { author: "Jane Smith", date: "2026-11-28T10:15:00Z" };
  const file = new Document({
    footnotes: {
      1: { children: [new Paragraph({ children: [new TextRun(" See "), new TextRun({ text: "Resolution 71", italics: true }), new InsertedTextRun({ text: " (Rev. Busan, 2014)", id: 5, ...who }), new TextRun(".")] })] },
      2: { children: [new Paragraph({ children: [new TextRun({ text: "Not", bold: true }), new TextRun(" [agreed].")] })] },
    },
    endnotes: { 1: { children: [new Paragraph("An endnote.")] } },
    features: { trackRevisions: true },
    sections: [
      {
        children: [
          new Paragraph("recalling"),
          new Paragraph({ children: [new TextRun("a) the plan"), new FootnoteReferenceRun(2), new TextRun(" and [^9] as text;")] }),
          new Paragraph({ children: [new TextRun("b) the budget"), new FootnoteReferenceRun(1), new EndnoteReferenceRun(1), new TextRun(" and the plan"), new FootnoteReferenceRun(2), new TextRun(",")] }),
          new Paragraph({ children: [new TextRun("c) "), new InsertedTextRun({ text: "the strategy", id: 6, ...who }), new FootnoteReferenceRun(1)] }),
        ],
      },
    ],
  });
  // The last reference inside Jane Smith's insertion, as Word writes a footnote added with tracking on.
  const bytes = withDocumentXml(await Packer.pack(file, "uint8array"), (xml) => {
    const ref = /<w:r>(?:(?!<w:r>).)*?<w:footnoteReference w:id="1"\/><\/w:r>(?=<\/w:p>)/.exec(xml)!;
    return xml.slice(0, ref.index) + `<w:ins w:id="7" w:author="Jane Smith" w:date="2026-11-28T10:15:00Z">${ref[0]}</w:ins>` + xml.slice(ref.index + ref[0].length);
  });
  const { doc, text, report } = importDocx(bytes, { authors: { "Jane Smith": "USA" } });
  const lines = text.split("\n");
  assert.ok(lines.includes("a) the plan[^1] and \\[^9] as text;"), text);
  assert.ok(lines.includes("b) the budget[^2],[^3] and the plan[^1],"), text);
  assert.ok(lines.some((l) => /^c\) <ins>the strategy<\/ins>\{USA 2026-11-28T10:15:00.000Z #w\d+\}<ins>\[\^2\]<\/ins>\{USA /.test(l) || /^c\) <ins>the strategy\[\^2\]<\/ins>\{USA /.test(l)), text);
  assert.deepEqual(footnotes(doc).map((n) => [n.attrs.label, n.textContent]), [["1", "Not agreed."], ["2", "See Resolution 71 (Rev. Busan, 2014)."], ["3", "An endnote."]]);
  const note2 = footnotes(doc)[1];
  const marks = (from: string) => {
    let found: string[] = [];
    note2.forEach((child) => {
      if (child.text?.includes(from)) found = child.marks.map((m) => (m.type.name === "insertion" ? `insertion:${m.attrs.by}` : m.type.name));
    });
    return found;
  };
  assert.deepEqual(marks("Resolution 71"), ["em"]);
  assert.deepEqual(marks("(Rev. Busan"), ["insertion:USA"]);
  assert.ok(footnotes(doc)[0].firstChild!.marks.some((m) => m.type.name === "strong"), "bold kept");
  assert.ok(listChanges(doc).some((c) => c.kind === "bracket" && c.text === "agreed"), "a bracket in a footnote");
  const said = report.items.map((i) => `${i.where}: ${i.message}`);
  assert.ok(said.some((s) => /an endnote: read as footnote 3/.test(s)), said.join("\n"));
  assert.ok(said.some((s) => /two footnote references side by side: a comma put between them/.test(s)), said.join("\n"));
  assert.equal(report.counts.footnotes, 3);
});

function withDocumentXml(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files["word/document.xml"] = strToU8(edit(strFromU8(files["word/document.xml"]!)));
  return zipSync(files);
}

test("the marked export read against its own draft: nothing new to propose, and the footnotes are found", async () => {
  const { doc } = parse(fixture);
  const word = importDocx(await exportDocx(doc, { variant: "marked", authors: {} }), { authors: { Imported: "import" } });
  const { report } = wordProposals(doc, word, "2026-12-01T00:00:00.000Z");
  assert.deepEqual(report.placed, [], JSON.stringify(report, null, 1));
  assert.ok(report.already.some((n) => /deletion of “Including”/.test(n.message)), JSON.stringify(report.already));
  assert.ok(report.already.some((n) => /insertion of “Such as”/.test(n.message)), JSON.stringify(report.already));
});
