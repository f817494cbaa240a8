import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "../dl/parse.ts";
import { serialize } from "../dl/serialize.ts";
import { exportHtml } from "./html.ts";
import { exportDocx } from "./docx.ts";
import { exportAkn } from "./akn.ts";
import { docxParts, revisionsOf } from "../../test/docx-xml.ts";
import { aknProblems } from "../../test/akn.ts";
import { openInLibreOffice } from "../../test/libreoffice.ts";

// DL/24-E: an annex with a pipe table of 3 columns, a header row and 4 rows; a proposal to
// change "50" to "40", a bracketed target and a proposed new target inside cells.
const text = readFileSync(new URL("../../test/fixtures/dl-24-table-e.txt", import.meta.url), "utf8");
const { doc, report } = parse(text);
const count = (s: string, pattern: RegExp) => s.match(pattern)?.length ?? 0;
const plain = (xml: string) => xml.replace(/<[^>]+>/g, "");

test("a pipe table reads as table rows, byte for byte back", () => {
  assert.equal(serialize(doc), text);
  assert.deepEqual([report.counts.rows, report.counts.annexes, report.counts.groups, report.counts.brackets], [5, 1, 2, 2]);
  const rows: string[] = [];
  doc.descendants((node) => void (node.type.name === "table_row" && rows.push(node.textContent.slice(0, 14))));
  assert.deepEqual(rows, ["| Goal | Targe", "|---|---|---|", "| Growth | 55 ", "| Inclusivenes", "| Sustainabili", "| Innovation a"]);
});

test("HTML: one table, its header row in thead, each cell's proposals and brackets", () => {
  const html = exportHtml(doc, { variant: "marked", authors: {} });
  assert.equal(count(html, /<table class="dl-table">/g), 1);
  assert.match(html, /<thead><tr><th>Goal<\/th><th>Target<\/th><th>By<\/th><\/tr><\/thead>/);
  assert.equal(count(html, /<tr>/g), 5);
  assert.match(html, /<td>Inclusiveness<\/td><td><del [^>]*>50<\/del><ins [^>]*>40<\/ins> per cent/);
  assert.match(html, /<td><span class="bracket">\[<\/span>Reduce the volume/);
  assert.doesNotMatch(html, /\|---/, "no pipes printed");
  const clean = exportHtml(doc, { variant: "clean", authors: {} });
  assert.match(clean, /<td>Inclusiveness<\/td><td>40 per cent/);
});

test("Word: a real table with a repeated header row and tracked changes in its cells; LibreOffice reads it so", async () => {
  const bytes = await exportDocx(doc, { variant: "marked", authors: {} });
  const xml = docxParts(bytes)["word/document.xml"]!;
  const table = xml.slice(xml.lastIndexOf("<w:tbl>"), xml.lastIndexOf("</w:tbl>"));
  assert.equal(count(table, /<w:tr>/g) + count(table, /<w:tr /g), 5);
  assert.match(table, /<w:tblHeader\/>/);
  assert.deepEqual(revisionsOf(table).map((r) => `${r.kind}:${r.text}`), ["del:50", "ins:40", "ins:An enabling environment for innovation"]);
  assert.doesNotMatch(plain(xml), /\|---/);
  const fodt = openInLibreOffice(bytes);
  const tables = [...fodt.matchAll(/<table:table [\s\S]*?<\/table:table>/g)].map((m) => m[0]).filter((t) => t.includes("Inclusiveness"));
  assert.equal(tables.length, 1);
  assert.equal(count(tables[0]!, /<table:table-row[ >]/g), 5);
});

test("Akoma Ntoso: the table in the annex, valid AKN 3.0", () => {
  const xml = exportAkn(doc, { variant: "marked", authors: {} });
  assert.equal(aknProblems(xml), "");
  assert.match(xml, /<table eId="table_1"><tr><th><p>Goal<\/p><\/th>/);
  assert.equal(count(xml, /<tr>/g), 5);
});
