import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "./dl/parse.ts";
import { serialize } from "./dl/serialize.ts";
import { documentDate, readMeta, withRevision } from "./meta.ts";

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

test("the reference document's metadata reads as structured fields", () => {
  assert.deepEqual(readMeta(parse(seed).doc), {
    body: "WORKING GROUP OF THE PLENARY",
    symbol: "DL/23-E",
    revision: 2,
    date: "31 October 2014",
    language: "English",
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
