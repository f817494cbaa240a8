import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "../dl/parse.ts";
import { exportHtml } from "./html.ts";
import { exportDocx } from "./docx.ts";
import { exportAkn } from "./akn.ts";
import { docxParts, revisionsOf } from "../../test/docx-xml.ts";
import { aknProblems } from "../../test/akn.ts";
import { openInLibreOffice } from "../../test/libreoffice.ts";

// DT/40-E: four footnotes at the end of the text, referred to six times: "[^2]" three times,
// once inside a delegation's insertion; footnote 3 holds a proposal, footnote 4 a bracket.
const { doc } = parse(readFileSync(new URL("../../test/fixtures/dt-40-footnotes-e.txt", import.meta.url), "utf8"));
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
const plain = (xml: string) => xml.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"');

test("HTML: the footnotes at the foot, in the order first referred to, each reference a link to its note", () => {
  const html = exportHtml(doc, { variant: "marked", authors: {} });
  const foot = html.slice(html.indexOf('<section class="footnotes">'));
  assert.ok(foot.length < html.length, "a footnotes section");
  assert.deepEqual([...foot.matchAll(/<p class="footnote" id="(fn-\w+)"/g)].map((m) => m[1]), ["fn-1", "fn-2", "fn-3", "fn-4"]);
  assert.match(plain(foot), /1See Recommendation ITU-T Y\.2001, "General overview of NGN"\./);
  assert.match(foot, /<del [^>]*>Including<\/del> <ins [^>]*>Such as<\/ins>/, "the proposal in footnote 3 shows");
  const body = html.slice(0, html.indexOf('<section class="footnotes">'));
  assert.equal(count(body, /<sup class="fn-ref"><a href="#fn-2">2<\/a><\/sup>/g), 3);
  assert.doesNotMatch(body, /See Recommendation ITU-T Y\.2001/, "the note's text is not in the body");
  assert.match(body, /<ins [^>]*>the needs of developing countries<\/ins><ins [^>]*><sup class="fn-ref">/, "a reference inside an insertion is part of it");
});

test("Word: real footnotes with Word's own references; a reference proposed in an insertion stays inside the revision", async () => {
  const parts = docxParts(await exportDocx(doc, { variant: "marked", authors: {} }));
  const notes = parts["word/footnotes.xml"]!;
  const texts = [...notes.matchAll(/<w:footnote [^>]*w:id="(\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)].filter((m) => Number(m[1]) > 0).map((m) => plain(m[2]!));
  assert.equal(texts.length, 4);
  assert.match(texts[0]!, /^See Recommendation ITU-T Y\.2001/);
  assert.match(texts[3]!, /^\[Including the Internet Society/);
  assert.deepEqual(revisionsOf(notes).map((r) => `${r.kind}:${r.text}`), ["del:Including", "ins:Such as"]);
  const body = parts["word/document.xml"]!;
  assert.deepEqual([...body.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => m[1]), ["1", "2", "3", "4", "2"]);
  const inserted = revisionsOf(body).filter((r) => r.kind === "ins").map((r) => r.text);
  assert.deepEqual(inserted.slice(-3), ["the needs of developing countries", "2", " and"], "the proposed reference is its label inside the insertion");
  assert.match(body, /<w:ins [^>]*><w:r><w:rPr><w:vertAlign w:val="superscript"\/><\/w:rPr><w:t xml:space="preserve">2<\/w:t>/);
  assert.doesNotMatch(plain(body), /See Recommendation ITU-T Y\.2001/);
});

test("LibreOffice reads the Word file's footnotes as footnotes", async () => {
  const fodt = openInLibreOffice(await exportDocx(doc, { variant: "clean", authors: {} }));
  const notes = [...fodt.matchAll(/<text:note [^>]*text:note-class="footnote"[^>]*>([\s\S]*?)<\/text:note>/g)].map((m) => plain(m[1]!));
  // Clean: the reference in the insertion is plain text now, so a real reference.
  assert.equal(notes.length, 6);
  assert.match(notes[0]!, /See Recommendation ITU-T Y\.2001/);
  assert.match(notes[2]!, /Such as the governance of country-code top-level domains/);
});

test("Akoma Ntoso: each footnote an authorialNote where first referred to, later references point to it; valid AKN 3.0", () => {
  for (const variant of ["marked", "clean"] as const) {
    const xml = exportAkn(doc, { variant, authors: {} });
    assert.equal(aknProblems(xml), "", variant);
    assert.equal(count(xml, /<authorialNote /g), 4, variant);
    assert.equal(count(xml, /<noteRef href="#fn_2" marker="2"\/>/g), 2, variant);
  }
  const xml = exportAkn(doc, { variant: "marked", authors: {} });
  assert.match(xml, /next-generation networks<authorialNote marker="1" placement="bottom" eId="fn_1"><p>See Recommendation ITU-T Y\.2001/);
});
