import { test } from "node:test";
import assert from "node:assert/strict";
import { EditorState } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import { clause, doc, group, heading, label, para } from "../../test/builders.ts";
import { clauseAt, isLocked, setClauseStatus, touchesLockedClause } from "./status.ts";
import { DECISION } from "./decide.ts";
import { addBracket } from "./bracket.ts";

const draft = () =>
  doc(
    group(
      heading("resolves"),
      clause(label("1"), " to continue"),
      clause({ status: "agreed" }, label("2"), " to study"),
      para("free text"),
      clause(label("3"), " to report"),
    ),
  );
/** Position of `text` in the document. */
function posOf(d: PMNode, text: string): number {
  let found = -1;
  d.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text);
    return found < 0;
  });
  return found;
}

test("clauseAt finds the clause at its start or from inside, and nothing in a heading", () => {
  const s = EditorState.create({ doc: draft() });
  const inside = clauseAt(s, posOf(s.doc, "to study"))!;
  assert.equal(inside.node.textContent, "2 to study");
  assert.deepEqual(clauseAt(s, inside.pos), inside);
  assert.equal(clauseAt(s, posOf(s.doc, "resolves")), null);
  assert.throws(() => clauseAt(s, s.doc.content.size + 1), RangeError);
});

test("the chair sets a clause's status in one decision", () => {
  const s = EditorState.create({ doc: draft() });
  const tr = setClauseStatus(s, posOf(s.doc, "to continue"), "adref");
  assert.equal(tr.getMeta(DECISION), true);
  assert.equal(clauseAt(s.apply(tr), posOf(s.doc, "to continue"))!.node.attrs.status, "adref");
  assert.throws(() => setClauseStatus(s, posOf(s.doc, "resolves"), "agreed"), /no clause at position/);
  assert.throws(() => setClauseStatus(s, posOf(s.doc, "to continue"), "settled" as never), /unknown clause status "settled"/);
});

test("an agreed clause is locked, others are not", () => {
  const d = draft();
  assert.equal(isLocked(d, posOf(d, "to study")), true);
  assert.equal(isLocked(d, posOf(d, "to continue")), false);
  assert.equal(isLocked(d, posOf(d, "free text")), false);
});

test("typing inside an agreed clause touches it; typing elsewhere does not", () => {
  const s = EditorState.create({ doc: draft() });
  assert.equal(touchesLockedClause(s, s.tr.insertText("x", posOf(s.doc, "study"))), true);
  assert.equal(touchesLockedClause(s, s.tr.insertText("x", posOf(s.doc, "continue"))), false);
  assert.equal(touchesLockedClause(s, s.tr.insertText("x", posOf(s.doc, "free"))), false);
  const endOfAgreed = posOf(s.doc, "to study") + "to study".length;
  assert.equal(touchesLockedClause(s, s.tr.insertText("x", endOfAgreed)), true, "at the end of its text");
});

test("deleting across into an agreed clause, or deleting it whole, touches it", () => {
  const s = EditorState.create({ doc: draft() });
  assert.equal(touchesLockedClause(s, s.tr.delete(posOf(s.doc, "continue"), posOf(s.doc, "to study") + 2)), true);
  const agreed = clauseAt(s, posOf(s.doc, "to study"))!;
  assert.equal(touchesLockedClause(s, s.tr.delete(agreed.pos, agreed.pos + agreed.node.nodeSize)), true);
  assert.equal(touchesLockedClause(s, s.tr.join(agreed.pos)), true, "joining it to the clause above");
});

test("a mark or an attribute change inside an agreed clause touches it", () => {
  const s = EditorState.create({ doc: draft() });
  const at = posOf(s.doc, "study");
  assert.equal(touchesLockedClause(s, s.tr.addMark(at, at + 5, schema.marks.strong.create())), true);
  const bracketed = addBracket(s, at, at + 5, { by: "USA", at: "2026-11-28T10:15:00.000Z" });
  assert.ok(!("refused" in bracketed));
  assert.equal(touchesLockedClause(s, bracketed), true);
  const agreed = clauseAt(s, at)!;
  assert.equal(touchesLockedClause(s, s.tr.setNodeAttribute(agreed.pos, "deleted", { id: "x1", by: "USA", at: null })), true);
});

test("the chair's status change is not an edit of the clause", () => {
  const s = EditorState.create({ doc: draft() });
  assert.equal(touchesLockedClause(s, setClauseStatus(s, posOf(s.doc, "to study"), "pending")), false);
});

test("a later step is checked against the document as it then is", () => {
  const s = EditorState.create({ doc: draft() });
  const tr = s.tr.insertText("abcdefghijkl", posOf(s.doc, "continue"));
  tr.insertText("x", posOf(tr.doc, "study"));
  assert.equal(touchesLockedClause(s, tr), true);
  const shifted = s.tr.delete(posOf(s.doc, "to continue"), posOf(s.doc, "to continue") + 3);
  shifted.insertText("x", posOf(shifted.doc, " to report"));
  assert.equal(touchesLockedClause(s, shifted), false, "after a shift, still outside");
});
