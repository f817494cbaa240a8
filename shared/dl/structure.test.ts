import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./parse.ts";
import { serialize } from "./serialize.ts";
import { displayLabel } from "../track/labels.ts";
import { labelsToRenumber } from "../track/renumber.ts";
import { exportHtml } from "../export/html.ts";
import { exportDocx } from "../export/docx.ts";
import { exportAkn } from "../export/akn.ts";
import { aknProblems } from "../../test/akn.ts";
import { docxParts } from "../../test/docx-xml.ts";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), "utf8");

/** The document's outline: each top-level block's type, each group's part, heading and labels. */
function outline(doc: PMNode): string[] {
  const out: string[] = [];
  doc.forEach((node) => {
    if (node.type.name !== "clause_group") return void out.push(`${node.type.name}: ${node.textContent.slice(0, 40)}`);
    const labels: string[] = [];
    node.forEach((child, _o, i) => void (i > 0 && labels.push(child.type.name === "clause" ? displayLabel(child) : `(${child.type.name})`)));
    out.push(`${node.firstChild!.attrs.part} ${node.firstChild!.textContent.slice(0, 80)}: ${labels.join(" ")}`);
  });
  return out;
}

test("an annex and its appendix are groups of their own, with their numbered sections", () => {
  const text = fixture("dl-18-annex-e.txt");
  const { doc, report } = parse(text);
  assert.equal(serialize(doc), text, "byte for byte");
  assert.deepEqual(outline(doc).slice(-5), [
    "preamble considering: a) b)",
    "operative resolves: 1 2",
    "operative instructs the Secretary-General: 1",
    "annex ANNEX TO RESOLUTION 71 (REV. BUSAN, 2014): (paragraph) 1 1.1 1.2 2 2.1 2.1.1 2.1.2 2.2",
    "annex APPENDIX 1 TO ANNEX: (paragraph) A. B.",
  ]);
  assert.deepEqual([report.counts.groups, report.counts.annexes, report.counts.clauses, report.counts.texts], [5, 2, 15, 1]);
  // The chair's renumbering leaves an annex's section numbers alone.
  let annexPos = -1;
  doc.forEach((node, offset) => {
    if (annexPos < 0 && node.firstChild?.attrs.part === "annex") annexPos = offset;
  });
  assert.deepEqual(labelsToRenumber(doc, annexPos), []);
});

test("a compilation's texts: SUP, NOC, (MOD) and MOD, each with its marker, title and own clause groups", () => {
  const text = fixture("25-add1-compilation-e.txt");
  const { doc, report } = parse(text);
  assert.equal(serialize(doc), text, "byte for byte");
  const lines = outline(doc);
  assert.deepEqual(lines.filter((l) => l.startsWith("proposal_marker")), [
    "proposal_marker: SUP ACP/25A1/1",
    "proposal_marker: NOC ACP/25A1/2",
    "proposal_marker: (MOD) ACP/25A1/3",
    "proposal_marker: MOD ACP/25A1/4",
  ]);
  // The last text stands after the third one's groups, not inside its last group.
  assert.deepEqual(lines.slice(lines.indexOf("proposal_marker: MOD ACP/25A1/4")), [
    "proposal_marker: MOD ACP/25A1/4",
    "title: RESOLUTION 37 (REV. BUSAN, 2014)",
    "subject: Bridging the digital divide",
    "operative resolves: 1",
    "operative instructs the Director of the Telecommunication Development Bureau: 1 (paragraph)",
  ]);
  assert.deepEqual([report.counts.texts, report.counts.groups, report.counts.clauses], [4, 4, 6]);
});

test("exports: an annex starts a page, headed as ITU heads annexes; AKN has it as an attachment and a later text as its own container", async () => {
  const { doc } = parse(fixture("dl-18-annex-e.txt"));
  const html = exportHtml(doc, { variant: "marked", authors: {} });
  assert.match(html, /<h2 class="annex-heading">ANNEX TO RESOLUTION 71 \(REV\. BUSAN, 2014\)<\/h2>/);
  const xml = docxParts(await exportDocx(doc, { variant: "marked", authors: {} }))["word/document.xml"]!;
  assert.match(xml, /<w:pStyle w:val="AnnexNo"\/><w:pageBreakBefore\/>.*?ANNEX TO RESOLUTION 71/s);
  const akn = exportAkn(doc, { variant: "marked", authors: {} });
  assert.equal(aknProblems(akn), "");
  assert.equal(akn.match(/<attachment eId="att_\d">/g)?.length, 2);
  assert.match(akn, /<hcontainer eId="annex_1" name="annex"><heading>ANNEX TO RESOLUTION 71 \(REV\. BUSAN, 2014\)<\/heading>.*?<num>2\.1\.1<\/num>/s);
  const compilation = exportAkn(parse(fixture("25-add1-compilation-e.txt")).doc, { variant: "marked", authors: {} });
  assert.equal(aknProblems(compilation), "");
  assert.match(compilation, /<hcontainer eId="text_1" name="proposal"><intro><p class="proposal-marker">MOD ACP\/25A1\/4<\/p>/);
});

test("a UN General Assembly draft: its symbol, its preambular and operative paragraphs with their calls inline", () => {
  const text = fixture("a-c2-78-l12-ga.txt");
  const { doc, report } = parse(text);
  assert.equal(serialize(doc), text, "byte for byte");
  const lines = outline(doc);
  // The parts have no heading line: each a group with an empty heading, written as nothing.
  assert.deepEqual(lines.slice(-3), ["formula: The General Assembly,", "preamble : (paragraph) (paragraph) (paragraph)", "operative : 1. 2. 3. 4."]);
  assert.deepEqual([report.counts.groups, report.counts.clauses, report.counts.brackets, report.counts.insertions, report.counts.deletions], [2, 4, 2, 1, 1]);
  assert.deepEqual(lines.filter((l) => /^(symbol_line|status_line|title|formula)/.test(l)), ["symbol_line: A/C.2/78/L.12", "status_line: Distr.: Limited", "title: Cuba: draft resolution", "formula: The General Assembly,"]);
  const akn = exportAkn(doc, { variant: "marked", authors: {} });
  assert.equal(aknProblems(akn), "");
  assert.equal(akn.match(/<recital /g)?.length, 3);
  assert.match(akn, /<paragraph eId="para_1"><num>1\.<\/num><content><p><i>Takes note<\/i> of the report/);
  assert.doesNotMatch(exportHtml(doc, { variant: "marked", authors: {} }), /<h3/, "no empty heading drawn");
});
