import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../dl/parse.ts";
import { exportHtml } from "./html.ts";
import { sessionDocument, seedText } from "../../test/session-doc.ts";
import * as b from "../../test/builders.ts";

const authors = { USA: { name: "United States", colour: "#1f5fbf" }, RUS: { name: "Russian Federation", colour: "#c0392b" } };

test("the HTML has a legend of delegations in their colours, and each change in its author's colour", () => {
  const html = exportHtml(sessionDocument(), { variant: "marked", authors });
  assert.match(html, /<section class="legend">.*United States \(USA\).*Russian Federation \(RUS\)/s);
  assert.match(html, /\.a-USA\{--c:#1f5fbf\}/);
  assert.match(html, /\.a-RUS\{--c:#c0392b\}/);
  assert.match(html, /<ins class="a-USA" data-id="[^"]+" title="USA: inserted by United States \(USA\), 2026-11-28T10:15:00.000Z"[^>]*>effectively <\/ins>/);
  assert.match(html, /<del class="a-RUS" [^>]*title="RUS: deleted by Russian Federation \(RUS\)[^>]*>and leading <\/del>/);
  assert.match(html, /class="clause block-del a-RUS"/);
  assert.match(html, /class="clause block-ins a-USA"/);
  assert.match(html, /<span class="bracket">\[<\/span>the two phases of WSIS<span class="bracket">\]<\/span><a class="note-ref"/);
  assert.match(html, /<li id="note-1">pending consultations<\/li>/);
});

test("the HTML is self-contained and prints on A4", () => {
  const html = exportHtml(parse(seedText).doc, { variant: "marked", authors: {}, revision: { number: 3, date: "2026-11-28" } });
  assert.doesNotMatch(html, /<link|<script|src=|url\(|@import/);
  assert.match(html, /@page\{size:A4;margin:2\.5cm 2cm\}/);
  assert.match(html, /@media print/);
  assert.match(html, /Document DL\/23-E \(Rev\.3\).*28 November 2026.*Original: English/s);
  assert.match(html, /<title>DL\/23-E \(Rev\.3\) — DRAFT RESOLUTION 140<\/title>/);
  assert.ok((html.match(/<del /g)?.length ?? 0) >= 81, "each of the 81 deletions struck (some in pieces around a bracket)");
  assert.equal(html.match(/<h3 class="heading"/g)?.length, 19);
});

test("the HTML escapes text, notes, names and titles", () => {
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(b.heading("resolves"), b.clause(b.label("1"), " <script>alert(1)</script> & ", b.t("x\"y", b.bracket("USA", "b1", "<b>note</b>")))),
  );
  const html = exportHtml(doc, { variant: "marked", authors: { USA: { name: "<U&S>", colour: "red;}body{display:none" } }, title: "</title><script>" });
  assert.doesNotMatch(html, /<script>|<b>note/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; /);
  assert.match(html, /x&quot;y/);
  assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;<\/title>/);
  assert.doesNotMatch(html, /display:none/, "a colour that is not one is not written into the stylesheet");
});

test("the clean HTML has no changes and no legend; attributed adds each change's author", () => {
  const doc = sessionDocument();
  const clean = exportHtml(doc, { variant: "clean", authors });
  assert.doesNotMatch(clean, /<(ins|del)\b|<section class="legend"|class="[^"]*block-del/);
  assert.doesNotMatch(clean, /and leading|Ministerial Round Table/);
  assert.match(clean, /effectively in building/);
  const attributed = exportHtml(doc, { variant: "attributed", authors });
  assert.match(attributed, /effectively <\/ins><sup class="who a-USA">USA<\/sup>/);
  assert.match(attributed, /and leading <\/del><sup class="who a-RUS">RUS<\/sup>/);
});

test("text struck by two delegations is struck by each, in each colour, and the hover names both", () => {
  const usa = b.del("USA", "d1", "2026-11-28T10:00:00.000Z");
  const rus = b.del("RUS", "d2", "2026-11-28T10:05:00.000Z");
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(b.heading("resolves"), b.clause(b.label("1"), " the ", b.t("responsibilities ", usa), b.t("entrusted", usa, rus), b.t(" to ITU", rus), ";")),
  );
  const html = exportHtml(doc, { variant: "attributed", authors });
  const both = "USA: deleted by United States (USA), 2026-11-28T10:00:00.000Z; RUS: deleted by Russian Federation (RUS), 2026-11-28T10:05:00.000Z";
  assert.ok(
    html.includes(`<del class="a-USA" data-id="d1" title="${both}" datetime="2026-11-28T10:00:00.000Z"><del class="a-RUS" data-id="d2" title="${both}" datetime="2026-11-28T10:05:00.000Z">entrusted</del></del><sup class="who a-USA">USA</sup>`),
    html,
  );
  assert.match(html, /<del class="a-RUS" data-id="d2" title="RUS: deleted by Russian Federation \(RUS\), [^"]*"[^>]*> to ITU<\/del><sup class="who a-RUS">RUS<\/sup>/);
  assert.match(html, /del del,ins ins\{text-decoration-style:double\}/);
});

test("text two delegations typed at once is underlined by each, and the hover names both", () => {
  const usa = b.ins("USA", "i1", "2026-11-28T10:00:00.000Z");
  const rus = b.ins("RUS", "i2", "2026-11-28T10:00:01.000Z");
  const doc = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " ", b.t("both ", usa, rus), b.t("one", usa), ";")));
  const html = exportHtml(doc, { variant: "attributed", authors });
  assert.match(html, /<ins class="a-USA" data-id="i1" title="USA: inserted by United States \(USA\), [^";]*; RUS: inserted by Russian Federation \(RUS\), [^"]*"[^>]*><ins class="a-RUS" data-id="i2"[^>]*>both <\/ins><\/ins><sup class="who a-RUS">RUS<\/sup><ins class="a-USA" data-id="i1"[^>]*>one<\/ins><sup class="who a-USA">USA<\/sup>/);
});
