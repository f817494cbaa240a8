import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../dl/parse.ts";
import { serialize, textBlocks } from "../dl/serialize.ts";
import { seedText } from "../../test/session-doc.ts";
import { bodyText, openInLibreOffice } from "../../test/libreoffice.ts";
import { importDocx } from "../word/docx-import.ts";
import { exportDocx } from "./docx.ts";
import { exportHtml } from "./html.ts";

// A clause written "- a) ..." (list: true) keeps its dash in Word ("–", tab, label, tab, text:
// the ITU layout, read back by the Word importer as a list item) and in HTML.

const seed = parse(seedText).doc;
const listClauses = (doc: PMNode) => textBlocks(doc).filter((b) => b.type.name === "clause" && b.attrs.list).map((b) => b.textContent);

test("the seed's list clauses ('- a) ...', the recalling clauses) come back from its Word export as list clauses", async () => {
  const listed = listClauses(seed);
  assert.ok(listed.length >= 10, `the seed has list clauses (${listed.length})`);
  assert.ok(listed.some((t) => t.startsWith("a) Resolution 73")), "recalling a) is one");
  for (const variant of ["marked", "clean"] as const) {
    const back = importDocx(await exportDocx(seed, { variant, authors: {} }), { authors: {} }).doc;
    // The clean variant leaves out the clauses proposed for deletion: its own list clauses are the clean text's.
    const expected = variant === "marked" ? listed : listClauses(parse(serialize(seed, { variant: "clean" })).doc);
    assert.equal(listClauses(back).length, expected.length, `${variant}: every list clause keeps its dash`);
  }
});

test("LibreOffice shows the dash before a list clause's label", async () => {
  const text = bodyText(openInLibreOffice(await exportDocx(seed, { variant: "marked", authors: {} })));
  assert.match(text, /\u2013\ta\)\tResolution 73 \(Minneapolis, 1998\)/);
});

test("the HTML export shows the dash before a list clause's label", () => {
  const html = exportHtml(seed, { variant: "marked", authors: {} });
  assert.match(html, /<span class="label">\u2013 a\)/);
});
