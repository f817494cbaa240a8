import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./parse.ts";
import { serialize, textBlocks } from "./serialize.ts";
import { DLInputError } from "./input.ts";
import { schema } from "../schema.ts";
import * as b from "../../test/builders.ts";

const text = [
  "RESOLUTION 71 (REV. BUSAN, 2014)[^1]",
  "",
  "resolves",
  "",
  "1 to adopt the strategic plan[^2] in the annex to this resolution;",
  "",
  "2 that the plan ~~[^3]~~ is reviewed <ins>each year[^a]</ins>;",
  "",
  "[^1]: Revised by the Plenipotentiary Conference (Busan, 2014).",
  "[^2]: See Document C14/53, the **draft** plan.",
  "",
  "[^3]: [Pending decision of COM5]",
  "[^a]: Proposed by the African States.",
  "",
].join("\n");

const references = (doc: PMNode) => {
  const out: string[] = [];
  doc.descendants((n) => {
    if (n.isText && schema.marks.note_ref.isInSet(n.marks)) out.push(`${n.text}${n.marks.filter((m) => m.type !== schema.marks.note_ref).map((m) => `+${m.type.name}`).join("")}`);
  });
  return out;
};

test("footnotes: references [^1] and footnote lines [^1]: ... read as such and come back byte for byte", () => {
  const { doc, report } = parse(text);
  assert.equal(serialize(doc), text);
  assert.deepEqual(references(doc), ["1", "2", "3+deletion", "a+insertion"]);
  const notes = textBlocks(doc).filter((n) => n.type.name === "footnote");
  assert.deepEqual(notes.map((n) => [n.attrs.label, n.textContent, n.attrs.gap]), [
    ["1", "Revised by the Plenipotentiary Conference (Busan, 2014).", 1],
    ["2", "See Document C14/53, the draft plan.", 0],
    ["3", "Pending decision of COM5", 1],
    ["a", "Proposed by the African States.", 0],
  ]);
  assert.equal(report.counts.footnotes, 4);
  assert.equal(report.counts.references, 4);
  assert.equal(report.counts.clauses, 2, "a footnote line is never a clause");
  // The bracket in footnote 3 is a bracket like any other.
  assert.ok(notes[2]!.firstChild!.marks.some((m) => m.type === schema.marks.bracket));
});

test("literal text that looks like a footnote stays literal: escaped when written", () => {
  const doc = b.doc(b.group(b.heading({ gap: 0, part: "operative" }, "resolves"), b.clause(b.label("1"), " that [^1] is text and [^2]: too;"), b.para("[^3]: not a footnote")));
  const written = serialize(doc);
  assert.equal(written, "resolves\n\n1 that \\[^1] is text and \\[^2]: too;\n\n\\[^3]: not a footnote");
  const back = parse(written).doc;
  assert.equal(references(back).length, 0);
  assert.ok(back.eq(doc));
  // Inside a bracket the "]" of "[^1" must not close it either.
  const bracketed = b.doc(b.group(b.heading({ gap: 0, part: "operative" }, "resolves"), b.clause(b.label("1"), " that ", b.t("[^1", b.bracket("USA", "b1")), " stands;")));
  assert.ok(parse(serialize(bracketed, { variant: "attributed" })).doc.eq(bracketed));
});

test("two references side by side are refused with their place; nothing is half read", () => {
  assert.throws(() => parse("resolves\n\n1 that it works[^1][^2];"), (error: unknown) => {
    assert.ok(error instanceof DLInputError);
    assert.match(error.format("x.txt"), /x\.txt:3:20: two footnote references side by side/);
    return true;
  });
  assert.equal(references(parse("resolves\n\n1 that it works[^1], [^2];").doc).length, 2);
});
