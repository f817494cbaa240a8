import type { Node as PMNode } from "prosemirror-model";
import type { EditorState, Transaction } from "prosemirror-state";
import { AddMarkStep, AttrStep, RemoveMarkStep } from "prosemirror-transform";
import type { Step } from "prosemirror-transform";
import type { ClauseStatus } from "../schema.ts";
import { CLAUSE_STATUSES } from "../schema.ts";
import { DECISION } from "./decide.ts";

/**
 * A clause's status (pending, agreed ad referendum, agreed) and the lock on agreed
 * clauses: once agreed, nobody but the chair changes its text or attributes. The editor
 * filters locked edits with {@link touchesLockedClause}; the server will refuse them.
 */

/** A clause and its position (before the node). */
export interface ClauseAt {
  node: PMNode;
  pos: number;
}

/** The clause at `pos`: the clause starting there, or the one containing it; null elsewhere. */
export function clauseAt(state: EditorState, pos: number): ClauseAt | null {
  return findClause(state.doc, pos);
}

/** Sets the status of the clause at `pos` (see {@link clauseAt}); a decision. Throws a RangeError when no clause is there. */
export function setClauseStatus(state: EditorState, pos: number, status: ClauseStatus): Transaction {
  if (!CLAUSE_STATUSES.includes(status)) throw new RangeError(`unknown clause status ${JSON.stringify(status)}`);
  const clause = findClause(state.doc, pos);
  if (!clause) throw new RangeError(`no clause at position ${pos}`);
  return state.tr.setNodeAttribute(clause.pos, "status", status).setMeta(DECISION, true);
}

/** Whether `pos` lies in an agreed clause (at its start or inside it). */
export function isLocked(doc: PMNode, pos: number): boolean {
  return findClause(doc, pos)?.node.attrs.status === "agreed";
}

/**
 * Whether a transaction changes text, marks or attributes inside an agreed clause, or
 * deletes or joins one. Setting a clause's status is not counted: who may do that is
 * the role rule `mayDecide`, and it is how the chair reopens a clause. Typing right
 * before or after an agreed clause (in the neighbouring block) is not counted either.
 */
export function touchesLockedClause(state: EditorState, tr: Transaction): boolean {
  return tr.steps.some((step, i) => stepTouchesLocked(step, tr.docs[i] ?? state.doc));
}

function stepTouchesLocked(step: Step, doc: PMNode): boolean {
  if (step instanceof AttrStep) return step.attr !== "status" && agreedAt(doc, step.pos);
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return rangeTouchesAgreed(doc, step.from, step.to);
  const json = step.toJSON() as { stepType?: string; pos?: number };
  if (json.stepType === "addNodeMark" || json.stepType === "removeNodeMark") return agreedAt(doc, json.pos ?? -1);
  let touched = false;
  step.getMap().forEach((from, to) => {
    if (!touched && rangeTouchesAgreed(doc, from, to)) touched = true;
  });
  return touched;
}

/** Whether the node at `pos` is an agreed clause. */
function agreedAt(doc: PMNode, pos: number): boolean {
  const node = pos >= 0 && pos < doc.content.size ? doc.nodeAt(pos) : null;
  return node?.type.name === "clause" && node.attrs.status === "agreed";
}

/** Whether replacing from..to (an insertion when equal) changes an agreed clause: overlaps it, or inserts inside it. */
function rangeTouchesAgreed(doc: PMNode, from: number, to: number): boolean {
  let touched = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.type.name === "clause" && node.attrs.status === "agreed") touched = true;
    return !touched && !node.isTextblock;
  });
  return touched;
}

function findClause(doc: PMNode, pos: number): ClauseAt | null {
  if (pos < 0 || pos > doc.content.size) throw new RangeError(`position ${pos} is outside the document (size ${doc.content.size})`);
  const node = doc.nodeAt(pos);
  if (node?.type.name === "clause") return { node, pos };
  const $pos = doc.resolve(pos);
  for (let depth = $pos.depth; depth > 0; depth--) {
    if ($pos.node(depth).type.name === "clause") return { node: $pos.node(depth), pos: $pos.before(depth) };
  }
  return null;
}
