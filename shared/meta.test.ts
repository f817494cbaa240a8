import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "./dl/parse.ts";
import { serialize } from "./dl/serialize.ts";
import type { Node as PMNode } from "prosemirror-model";
import { documentDate, readMeta, withRevision } from "./meta.ts";
import { schema } from "./schema.ts";

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

test("the reference document's metadata reads as structured fields", () => {
  const { symbolLine, ...meta } = readMeta(parse(seed).doc);
  assert.deepEqual(symbolLine, { document: "DL/23-E", part: null, revision: 2, form: "suffix" });
  assert.deepEqual({ ...meta, lang: meta.lang.code }, {
    body: "WORKING GROUP OF THE PLENARY",
    symbol: "DL/23-E",
    revision: 2,
    date: "31 October 2014",
    language: "English",
    lang: "en",
  });
});

test("issuing Rev.3 rewrites the symbol and date lines and nothing else", () => {
  const doc = withRevision(parse(seed).doc, 3, documentDate(new Date(Date.UTC(2014, 10, 1))));
  const text = serialize(doc);
  assert.ok(text.startsWith("\nWORKING GROUP OF THE PLENARY\n\nDocument DL/23-E (Rev.3)\n1 November 2014\nOriginal: English\n"));
  assert.equal(text.split("\n").slice(6).join("\n"), seed.split("\n").slice(6).join("\n"));
  assert.equal(readMeta(doc).revision, 3);
});

test("a document without a revision reads as revision 0, and one without a symbol refuses a revision", () => {
  const plain = parse("Document DL/7-E\n12 November 2014\n\nresolves\n\n1 that it works;").doc;
  assert.equal(readMeta(plain).revision, 0);
  assert.equal(readMeta(plain).symbol, "DL/7-E");
  assert.throws(() => withRevision(parse("resolves\n\n1 that it works;").doc, 1, "1 May 2015"), /no symbol line/);
});

const change = (by: string) => ({ id: `c${by}`, by, at: "2026-11-28T10:15:00.000Z" });

/** The seed with its header lines replaced by `header` (the rest kept). */
function withHeader(header: PMNode[]): PMNode {
  const doc = parse(seed).doc;
  const rest: PMNode[] = [];
  doc.forEach((node) => {
    if (!node.type.spec.group?.includes("header")) rest.push(node);
  });
  return doc.type.create(doc.attrs, [...header, ...rest]);
}

const line = (type: string, ...content: PMNode[]) => schema.nodes[type]!.create({}, content);
const plain = (text: string) => schema.text(text);
const inserted = (text: string, by = "RUS") => schema.text(text, [schema.marks.insertion.create(change(by))]);
const struck = (text: string, by = "RUS") => schema.text(text, [schema.marks.deletion.create(change(by))]);

test("a header line a delegation proposes adding is not read, and a revision is issued on the accepted one", () => {
  const proposed = schema.nodes.symbol_line.create({ inserted: change("RUS") }, inserted("Document DL/99-E (Rev.77)"));
  const doc = withHeader([line("body_name", plain("WORKING GROUP OF THE PLENARY")), proposed, line("symbol_line", plain("Document DL/23-E (Rev.2)")), line("date_line", plain("31 October 2014"))]);
  const { lang, symbolLine: _, ...meta } = readMeta(doc);
  assert.deepEqual(meta, { body: "WORKING GROUP OF THE PLENARY", symbol: "DL/23-E", revision: 2, date: "31 October 2014", language: null });
  assert.equal(lang.code, "en");
  const issued = withRevision(doc, 3, "1 November 2014");
  assert.equal(readMeta(issued).revision, 3);
  assert.equal(issued.child(1).textContent, "Document DL/99-E (Rev.77)", "the proposal stays a proposal");
  assert.equal(issued.child(2).textContent, "Document DL/23-E (Rev.3)");
});

test("text proposed into a header line does not count; struck text counts until the chair accepts", () => {
  const doc = withHeader([
    line("symbol_line", plain("Document DL/23-E "), struck("(Rev.2)"), inserted("(Rev.77)")),
    line("date_line", inserted("1 April 2099 "), plain("31 October 2014")),
    line("language_line", plain("Original: "), struck("English"), inserted("Klingon")),
  ]);
  const meta = readMeta(doc);
  assert.deepEqual([meta.symbol, meta.revision, meta.date, meta.language], ["DL/23-E", 2, "31 October 2014", "English"]);
  const renamed = withHeader([line("symbol_line", inserted("Document DL/99-E (Rev.77)"))]);
  assert.deepEqual([readMeta(renamed).symbol, readMeta(renamed).revision], [null, null], "a symbol line that is all proposal has no symbol yet");
});
