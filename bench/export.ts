import { readFileSync } from "node:fs";
import { parse } from "../shared/dl/parse.ts";
import { serialize } from "../shared/dl/serialize.ts";
import { exportDocx } from "../shared/export/docx.ts";
import { exportHtml } from "../shared/export/html.ts";
import { exportAkn } from "../shared/export/akn.ts";
import { renderExport } from "../server/export-document.ts";
import { importDocx } from "../shared/word/docx-import.ts";
import { largeDocument } from "./codec.ts";
import type { Row } from "./measure.ts";

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

/** Times an async `f` as `measure` does a synchronous one: warm-up, then the median of the runs. */
async function measureAsync(name: string, f: () => Promise<unknown>, runs: number): Promise<Row> {
  for (let i = 0; i < 2; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(runs / 2)], minMs: times[0], maxMs: times[runs - 1], runs };
}

/** Export times in each format for the seed and the 300-page document (PDF: Chromium at /usr/bin/chromium). */
export async function exportRows(): Promise<Row[]> {
  const large = largeDocument();
  const authors = { USA: "United States" };
  const colours = { USA: { name: "United States", colour: "#1f5fbf" } };
  const rows: Row[] = [];
  for (const [name, text, runs] of [["seed (28 KB)", seed, 15], [`300 pages (${(Buffer.byteLength(large) / 1e6).toFixed(2)} MB)`, large, 7]] as const) {
    const { doc } = parse(text);
    rows.push(await measureAsync(`export DL text marked ${name}`, async () => serialize(doc), runs));
    rows.push(await measureAsync(`export DOCX marked ${name}`, () => exportDocx(doc, { variant: "marked", authors }), runs));
    rows.push(await measureAsync(`export DOCX clean ${name}`, () => exportDocx(doc, { variant: "clean", authors }), runs));
    rows.push(await measureAsync(`export HTML marked ${name}`, async () => exportHtml(doc, { variant: "marked", authors: colours }), runs));
    rows.push(await measureAsync(`export Akoma Ntoso marked ${name}`, async () => exportAkn(doc, { variant: "marked", authors }), runs));
    // Chromium printing the HTML, a browser launched for each export (server/export-pdf.ts): fewer runs.
    rows.push(await measureAsync(`export PDF marked ${name}`, () => renderExport(doc, "pdf", "marked", colours), text === seed ? 5 : 1));
  }
  rows.push(...(await docxImportRows()));
  return rows;
}

/**
 * Reading a Word file with tracked changes (shared/word): the seed and the 300-page draft,
 * exported as marked DOCX (every strike a w:del, the header a table) and imported back.
 */
export async function docxImportRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const large = largeDocument();
  for (const [name, text, runs] of [["seed (28 KB)", seed, 15], [`300 pages (${(Buffer.byteLength(large) / 1e6).toFixed(2)} MB)`, large, 5]] as const) {
    const bytes = await exportDocx(parse(text).doc, { variant: "marked", authors: { USA: "United States" } });
    const authors = { "United States (USA)": "USA", Imported: "import" };
    rows.push(await measureAsync(`import DOCX marked ${name}, ${(bytes.length / 1e3).toFixed(0)} KB`, async () => importDocx(bytes, { authors }), runs));
  }
  return rows;
}
