import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./dl/parse.ts";
import { serialize } from "./dl/serialize.ts";
import { documentDate, draftLanguage, readMeta, withRevision } from "./meta.ts";
import { exportHtml } from "./export/html.ts";
import { exportDocx } from "./export/docx.ts";
import { timeOfDateLine } from "./export/dates.ts";
import { docxParts } from "../test/docx-xml.ts";

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const french = fixture("dl-23-rev2-fr.txt");
const spanish = fixture("dl-45-s.txt");

/** The document's outline as a secretariat reads it: header lines, then each group's heading, part and clause count. */
function outline(doc: PMNode): string[] {
  const lines: string[] = [];
  doc.forEach((node) => {
    if (node.type.name !== "clause_group") lines.push(node.type.name);
    else lines.push(`${node.firstChild!.attrs.part} "${node.firstChild!.textContent}": ${node.childCount - 1} clauses`);
  });
  return lines;
}

const HEADER = ["body_name", "symbol_line", "date_line", "language_line", "body_name", "title", "status_line", "proposal_marker", "title", "subject", "formula"];

test("a French draft has its structure: header lines, preambular and operative groups, lettered and numbered clauses", () => {
  const { doc, report } = parse(french);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "rappelant": 3 clauses',
    'preamble "rappelant en outre": 2 clauses',
    'preamble "considérant": 3 clauses',
    'preamble "reconnaissant": 1 clauses',
    'operative "décide": 3 clauses',
    'operative "charge le Secrétaire général": 2 clauses',
    'operative "charge le Conseil": 1 clauses',
    'operative "invite les États Membres, les Membres des Secteurs et les Associés": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses, report.counts.brackets, report.counts.deletions, report.counts.insertions], [8, 16, 2, 6, 1]);
  assert.equal(serialize(doc), french);
});

test("a Spanish draft has its structure", () => {
  const { doc, report } = parse(spanish);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "recordando": 2 clauses',
    'preamble "considerando": 2 clauses',
    'preamble "teniendo en cuenta": 1 clauses',
    'operative "resuelve": 2 clauses',
    'operative "encarga al Secretario General": 2 clauses',
    'operative "invita a los Estados Miembros": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses], [6, 10]);
  assert.equal(serialize(doc), spanish);
});

test("a version's language is its symbol's letter; its revision and date are written in it", () => {
  const fr = readMeta(parse(french).doc);
  assert.deepEqual([fr.symbol, fr.revision, fr.date, fr.language, fr.lang.code], ["DL/23-F", 2, "31 octobre 2014", "anglais", "fr"]);
  const es = readMeta(parse(spanish).doc);
  assert.deepEqual([es.symbol, es.revision, es.date, es.language, es.lang.code], ["DL/45-S", 0, "3 de noviembre de 2014", "inglés", "es"]);

  const issuedFr = serialize(withRevision(parse(french).doc, 3, documentDate(new Date(Date.UTC(2014, 10, 1)), fr.lang)));
  assert.ok(issuedFr.startsWith("\nGROUPE DE TRAVAIL DE LA PLÉNIÈRE\n\nDocument DL/23-F (Rév.3)\n1er novembre 2014\nOriginal : anglais\n"), issuedFr.slice(0, 120));
  const issuedEs = serialize(withRevision(parse(spanish).doc, 1, documentDate(new Date(Date.UTC(2014, 11, 5)), es.lang)));
  assert.ok(issuedEs.startsWith("\nGRUPO DE TRABAJO DE LA PLENARIA\n\nDocumento DL/45-S (Rev.1)\n5 de diciembre de 2014\nOriginal: inglés\n"), issuedEs.slice(0, 120));
  assert.equal(readMeta(parse(issuedFr).doc).revision, 3, "the issued revision reads back");
  assert.deepEqual([timeOfDateLine("31 octobre 2014"), timeOfDateLine("3 de noviembre de 2014"), timeOfDateLine("1er novembre 2014")], ["2014-10-31T00:00:00Z", "2014-11-03T00:00:00Z", "2014-11-01T00:00:00Z"]);
});

test("the HTML and Word exports say the draft's language", async () => {
  assert.match(exportHtml(parse(french).doc, { variant: "marked", authors: {} }), /<html lang="fr-FR">/);
  assert.match(exportHtml(parse(spanish).doc, { variant: "marked", authors: {} }), /<html lang="es-ES">/);
  assert.match(exportHtml(parse(french).doc, { variant: "marked", authors: {}, revision: { number: 3, date: "2014-11-01" } }), /Document DL\/23-F \(Rév\.3\)[\s\S]*1er novembre 2014/);
  const parts = docxParts(await exportDocx(parse(french).doc, { variant: "marked", authors: {} }));
  assert.match(parts["word/styles.xml"]!, /<w:lang w:val="fr-FR"\/>/);
  assert.match(parts["word/document.xml"]!, /DL\/23-F \(Rév\.2\)/);
});

test("the editor's language comes from the header's symbol line alone", () => {
  assert.equal(draftLanguage(parse(french).doc).tag, "fr-FR");
  assert.equal(draftLanguage(parse(spanish).doc).tag, "es-ES");
  assert.equal(draftLanguage(parse(fixture("dl-23-rev2.txt")).doc).tag, "en-GB");
  assert.equal(draftLanguage(parse("resolves\n\n1 that ITU should act;").doc).tag, "en-GB", "no symbol: English");
});
