import { test } from "node:test";
import assert from "node:assert/strict";
import { strFromU8, unzipSync, zipSync, strToU8 } from "fflate";
import { AlignmentType, Document, FootnoteReferenceRun, LevelFormat, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../dl/parse.ts";
import { textBlocks } from "../dl/serialize.ts";
import { exportDocx } from "../export/docx.ts";
import { listChanges } from "../track/changes.ts";
import { seedText } from "../../test/session-doc.ts";
import { AUTHORS, COMMENTS, REVISIONS, convertWithLibreOffice, draftDocx } from "../../test/word-fixture.ts";
import { readWordDocument } from "../../server/cli/files.ts";
import { importDocx } from "./docx-import.ts";
import type { DocxImport } from "./docx-import.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A delegation's Word file, read as the secretariat would: directly, after LibreOffice saved it
// again, and as an .odt with its changes recorded. The same draft, the same proposals by the
// same delegations, the same comments, every time.

const revisions = (doc: PMNode) => listChanges(doc).filter((c) => c.kind !== "bracket").map((c) => [c.kind, c.by, c.text]);

function assertTheDelegationsDraft(imported: DocxImport, how: string): void {
  const { doc, comments, report } = imported;
  const blocks = textBlocks(doc);
  assert.deepEqual(
    blocks.map((b) => b.type.name),
    ["body_name", "symbol_line", "title", "subject", "formula", "group_heading", "clause", "clause", "group_heading", "clause", "clause"],
    `${how}: the header, two calls and four clauses`,
  );
  assert.deepEqual(blocks.filter((b) => b.type.name === "group_heading").map((b) => [b.textContent, b.attrs.part]), [["recalling", "preamble"], ["resolves", "operative"]]);
  assert.deepEqual(blocks.filter((b) => b.type.name === "clause").map((b) => b.textContent.slice(0, 14)), ["a) Resolution ", "b) the outcome", "1 to promote u", "2 to report to"], `${how}: a label, a space, the text`);
  assert.deepEqual(revisions(doc), REVISIONS, `${how}: every revision by the right delegation with its text`);
  const jane = listChanges(doc).find((c) => c.text === " and its annexes")!;
  assert.equal(jane.at, "2026-11-28T10:15:00.000Z", `${how}: w:date kept`);
  assert.deepEqual(listChanges(doc).filter((c) => c.kind === "bracket").map((c) => c.text), ["on the strategic plan", "universal affordable"], `${how}: "[" and "]" are brackets`);
  assert.deepEqual(
    comments.map((c) => [c.author, c.code, c.quote, c.text, blocks[c.blockIndex].textContent.startsWith(COMMENTS.find((k) => k.text === c.text)!.on)]),
    COMMENTS.map((c) => [c.author, c.code, c.quote, c.text, true]),
    `${how}: each comment with its author, the words it covers, its text and its clause`,
  );
  assert.deepEqual(report.authors.map((a) => [a.name, a.code]).sort(), Object.entries(AUTHORS).sort(), `${how}: all three authors mapped`);
  assert.deepEqual(report.items, [], `${how}: nothing left unread`);
}

test("a delegation's .docx with three authors' tracked changes and two comments imports with every revision and comment attributed", async () => {
  assertTheDelegationsDraft(importDocx(await draftDocx(), { authors: AUTHORS }), "the docx library's file");
});

test("the same file saved again by LibreOffice imports the same", async () => {
  assertTheDelegationsDraft(importDocx(convertWithLibreOffice(await draftDocx(), "docx", "docx"), { authors: AUTHORS }), "LibreOffice's .docx");
});

test("an .odt with its changes recorded imports the same, through LibreOffice's .docx", async () => {
  const odt = convertWithLibreOffice(await draftDocx(), "docx", "odt");
  const content = strFromU8(unzipSync(odt, { filter: (f) => f.name === "content.xml" })["content.xml"]!);
  assert.equal(content.match(/<text:changed-region/g)?.length, 5, "the .odt records the five changes");
  const dir = mkdtempSync(join(tmpdir(), "plenary-odt-test-"));
  try {
    writeFileSync(join(dir, "draft.odt"), odt);
    assertTheDelegationsDraft(readWordDocument(join(dir, "draft.odt"), AUTHORS), "the .odt");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an author not in the table is the import's, and the report names them", async () => {
  const { doc, report, comments } = importDocx(await draftDocx(), { authors: { "Jane Smith": "USA", "Ana García": "E" } });
  assert.deepEqual(
    revisions(doc).filter(([, by]) => by === "import"),
    [["deletion", "import", "of the Summit"], ["insertion", "import", "of WSIS"]],
  );
  assert.deepEqual(report.authors.find((a) => a.name === "Pierre Martin"), { name: "Pierre Martin", count: 2, code: null });
  assert.equal(report.items[0].where, "authors");
  assert.match(report.items[0].message, /Word author “Pierre Martin” is mapped to no delegation: 2 revisions and comments attributed to "import"/);
  assert.equal(comments.length, 2, "the comments of mapped authors are kept as theirs");
});

test("author names match regardless of case and spacing", async () => {
  const { doc } = importDocx(await draftDocx(), { authors: { "jane  smith": "USA", "PIERRE MARTIN": "F", "ana garcía": "E" } });
  assert.deepEqual(revisions(doc), REVISIONS);
});

test("what the importer does not read is in the report with its paragraph, and its text is kept", async () => {
  const png = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph("See Resolution 71 (Rev. Busan, 2014).")] } },
    sections: [
      {
        children: [
          new Paragraph("recalling"),
          new Paragraph({ children: [new TextRun("a) the strategic plan"), new FootnoteReferenceRun(1), new TextRun(";")] }),
          new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph("Option 1")] }), new TableCell({ children: [new Paragraph("Option 2")] })] })] }),
          new Paragraph({ children: [new TextRun("b) the logo "), new ImageRun({ type: "png", data: png, transformation: { width: 10, height: 10 }, altText: { name: "logo", description: "ITU logo", title: "logo" } })] }),
        ],
      },
    ],
  });
  const { doc: draft, report } = importDocx(await Packer.pack(doc, "uint8array"), { authors: {} });
  const text = textBlocks(draft).map((b) => [b.type.name, b.textContent]);
  // The footnote is read now: its reference "[^1]" (the label under note_ref) and its text at the end.
  assert.deepEqual(text, [["group_heading", "recalling"], ["clause", "a) the strategic plan1;"], ["paragraph", "Option 1"], ["paragraph", "Option 2"], ["clause", "b) the logo "], ["footnote", "See Resolution 71 (Rev. Busan, 2014)."]]);
  assert.equal(report.counts.footnotes, 1);
  assert.equal(report.counts.references, 1);
  const said = report.items.map((i) => `${i.where}: ${i.message}`);
  assert.ok(!said.some((s) => /footnote/.test(s)), said.join("\n"));
  assert.ok(said.some((s) => /^paragraph 3 “Option 1”: a table \(1 row, 2 columns\)/.test(s)), said.join("\n"));
  assert.ok(said.some((s) => /^paragraph 5 “b\) the logo”: an image or drawing “ITU logo”: left out/.test(s)), said.join("\n"));
});

test("Word's numbered lists become labelled clauses; a Call whose text is no heading is reported", async () => {
  const doc = new Document({
    numbering: { config: [{ reference: "letters", levels: [{ level: 0, format: LevelFormat.LOWER_LETTER, text: "%1)", alignment: AlignmentType.START }] }, { reference: "numbers", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1", alignment: AlignmentType.START }] }] },
    styles: { paragraphStyles: [{ id: "Call", name: "Call", basedOn: "Normal", run: { italics: true } }] },
    sections: [
      {
        children: [
          new Paragraph({ style: "Call", children: [new TextRun("considering")] }),
          new Paragraph({ numbering: { reference: "letters", level: 0 }, children: [new TextRun("that ITU leads;")] }),
          new Paragraph({ numbering: { reference: "letters", level: 0 }, children: [new TextRun("that WSIS ended,")] }),
          new Paragraph({ style: "Call", children: [new TextRun("whereas the Union")] }),
          new Paragraph({ style: "Call", children: [new TextRun("resolves")] }),
          new Paragraph({ numbering: { reference: "numbers", level: 0 }, children: [new TextRun("to continue.")] }),
        ],
      },
    ],
  });
  const { doc: draft, report } = importDocx(await Packer.pack(doc, "uint8array"), { authors: {} });
  assert.deepEqual(
    textBlocks(draft).map((b) => [b.type.name, b.textContent]),
    [["group_heading", "considering"], ["clause", "a) that ITU leads;"], ["clause", "b) that WSIS ended,"], ["paragraph", "whereas the Union"], ["group_heading", "resolves"], ["clause", "1 to continue."]],
  );
  assert.deepEqual(report.items, [{ where: "paragraph 4 “whereas the Union”", message: "Word style “Call” says a clause-group heading, but its text reads as a paragraph: kept as that" }]);
});

test("a file that is not a Word file is refused, naming what is wrong", () => {
  assert.throws(() => importDocx(strToU8("recalling\n\na) text\n"), { authors: {} }), { name: "WordInputError", message: /not a Word file \(\.docx\): it is not a zip archive/ });
  assert.throws(() => importDocx(zipSync({ "content.xml": strToU8("<x/>") }), { authors: {} }), { message: /has no word\/document\.xml/ });
  assert.throws(() => importDocx(zipSync({ "word/document.xml": strToU8("<w:document><w:body>") }), { authors: {} }), { message: /word\/document\.xml is not well-formed XML/ });
  assert.throws(() => importDocx(strToU8("PK\u0003\u0004 broken"), { authors: {} }), { message: /the zip archive cannot be read/ });
});

test("the reference document exported to Word reads back with its structure, strikes and brackets", async () => {
  const seed = parse(seedText);
  const { doc, report } = importDocx(await exportDocx(seed.doc, { variant: "marked", authors: {} }), { authors: { Imported: "import" } });
  assert.deepEqual(report.counts, seed.report.counts);
  const words = (d: PMNode) => textBlocks(d).map((b) => b.textContent.replace(/^- /, ""));
  assert.deepEqual(words(doc), words(seed.doc));
  assert.deepEqual(listChanges(doc).filter((c) => c.kind === "deletion").map((c) => c.text), listChanges(seed.doc).filter((c) => c.kind === "deletion").map((c) => c.text));
});
