import type { Node as PMNode } from "prosemirror-model";
import type { EditorState, Transaction } from "prosemirror-state";
import type { ChangeAttrs } from "../schema.ts";

/**
 * The chair's decisions on tracked changes. Accepting an insertion keeps its text and
 * drops the mark; rejecting it removes the text. Accepting a deletion removes the text;
 * rejecting it drops the strike. A new block accepted stays; rejected, it goes (or, when
 * it holds text that was there before, as after a split, it joins the block above).
 * A block proposed for deletion goes when accepted (a heading takes its clause group
 * with it). Each decision is one transaction, marked with DECISION so the editor does
 * not track it as a proposal, and undoable by the chair.
 */

/** Transaction meta key: a decision, never to be tracked as a proposal. */
export const DECISION = "plenary:decision";

/**
 * Transaction meta key: a proposal that already carries its author (a bracket added,
 * labels renumbered), so suggestion mode must not track it a second time.
 */
export const ATTRIBUTED = "plenary:attributed";

/** Whether the editor must pass a transaction through untracked: a decision, or already attributed. */
export function isUntracked(tr: { getMeta(key: string): unknown }): boolean {
  return tr.getMeta(DECISION) === true || tr.getMeta(ATTRIBUTED) === true;
}

export type Verdict = "accept" | "reject";

/** Which changes a bulk decision takes: those touching a range, of one author, or all. */
export interface ChangeFilter {
  from?: number;
  to?: number;
  by?: string;
}

export function acceptChange(state: EditorState, id: string): Transaction | null {
  return decideOne(state, id, "accept");
}

export function rejectChange(state: EditorState, id: string): Transaction | null {
  return decideOne(state, id, "reject");
}

function decideOne(state: EditorState, id: string, verdict: Verdict): Transaction | null {
  const tr = state.tr;
  if (!applyVerdict(tr, id, verdict)) return null;
  return tr.setMeta(DECISION, true);
}

/** Accepts or rejects every change that the filter takes, in one transaction; null when none. */
export function decideChanges(state: EditorState, verdict: Verdict, filter: ChangeFilter = {}): Transaction | null {
  const ids = changeIds(state.doc, filter);
  if (ids.length === 0) return null;
  const tr = state.tr;
  for (const id of ids) applyVerdict(tr, id, verdict);
  return tr.docChanged ? tr.setMeta(DECISION, true) : null;
}

/** Ids of the insertions, deletions and block changes the filter takes, in document order. */
export function changeIds(doc: PMNode, filter: ChangeFilter = {}): string[] {
  const from = Math.max(0, filter.from ?? 0);
  const to = Math.min(doc.content.size, filter.to ?? doc.content.size);
  const ids = new Set<string>();
  const take = (change: ChangeAttrs | null) => {
    if (change && (!filter.by || change.by === filter.by)) ids.add(change.id);
  };
  doc.nodesBetween(from, to, (node) => {
    if (node.isTextblock) {
      take(node.attrs.inserted);
      take(node.attrs.deleted);
    }
    for (const mark of node.marks) if (mark.type.name === "insertion" || mark.type.name === "deletion") take(mark.attrs as ChangeAttrs);
    return true;
  });
  return [...ids];
}

interface Found {
  inline: { from: number; to: number; kind: "insertion" | "deletion" }[];
  blocks: { pos: number; node: PMNode; kind: "inserted" | "deleted" }[];
}

function find(doc: PMNode, id: string): Found {
  const found: Found = { inline: [], blocks: [] };
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      if (node.attrs.inserted?.id === id) found.blocks.push({ pos, node, kind: "inserted" });
      if (node.attrs.deleted?.id === id) found.blocks.push({ pos, node, kind: "deleted" });
      return true;
    }
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if ((mark.type.name === "insertion" || mark.type.name === "deletion") && mark.attrs.id === id) {
        const last = found.inline[found.inline.length - 1];
        if (last && last.to === pos && last.kind === mark.type.name) last.to = pos + node.nodeSize;
        else found.inline.push({ from: pos, to: pos + node.nodeSize, kind: mark.type.name });
      }
    }
    return false;
  });
  return found;
}

/** Applies one verdict to every piece of change `id` in `tr`; false when there is no such change. */
function applyVerdict(tr: Transaction, id: string, verdict: Verdict): boolean {
  const found = find(tr.doc, id);
  if (found.inline.length === 0 && found.blocks.length === 0) return false;
  const start = tr.steps.length;
  // Marks first (positions do not move), then removals from the end.
  const removals: [number, number][] = [];
  for (const piece of found.inline) {
    const keep = (piece.kind === "insertion") === (verdict === "accept");
    if (keep) removeChangeMark(tr, piece.from, piece.to, id);
    else removals.push([piece.from, piece.to]);
  }
  for (const [a, b] of removals.sort((x, y) => y[0] - x[0])) tr.delete(a, b);
  const map = () => tr.mapping.slice(start);
  const blocks = [...found.blocks].sort((x, y) => y.pos - x.pos);
  for (const { pos, node, kind } of blocks) {
    const at = map().mapResult(pos);
    if (at.deleted) continue;
    const current = tr.doc.nodeAt(at.pos);
    if (!current || !current.isTextblock) continue;
    const goes = (kind === "inserted") !== (verdict === "accept");
    if (!goes) tr.setNodeMarkup(at.pos, undefined, { ...current.attrs, [kind]: null });
    else if (kind === "deleted") removeBlock(tr, at.pos, current);
    else takeBackBlock(tr, at.pos, current);
  }
  dropEmptiedBlocks(tr, start);
  return true;
}

function removeChangeMark(tr: Transaction, from: number, to: number, id: string): void {
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (mark.attrs.id === id) tr.removeMark(Math.max(from, pos), Math.min(to, pos + node.nodeSize), mark);
    }
    return false;
  });
}

/** Removes a block; a clause group's heading takes the whole group with it. */
function removeBlock(tr: Transaction, pos: number, node: PMNode): void {
  const $pos = tr.doc.resolve(pos);
  if (node.type.name === "group_heading") {
    tr.delete($pos.before(), $pos.after());
    return;
  }
  tr.delete(pos, pos + node.nodeSize);
}

/**
 * A rejected new block: it goes when it holds nothing but text added since; when it
 * holds text from before (a split), it joins the block above again.
 */
function takeBackBlock(tr: Transaction, pos: number, node: PMNode): void {
  let older = false;
  node.forEach((child) => {
    if (!child.marks.some((m) => m.type.name === "insertion")) older = true;
  });
  const $pos = tr.doc.resolve(pos);
  const index = $pos.index();
  const above = index > 0 ? $pos.parent.child(index - 1) : null;
  if (older && above && above.isTextblock) {
    tr.setNodeMarkup(pos, undefined, { ...node.attrs, inserted: null });
    tr.join(pos);
    return;
  }
  if (older) tr.setNodeMarkup(pos, undefined, { ...node.attrs, inserted: null });
  else removeBlock(tr, pos, node);
}

/** Blocks that decisions emptied of all their text go too (not headings, not blocks that were empty). */
function dropEmptiedBlocks(tr: Transaction, start: number): void {
  if (tr.steps.length === start) return;
  const before = tr.docs[start];
  const emptied: number[] = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (node.content.size === 0 && node.type.name !== "group_heading") {
      const old = tr.mapping.slice(start).invert().map(pos + 1);
      const was = before.resolve(Math.min(old, before.content.size)).parent;
      if (was.isTextblock && was.content.size > 0) emptied.push(pos);
    }
    return false;
  });
  for (const pos of emptied.sort((a, b) => b - a)) tr.delete(pos, pos + tr.doc.nodeAt(pos)!.nodeSize);
}
