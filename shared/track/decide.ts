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

/**
 * Accepts one change. `within`, when known (the panel's entry: from its first piece to its
 * last), is where its pieces are looked for, so deciding one change on a 300-page draft reads
 * that stretch, not the draft.
 */
export function acceptChange(state: EditorState, id: string, within?: Within): Transaction | null {
  return decideOne(state, id, "accept", within);
}

export function rejectChange(state: EditorState, id: string, within?: Within): Transaction | null {
  return decideOne(state, id, "reject", within);
}

/** A stretch of the document (positions). */
export interface Within {
  from: number;
  to: number;
}

function decideOne(state: EditorState, id: string, verdict: Verdict, within?: Within): Transaction | null {
  const tr = state.tr;
  if (!applyVerdict(tr, [id], verdict, within)) return null;
  return tr.setMeta(DECISION, true);
}

/**
 * Accepts or rejects every change that the filter takes, in one transaction; null when
 * none. One pass finds every piece of every change, so accepting 3,000 changes costs
 * about what one pass over the draft does, not 3,000 of them.
 */
export function decideChanges(state: EditorState, verdict: Verdict, filter: ChangeFilter = {}): Transaction | null {
  const ids = changeIds(state.doc, filter);
  if (ids.length === 0) return null;
  const tr = state.tr;
  applyVerdict(tr, ids, verdict);
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

interface Piece {
  id: string;
  from: number;
  to: number;
  kind: "insertion" | "deletion";
}

interface Found {
  inline: Piece[];
  blocks: { id: string; pos: number; node: PMNode; kind: "inserted" | "deleted" }[];
}

/** Every piece of the changes in `ids`, in one pass over the document (or the stretch `within`). */
function find(doc: PMNode, ids: ReadonlySet<string>, within?: Within): Found {
  const found: Found = { inline: [], blocks: [] };
  const last = new Map<string, Piece>();
  doc.nodesBetween(Math.max(0, within?.from ?? 0), Math.min(doc.content.size, within?.to ?? doc.content.size), (node, pos) => {
    if (node.isTextblock) {
      if (ids.has(node.attrs.inserted?.id)) found.blocks.push({ id: node.attrs.inserted.id, pos, node, kind: "inserted" });
      if (ids.has(node.attrs.deleted?.id)) found.blocks.push({ id: node.attrs.deleted.id, pos, node, kind: "deleted" });
      return true;
    }
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      const name = mark.type.name;
      if ((name !== "insertion" && name !== "deletion") || !ids.has(mark.attrs.id)) continue;
      const id = mark.attrs.id as string;
      const previous = last.get(id);
      if (previous && previous.to === pos && previous.kind === name) previous.to = pos + node.nodeSize;
      else {
        const piece: Piece = { id, from: pos, to: pos + node.nodeSize, kind: name };
        found.inline.push(piece);
        last.set(id, piece);
      }
    }
    return false;
  });
  return found;
}

/** Applies one verdict to every piece of the changes `ids` in `tr`; false when there is none. */
function applyVerdict(tr: Transaction, ids: readonly string[], verdict: Verdict, within?: Within): boolean {
  const found = find(tr.doc, new Set(ids), within);
  if (found.inline.length === 0 && found.blocks.length === 0) return false;
  const start = tr.steps.length;
  // Marks first (positions do not move), then removals from the end.
  const removals: [number, number][] = [];
  const deciding = new Set(ids);
  for (const piece of found.inline) {
    const keep = (piece.kind === "insertion") === (verdict === "accept");
    if (keep) removeChangeMark(tr, piece.from, piece.to, piece.id);
    else if (piece.kind === "insertion") rejectInsertion(tr, piece, deciding, removals);
    else removals.push([piece.from, piece.to]);
  }
  for (const [a, b] of mergeRanges(removals)) tr.delete(a, b);
  const blocks = [...found.blocks].sort((x, y) => y.pos - x.pos);
  for (const { pos, kind } of blocks) {
    const at = tr.mapping.slice(start).mapResult(pos);
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

/**
 * A rejected insertion's text goes, except where another insertion still pending stands
 * on it too (two delegations typed there at once): that text stays as the other's
 * proposal, without the rejected mark.
 */
function rejectInsertion(tr: Transaction, piece: Piece, deciding: ReadonlySet<string>, removals: [number, number][]): void {
  tr.doc.nodesBetween(piece.from, piece.to, (node, pos) => {
    if (!node.isInline) return true;
    const from = Math.max(piece.from, pos);
    const to = Math.min(piece.to, pos + node.nodeSize);
    const shared = node.marks.some((m) => m.type.name === "insertion" && !deciding.has(m.attrs.id as string));
    if (shared) removeChangeMark(tr, from, to, piece.id);
    else removals.push([from, to]);
    return false;
  });
}

/** Ranges to delete, overlapping ones merged (two strikes over the same words), from the end. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const top = merged[merged.length - 1];
    if (top && a <= top[1]) top[1] = Math.max(top[1], b);
    else merged.push([a, b]);
  }
  return merged.reverse();
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
