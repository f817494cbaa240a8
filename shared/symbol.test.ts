import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "./dl/parse.ts";
import { serialize } from "./dl/serialize.ts";
import { readMeta, withRevision } from "./meta.ts";
import { exportFileName } from "./export/filename.ts";
import { readSymbolLine, writeSymbolLine } from "./symbol.ts";

/** The symbol line a draft with this line is issued with at `revision`. */
const issued = (line: string, revision: number) => {
  const doc = withRevision(parse(`${line}\n1 November 2014\n\nresolves\n\n1 that it works;\n`).doc, revision, "5 November 2014");
  return serialize(doc).split("\n")[0];
};

test("addenda, corrigenda and revisions are numbered as ITU writes them", () => {
  assert.equal(issued("Document DL/23-E (Rev.2)", 3), "Document DL/23-E (Rev.3)");
  assert.equal(issued("Document DT/12-E", 1), "Document DT/12-E (Rev.1)");
  assert.equal(issued("Document 60-E", 1), "Revision 1 to Document 60-E");
  assert.equal(issued("Revision 1 to Document 60-E", 2), "Revision 2 to Document 60-E");
  assert.equal(issued("Addendum 1 to Document 35-E", 1), "Revision 1 to Addendum 1 to Document 35-E");
  assert.equal(issued("Revision 1 to Addendum 1 to Document 35-E", 2), "Revision 2 to Addendum 1 to Document 35-E");
  assert.equal(issued("Corrigendum 2 to Document DT/12-E", 1), "Revision 1 to Corrigendum 2 to Document DT/12-E");
  // The form the line was written in is kept.
  assert.equal(issued("Document 60-E (Rev.1)", 2), "Document 60-E (Rev.2)");
  assert.equal(issued("Revision 1 to Document DL/23-E", 2), "Revision 2 to Document DL/23-E");
  // French and Spanish.
  assert.equal(issued("Addendum 1 au Document 35-F", 1), "Révision 1 de l'Addendum 1 au Document 35-F");
  assert.equal(issued("Document 60-F", 1), "Révision 1 du Document 60-F");
  assert.equal(issued("Addéndum 1 al Documento 35-S", 1), "Revisión 1 al Addéndum 1 al Documento 35-S");
  assert.equal(issued("Documento DL/45-S", 1), "Documento DL/45-S (Rev.1)");
  // A United Nations symbol carries its revision itself.
  assert.equal(issued("A/C.2/78/L.12", 1), "A/C.2/78/L.12/Rev.1");
  assert.equal(issued("A/C.2/78/L.12/Rev.1", 2), "A/C.2/78/L.12/Rev.2");
  assert.equal(issued("A/78/L.5/Add.1", 1), "A/78/L.5/Add.1/Rev.1");
});

test("an addendum is not issued as a revision of the document it adds to", () => {
  const text = readFileSync(new URL("../test/fixtures/35-add1-e.txt", import.meta.url), "utf8");
  const { doc, report } = parse(text);
  assert.equal(serialize(doc), text, "byte for byte");
  assert.deepEqual(report.counts, { blocks: 29, groups: 5, clauses: 12, brackets: 2, insertions: 2, deletions: 5, footnotes: 0, references: 0, annexes: 0, texts: 1, rows: 0 });
  const meta = readMeta(doc);
  assert.deepEqual([meta.symbol, meta.revision, meta.lang.code], ["35(Add.1)-E", 0, "en"]);
  assert.equal(exportFileName(meta, "docx"), "35-Add.1-E.docx");
  const rev1 = withRevision(doc, 1, "5 November 2014");
  assert.deepEqual(serialize(rev1).split("\n").slice(3, 5), ["Revision 1 to Addendum 1 to Document 35-E", "5 November 2014"]);
  assert.deepEqual([readMeta(rev1).symbol, readMeta(rev1).revision], ["35(Add.1)-E", 1]);
  assert.equal(exportFileName(readMeta(rev1), "docx"), "35-Add.1-E-Rev1.docx");
});

test("a line that only looks like a symbol line is not read as one", () => {
  assert.equal(readSymbolLine("Revision 2 to Document DL/23-E (Rev.2)"), null, "two revisions at once");
  assert.equal(readSymbolLine("Addendum to the report"), null);
  assert.equal(writeSymbolLine({ document: "12-E", part: { kind: "corrigendum", number: 1 }, revision: 0, form: "prefix" }, 0), "Corrigendum 1 to Document 12-E");
});
