import { test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { EditorState, TextSelection } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { splitBlock } from "prosemirror-commands";
import { trackTransaction } from "./suggest.ts";
import { acceptChange, changeIds, decideChanges, DECISION, rejectChange } from "./decide.ts";
import type { Author } from "./author.ts";
import { parse } from "../dl/parse.ts";
import { listChanges } from "./changes.ts";
import { serialize } from "../dl/serialize.ts";
import * as b from "../../test/builders.ts";

const USA: Author = { by: "USA", at: "2026-11-28T10:00:00.000Z" };
const RUS: Author = { by: "RUS", at: "2026-11-28T10:01:00.000Z" };

const text = (s: EditorState) => serialize(s.doc);
const stateOf = (dl: string) => EditorState.create({ doc: parse(dl).doc });
const DL = "resolves\n\n1 that ITU should lead;\n\n2 that ITU should report;";

const at = (doc: PMNode, needle: string) => b.positionOf(doc, needle);
function propose(s: EditorState, author: Author, make: (s: EditorState) => Transaction | null): EditorState {
  const tr = make(s);
  return tr ? s.apply(trackTransaction(s, tr, author)) : s;
}
const typeAt = (needle: string, words: string) => (s: EditorState) =>
  s.apply(s.tr.setSelection(TextSelection.create(s.doc, at(s.doc, needle)))).tr.insertText(words);
const strikeWord = (word: string) => (s: EditorState) => s.tr.delete(at(s.doc, word) - word.length, at(s.doc, word));
const only = (s: EditorState) => changeIds(s.doc);
const apply = (s: EditorState, tr: Transaction | null) => {
  assert.ok(tr, "a decision was made");
  assert.equal(tr.getMeta(DECISION), true);
  return s.apply(tr);
};

test("accepting an insertion keeps its text, plain", () => {
  let s = propose(stateOf(DL), USA, (st) => typeAt("should ", "continue to ")(st));
  s = apply(s, acceptChange(s, only(s)[0]));
  assert.equal(text(s), "resolves\n\n1 that ITU should continue to lead;\n\n2 that ITU should report;");
});

test("rejecting an insertion removes its text", () => {
  let s = propose(stateOf(DL), USA, (st) => typeAt("should ", "continue to ")(st));
  s = apply(s, rejectChange(s, only(s)[0]));
  assert.equal(text(s), DL);
});

test("accepting a deletion removes the struck text; rejecting it restores it", () => {
  const struck = propose(stateOf(DL), RUS, strikeWord("lead"));
  assert.match(text(struck), /should ~~lead~~;/);
  assert.equal(text(apply(struck, acceptChange(struck, only(struck)[0]))), "resolves\n\n1 that ITU should ;\n\n2 that ITU should report;");
  assert.equal(text(apply(struck, rejectChange(struck, only(struck)[0]))), DL);
});

test("all changes of one delegation: RUS's go, USA's stay", () => {
  let s = propose(stateOf(DL), USA, (st) => typeAt("should ", "firmly ")(st));
  s = propose(s, RUS, strikeWord("report"));
  s = apply(s, decideChanges(s, "reject", { by: "RUS" }));
  assert.equal(text(s), "resolves\n\n1 that ITU should <ins>firmly </ins>lead;\n\n2 that ITU should report;");
});

test("all changes in a range (a clause, or the selection) and no others", () => {
  let s = propose(stateOf(DL), USA, (st) => typeAt("should ", "firmly ")(st));
  s = propose(s, RUS, strikeWord("report"));
  const group = s.doc.child(0);
  const clause2Start = 1 + group.child(0).nodeSize + group.child(1).nodeSize;
  const clause2 = { from: clause2Start, to: clause2Start + group.child(2).nodeSize };
  s = apply(s, decideChanges(s, "accept", clause2));
  assert.equal(text(s), "resolves\n\n1 that ITU should <ins>firmly </ins>lead;\n\n2 that ITU should ;");
  assert.equal(decideChanges(s, "accept", clause2), null, "nothing left to decide there");
});

test("a new clause rejected goes away; accepted it stays, unmarked", () => {
  let s = stateOf(DL);
  s = s.apply(s.tr.setSelection(TextSelection.create(s.doc, at(s.doc, "lead;"))));
  s = propose(s, USA, (st) => {
    let out: Transaction | null = null;
    splitBlock(st, (tr) => (out = tr));
    return out;
  });
  s = propose(s, USA, (st) => st.tr.insertText("1bis that ITU should help;"));
  assert.equal(only(s).length, 1, "the new clause and its text are one change");
  assert.equal(text(apply(s, rejectChange(s, only(s)[0]))), DL);
  const accepted = apply(s, acceptChange(s, only(s)[0]));
  assert.equal(text(accepted), "resolves\n\n1 that ITU should lead;\n\n1bis that ITU should help;\n\n2 that ITU should report;");
  assert.equal(accepted.doc.child(0).child(2).attrs.inserted, null);
});

test("a split rejected joins the two halves again", () => {
  let s = stateOf(DL);
  s = s.apply(s.tr.setSelection(TextSelection.create(s.doc, at(s.doc, "should "))));
  s = propose(s, USA, (st) => {
    let out: Transaction | null = null;
    splitBlock(st, (tr) => (out = tr));
    return out;
  });
  assert.equal(s.doc.child(0).childCount, 4);
  s = apply(s, rejectChange(s, only(s)[0]));
  assert.equal(text(s), DL);
});

test("a whole clause proposed for deletion goes when accepted", () => {
  let s = stateOf(DL);
  s = s.apply(s.tr.setSelection(TextSelection.create(s.doc, at(s.doc, "lead;"), s.doc.content.size - 1)));
  s = propose(s, RUS, (st) => st.tr.deleteSelection());
  s = apply(s, decideChanges(s, "accept"));
  assert.equal(text(s), "resolves\n\n1 that ITU should lead;");
});

test("a decision is one transaction, and undoing it (its inverse) restores the proposal", () => {
  const s = propose(stateOf(DL), USA, (st) => typeAt("should ", "continue to ")(st));
  const tr = acceptChange(s, only(s)[0])!;
  const decided = s.apply(tr);
  let undone = decided;
  for (let i = tr.steps.length - 1; i >= 0; i--) undone = undone.apply(undone.tr.step(tr.steps[i].invert(tr.docs[i])));
  assert.ok(undone.doc.eq(s.doc));
});

test("accepting a struck clause drops the clause it emptied", () => {
  const s = EditorState.create({ doc: b.doc(b.group(b.heading({ gap: 0 }, "resolves"), b.clause(b.label("1"), " one;"), b.clause(b.label("2", b.del("RUS", "d1")), b.t(" two;", b.del("RUS", "d1"))))) });
  const after = apply(s, decideChanges(s, "accept"));
  assert.equal(text(after), "resolves\n\n1 one;");
});

test("accepting every deletion of the reference document leaves no strike", () => {
  const s = EditorState.create({ doc: parse(readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8")).doc });
  const after = apply(s, decideChanges(s, "accept"));
  const out = text(after);
  assert.ok(!out.includes("~~"));
  assert.ok(out.includes("RESOLUTION 140 (REV. BUSAN, 2014)"));
  assert.ok(!out.includes("to modify Resolution 1282 adopted by the Council at its 2008 session to establish"), "the struck clause 6 is gone");
});

test("an unknown change id is no decision", () => {
  assert.equal(acceptChange(stateOf(DL), "nope"), null);
});

test("deciding one change looked for only where the panel's entry says it is gives the same draft as looking everywhere", () => {
  const state = EditorState.create({ doc: parse(readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8")).doc });
  const entries = listChanges(state.doc).filter((e) => e.kind !== "bracket");
  assert.ok(entries.length > 50);
  for (const entry of entries) {
    for (const decideOne of [acceptChange, rejectChange]) {
      const everywhere = decideOne(state, entry.id)!;
      const there = decideOne(state, entry.id, { from: entry.from, to: entry.to })!;
      assert.ok(there.doc.eq(everywhere.doc), `${decideOne.name} ${entry.id} ("${entry.text}")`);
    }
  }
});
