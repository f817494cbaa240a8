import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./parse.ts";
import { serialize, textBlocks } from "./serialize.ts";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), "utf8");
const seed = fixture("dl-23-rev2.txt");

/** The text under a mark type in a block, piece by piece. */
function marked(block: PMNode, name: string): string[] {
  const out: string[] = [];
  block.forEach((c) => {
    if (c.marks.some((m) => m.type.name === name)) out.push(c.text ?? "\n");
  });
  return out;
}
const blockStarting = (doc: PMNode, start: string) => textBlocks(doc).find((b) => b.textContent.startsWith(start))!;

test("the reference document's header reads as its header lines", () => {
  const top: string[] = [];
  parse(seed).doc.forEach((n) => n.type.name !== "clause_group" && top.push(`${n.type.name}: ${n.textContent}`));
  assert.deepEqual(top, [
    "body_name: WORKING GROUP OF THE PLENARY",
    "symbol_line: Document DL/23-E (Rev.2)",
    "date_line: 31 October 2014",
    "language_line: Original: English",
    "body_name: WORKING GROUP OF THE PLENARY",
    "title: DRAFT RESOLUTION 140",
    "status_line: WORK IN PROGRESS",
    "proposal_marker: MOD WGPL/23/1",
    "title: RESOLUTION 140 (REV. GUADALAJARA, 2010BUSAN, 2014)",
    "subject: ITU's role in implementing the outcomes of theWorld Summit on the Information Society",
    "formula: The Plenipotentiary Conference of the International Telecommunication Union (Guadalajara, 2010Busan, 2014),",
  ]);
});

test("the subject over two lines is one bold block with a line break", () => {
  const { doc } = parse(seed);
  const subject = textBlocks(doc).find((b) => b.type.name === "subject")!;
  assert.equal(subject.childCount, 3);
  assert.equal(subject.child(1).type.name, "line_break");
  subject.forEach((c) => assert.ok(c.marks.some((m) => m.type.name === "strong")));
});

test("clause groups open with their headings, preambular or operative", () => {
  const headings: string[] = [];
  parse(seed).doc.forEach((g) => g.type.name === "clause_group" && headings.push(`${g.firstChild!.attrs.part}: ${g.firstChild!.textContent}`));
  assert.equal(headings.length, 19);
  assert.deepEqual(headings.slice(0, 4), ["preamble: recalling", "preamble: recalling further", "preamble: considering", "preamble: considering further"]);
  assert.ok(headings.includes("operative: resolves"));
  assert.ok(headings.includes("operative: Encourage/ Instructs the Secretary-General"));
  assert.ok(headings.includes("operative: invites Member States, Sector Members, Academia and Associates"));
  assert.equal(headings[headings.length - 1], "operative: resolves to express");
});

test("labels are kept as typed, old and new side by side, struck or not", () => {
  const { doc } = parse(seed);
  const label = (start: string) => marked(blockStarting(doc, start), "label").join("");
  assert.equal(label("c)h) that the core"), "c)h)");
  assert.deepEqual(marked(blockStarting(doc, "c)h) that the core"), "deletion")[0], "c)h)");
  assert.equal(label("h)e) that the ITU Secretary-General"), "h)e)");
  assert.equal(label("2110 that ITU should"), "2110");
  assert.equal(label("32 that ITU should continue"), "32");
  assert.equal(label("1. the holding"), "1.");
  assert.equal(label("n)ø) the results"), "n)ø)");
});

test("a list item keeps its dash as an attribute, not as text", () => {
  const { doc } = parse(seed);
  const a = blockStarting(doc, "a) Resolution 73");
  assert.equal(a.attrs.list, true);
  assert.equal(a.type.name, "clause");
  const item = blockStarting(doc, "WSIS+10 Statement on the Implementation");
  assert.equal(item.type.name, "paragraph");
  assert.equal(item.attrs.list, true);
});

test("every struck run of the reference document is a deletion, 81 in all", () => {
  const { doc, report } = parse(seed);
  assert.equal(report.counts.deletions, 81);
  assert.deepEqual(marked(blockStarting(doc, "RESOLUTION 140"), "deletion"), ["GUADALAJARA, 2010"]);
});

test("17 brackets pair and the three lost openings are reported by line and column", () => {
  const { report } = parse(seed);
  assert.equal(report.counts.brackets, 17);
  assert.deepEqual(
    report.items.map((i) => [i.kind, i.line, i.column]),
    [
      ["unpaired-bracket-close", 103, 529],
      ["unpaired-bracket-close", 202, 332],
      ["unpaired-bracket-close", 247, 135],
    ],
  );
  const lines = seed.split("\n");
  for (const item of report.items) assert.equal([...lines[item.line - 1]][item.column - 1], "]");
});

test("an unpaired bracket stays as literal text where it stood", () => {
  const { doc } = parse(seed);
  const clause18 = blockStarting(doc, "18 that effective cooperation");
  assert.ok(clause18.textContent.endsWith("society;]"));
  assert.deepEqual(marked(clause18, "bracket"), ["according to their different roles and responsibilities"]);
});

test("nested brackets: the inner bracket sits inside the outer one", () => {
  const { doc } = parse(seed);
  const clause = blockStarting(doc, "2 to set out");
  const inner = marked(clause, "bracket").join("");
  assert.ok(inner.includes("and looks forward"));
  let maxDepth = 0;
  clause.forEach((c) => (maxDepth = Math.max(maxDepth, c.marks.filter((m) => m.type.name === "bracket").length)));
  assert.equal(maxDepth, 2);
});

test("a bracket inside a strike and one inside bold are both brackets", () => {
  const { doc } = parse(seed);
  const struck = blockStarting(doc, "66 to further modify");
  assert.equal(struck.firstChild!.text, "66");
  assert.deepEqual(struck.firstChild!.marks.map((m) => m.type.name).sort(), ["bracket", "deletion", "label"]);
  const bold = blockStarting(doc, "1 to establish");
  assert.ok(bold.child(2).marks.some((m) => m.type.name === "strong") && bold.child(2).marks.some((m) => m.type.name === "bracket"));
});

test("irregular markup stays literal and is reported: lost brackets, unclosed strike, bold, italics, insertion tags", () => {
  const text = fixture("irregular.txt");
  const { doc, report } = parse(text);
  assert.deepEqual(
    report.items.map((i) => `${i.kind}@${i.line}:${i.column}`),
    [
      "unpaired-bracket-close@8:44",
      "unclosed-strike@10:24",
      "unclosed-bold@12:14",
      "unclosed-italic@12:41",
      "unpaired-insertion@14:12",
      "unpaired-insertion@14:39",
      "unpaired-bracket-open@16:7",
    ],
  );
  assert.ok(blockStarting(doc, "b) a strike").textContent.includes("never ~~closes;"));
  assert.deepEqual(marked(blockStarting(doc, "f) after it"), "deletion"), ["a proper strike"]);
  assert.equal(serialize(doc), text);
});

test("empty pairs mark nothing, so they stay literal text", () => {
  const { doc, report } = parse("resolves\n\n1 that [] and ~~~~ stay;");
  assert.equal(textBlocks(doc)[1].textContent, "1 that [] and ~~~~ stay;");
  assert.equal(report.items.length, 4);
});

test("ids are stable: the same text gives the same ids, and written ids are kept", () => {
  assert.deepEqual(parse(seed).doc.toJSON(), parse(seed).doc.toJSON());
  const { doc } = parse(fixture("attributed.txt"));
  const bracket = textBlocks(doc).flatMap((b) => { const m: string[] = []; b.forEach((c) => c.marks.forEach((k) => k.type.name === "bracket" && m.push(`${k.attrs.id}:${k.attrs.by}:${k.attrs.note}`))); return m; });
  assert.ok(bracket.includes("b7:CHN:pending decision of COM5"));
  assert.ok(bracket.includes("b10:chair:ad ref, pending capitals"));
});

test("an explicit line break (a line ending in a backslash) joins two lines into one block", () => {
  const { doc } = parse("RESOLUTION 1\\\nSECOND LINE");
  assert.equal(textBlocks(doc).length, 1);
  assert.equal(serialize(doc), "RESOLUTION 1\\\nSECOND LINE");
});

test("every label form ITU uses is read as the clause's label: 1 bis, quinquies, numbered sections, lettered parts", () => {
  const text = [
    "resolves",
    "1 that the first stays;",
    "1 bis that one was inserted after it;",
    "1 quinquies that four were;",
    "c bis) that a lettered one was too;",
    "1.1 that a section has its number;",
    "1.1.1 that a subsection too;",
    "A. that a part has its letter;",
    "1 bistro is a word, not a label",
  ].join("\n\n");
  const { doc, report } = parse(text);
  const labels: string[] = [];
  doc.descendants((node) => {
    if (node.type.name === "clause") {
      let label = "";
      node.forEach((child) => {
        if (child.marks.some((m) => m.type.name === "label")) label += child.text;
      });
      labels.push(label);
    }
    return !node.isTextblock;
  });
  assert.deepEqual(labels, ["1", "1 bis", "1 quinquies", "c bis)", "1.1", "1.1.1", "A.", "1"]);
  assert.equal(report.counts.clauses, 8);
  assert.equal(serialize(doc), text);
});
