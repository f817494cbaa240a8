import { test } from "node:test";
import assert from "node:assert/strict";
import { EditorState } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import { textBlocks } from "../dl/serialize.ts";
import { decideChanges } from "../track/decide.ts";
import { listChanges } from "../track/changes.ts";
import { AUTHORS, COMMENTS, REVISIONS, draftDocx } from "../../test/word-fixture.ts";
import { importDocx } from "./docx-import.ts";
import { wordProposals } from "./live-proposals.ts";

// A delegation sends back the draft with its tracked changes: the revisions become proposals in
// the live draft, found by the paragraphs' original text, never silently lost.

const NOW = "2026-12-01T09:00:00.000Z";
const revisions = (doc: PMNode) => listChanges(doc).filter((c) => c.kind !== "bracket").map((c) => [c.kind, c.by, c.text]);

/** The draft the delegation started from: the Word file's text with every revision rejected. */
function startingDraft(word: ReturnType<typeof importDocx>): PMNode {
  const state = EditorState.create({ schema, doc: word.doc });
  return state.apply(decideChanges(state, "reject")!).doc;
}

test("each Word revision becomes the mapped delegation's proposal in the block with the same text, and each comment is placed on its clause", async () => {
  const word = importDocx(await draftDocx(), { authors: AUTHORS });
  const live = startingDraft(word);
  assert.deepEqual(revisions(live), [], "the starting draft has no proposals");
  const { doc, report, comments } = wordProposals(live, word, NOW);
  assert.deepEqual(revisions(doc), REVISIONS);
  assert.equal(listChanges(doc).find((c) => c.text === " and its annexes")!.at, "2026-11-28T10:15:00.000Z", "Word's time kept");
  assert.deepEqual(report.notPlaced, []);
  assert.deepEqual(report.paragraphs, { withChanges: 4, found: 4 });
  assert.deepEqual(report.placed.map((p) => [p.kind, p.by, p.where, p.text]), [
    ["insertion", "USA", "recalling a)", " and its annexes"],
    ["deletion", "F", "recalling b)", "of the Summit"],
    ["insertion", "F", "recalling b)", "of WSIS"],
    ["insertion", "E", "resolves 1", "universal "],
    ["deletion", "USA", "resolves 2", "where possible"],
  ]);
  const blocks = textBlocks(doc);
  assert.deepEqual(comments.map((c) => [c.author, blocks[c.blockIndex]!.textContent.startsWith(COMMENTS.find((k) => k.author === c.author)!.on)]), COMMENTS.map((c) => [c.author, true]));
  assert.deepEqual(listChanges(doc).filter((c) => c.kind === "bracket").map((c) => c.text), ["on the strategic plan", "universal affordable"], "the inserted word stays inside the bracket it was typed in");
});

test("a paragraph the draft no longer has is reported with its revisions and comment; the rest is placed", async () => {
  const word = importDocx(await draftDocx(), { authors: AUTHORS });
  const start = startingDraft(word);
  // The room rewrote resolves 1 meanwhile, and b) reads otherwise around the struck words.
  let live = start;
  start.descendants((node, pos) => {
    if (node.type.name === "clause" && node.textContent.startsWith("1 to promote")) live = replaceText(start, pos, node, "1 to foster meaningful connectivity for all;");
    return true;
  });
  live = replaceWords(live, "the outcomes of the Summit,", "the outcomes of the World Summit,");
  const { doc, report, comments } = wordProposals(live, word, NOW);
  assert.deepEqual(revisions(doc), [["insertion", "USA", " and its annexes"], ["insertion", "F", "of WSIS"], ["deletion", "USA", "where possible"]]);
  const said = report.notPlaced.map((n) => `${n.where}: ${n.message}`);
  assert.ok(said.some((s) => /^Word paragraph “1 to promote universal affordable access;”: matches no block of the draft: its revision \(E\) was not placed$/.test(s)), said.join("\n"));
  assert.ok(said.some((s) => /^recalling b\): F's deletion of “of the Summit”: the draft's text there reads “of the World Summit” now$/.test(s)), said.join("\n"));
  assert.ok(said.some((s) => /Jane Smith's comment “Delete the brackets once COM5 agrees\.”: the paragraph matches no block/.test(s)), said.join("\n"));
  assert.deepEqual(comments.map((c) => c.author), ["Ana García"], "the comment on a clause found is kept");
});

test("the same file imported twice makes nothing twice", async () => {
  const word = importDocx(await draftDocx(), { authors: AUTHORS });
  const once = wordProposals(startingDraft(word), word, NOW).doc;
  const twice = wordProposals(once, word, NOW);
  assert.deepEqual(revisions(twice.doc), REVISIONS);
  assert.deepEqual(twice.report.placed, []);
  assert.equal(twice.report.already.length, 5);
});

/** The draft with one block's text replaced by plain text. */
function replaceText(doc: PMNode, pos: number, node: PMNode, text: string): PMNode {
  const state = EditorState.create({ schema, doc });
  return state.apply(state.tr.replaceWith(pos + 1, pos + node.nodeSize - 1, schema.text(text))).doc;
}

/** The draft with some words replaced, where they are. */
function replaceWords(doc: PMNode, from: string, to: string): PMNode {
  let out = doc;
  doc.descendants((node, pos) => {
    const i = node.isTextblock ? node.textContent.indexOf(from) : -1;
    if (i >= 0) {
      const state = EditorState.create({ schema, doc });
      out = state.apply(state.tr.insertText(to, pos + 1 + i, pos + 1 + i + from.length)).doc;
    }
    return !node.isTextblock;
  });
  return out;
}
