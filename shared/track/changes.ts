import type { Mark, Node as PMNode } from "prosemirror-model";
import { CHANGE_MARKS } from "../schema.ts";
import type { ChangeMarkName } from "../schema.ts";
import { displayLabel } from "./labels.ts";

/**
 * The changes panel's list: every tracked change and bracket of a document, in
 * document order, with who, when and where. Pieces of one change (the same id on
 * several text runs or blocks) are one entry.
 */

/** What a change is: a mark on text, or a whole block added or proposed for deletion. */
export type ChangeKind = ChangeMarkName | "block-insertion" | "block-deletion";

/** Where a change sits: its clause group (index among the document's groups, heading text). */
export interface GroupRef {
  index: number;
  heading: string;
}

/** The clause a change sits in: its position and its label as the room reads it. */
export interface ClauseRef {
  pos: number;
  label: string;
}

/** One tracked change or bracket. */
export interface ChangeEntry {
  id: string;
  kind: ChangeKind;
  by: string;
  at: string | null;
  /** A bracket's note ("pending decision of COM5"); null otherwise. */
  note: string | null;
  /** Document positions covering all its pieces. */
  from: number;
  to: number;
  /** Its text, pieces in other blocks on new lines, cut to {@link MAX_TEXT} characters. */
  text: string;
  /** The clause group of its first piece, null in the header area. */
  group: GroupRef | null;
  /** The clause of its first piece, null outside clauses (headings, paragraphs, header). */
  clause: ClauseRef | null;
}

/** The longest `text` of an entry; longer texts end with "…". */
export const MAX_TEXT = 200;

interface Where {
  group: GroupRef | null;
  clause: ClauseRef | null;
}

/** Every change and bracket of `doc` in document order, one entry per id. */
export function listChanges(doc: PMNode): ChangeEntry[] {
  return [...new ChangeList().update(doc)];
}

/** What one text block holds of changes, positions from the block's start; kept per block node. */
interface BlockSummary {
  /** Its `inserted` / `deleted` attrs. */
  whole: { id: string; kind: "block-insertion" | "block-deletion"; by: string; at: string | null }[];
  /** Change and bracket marks on its text, in order, one per mark and text node. */
  pieces: { mark: Mark; from: number; to: number; text: string }[];
  /** Its label as the room reads it (clauses only). */
  label: string;
}

/** A top-level node's blocks with where they sit; kept per top-level node. */
interface TopSummary {
  /** Heading of a clause group (null: a header block). */
  heading: string | null;
  blocks: { offset: number; block: PMNode; summary: BlockSummary; clause: boolean }[];
}

/**
 * The list of changes kept up to date as the document changes. ProseMirror keeps the node
 * objects of what a transaction did not touch (y-prosemirror too, for a remote update), so
 * what each block and each clause group holds is read once per node and kept with it: an
 * update reads again only the blocks it changed, then lays out the entries, which keep their
 * object when nothing about them changed (a panel re-draws only the entries that differ).
 */
export class ChangeList {
  private readonly blocks = new WeakMap<PMNode, BlockSummary>();
  private readonly tops = new WeakMap<PMNode, TopSummary>();
  private doc: PMNode | null = null;
  private entries: readonly ChangeEntry[] = [];
  private byId = new Map<string, ChangeEntry>();

  /** The entries of `doc`, in document order. */
  update(doc: PMNode): readonly ChangeEntry[] {
    if (doc === this.doc) return this.entries;
    const entries = new Map<string, ChangeEntry>();
    const lastBlock = new Map<string, number>();
    let groupIndex = 0;
    doc.forEach((top, topPos) => {
      const summary = this.top(top);
      const group = summary.heading === null ? null : { index: groupIndex++, heading: summary.heading };
      for (const { offset, block, summary: blockSummary, clause } of summary.blocks) {
        const pos = group ? topPos + 1 + offset : topPos;
        const where: Where = { group, clause: clause ? { pos, label: blockSummary.label } : null };
        for (const change of blockSummary.whole) {
          if (!entries.has(change.id)) entries.set(change.id, { ...change, note: null, from: pos, to: pos + block.nodeSize, text: block.textContent, ...where });
        }
        for (const piece of blockSummary.pieces) addPiece(entries, lastBlock, piece.mark, { from: pos + 1 + piece.from, to: pos + 1 + piece.to, text: piece.text, block: pos }, where);
      }
    });
    const previous = this.byId;
    this.byId = new Map();
    const list: ChangeEntry[] = [];
    for (const entry of entries.values()) {
      entry.text = cut(entry.text);
      const before = previous.get(entry.id);
      const kept = before && sameEntry(before, entry) ? before : entry;
      this.byId.set(entry.id, kept);
      list.push(kept);
    }
    this.doc = doc;
    this.entries = list;
    return list;
  }

  /** The entry with this id in the last document given to {@link update}. */
  get(id: string): ChangeEntry | undefined {
    return this.byId.get(id);
  }

  private top(top: PMNode): TopSummary {
    let summary = this.tops.get(top);
    if (summary) return summary;
    if (top.type.name !== "clause_group") {
      summary = { heading: null, blocks: [{ offset: 0, block: top, summary: this.block(top), clause: false }] };
    } else {
      const blocks: TopSummary["blocks"] = [];
      top.forEach((block, offset) => blocks.push({ offset, block, summary: this.block(block), clause: block.type.name === "clause" }));
      summary = { heading: top.firstChild?.textContent.trim() ?? "", blocks };
    }
    this.tops.set(top, summary);
    return summary;
  }

  private block(block: PMNode): BlockSummary {
    let summary = this.blocks.get(block);
    if (summary) return summary;
    summary = { whole: [], pieces: [], label: block.type.name === "clause" ? displayLabel(block) : "" };
    for (const [attr, kind] of [["inserted", "block-insertion"], ["deleted", "block-deletion"]] as const) {
      const change = block.attrs[attr] as { id: string; by: string; at: string | null } | null;
      if (change) summary.whole.push({ id: change.id, kind, by: change.by, at: change.at ?? null });
    }
    block.forEach((child, offset) => {
      for (const mark of child.marks) if (isChangeMark(mark)) summary!.pieces.push({ mark, from: offset, to: offset + child.nodeSize, text: child.text ?? " " });
    });
    this.blocks.set(block, summary);
    return summary;
  }
}

function sameEntry(a: ChangeEntry, b: ChangeEntry): boolean {
  return (
    a.kind === b.kind &&
    a.by === b.by &&
    a.at === b.at &&
    a.note === b.note &&
    a.from === b.from &&
    a.to === b.to &&
    a.text === b.text &&
    a.group?.index === b.group?.index &&
    a.group?.heading === b.group?.heading &&
    a.clause?.pos === b.clause?.pos &&
    a.clause?.label === b.clause?.label
  );
}

/** How many entries each author has, in the order authors first appear. */
export function countByAuthor(entries: readonly ChangeEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.by, (counts.get(e.by) ?? 0) + 1);
  return counts;
}

interface Piece {
  from: number;
  to: number;
  text: string;
  block: number;
}

function addPiece(entries: Map<string, ChangeEntry>, lastBlock: Map<string, number>, mark: Mark, piece: Piece, where: Where): void {
  const id = mark.attrs.id as string;
  const entry = entries.get(id);
  if (!entry) {
    entries.set(id, newEntry(mark, piece, where));
  } else if (entry.kind === "block-insertion" || entry.kind === "block-deletion") {
    return; // the same id on the block and its text: the block already covers it
  } else {
    const joint = lastBlock.get(id) !== piece.block ? "\n" : entry.to === piece.from ? "" : " … ";
    if (entry.text.length <= MAX_TEXT) entry.text += joint + piece.text;
    entry.from = Math.min(entry.from, piece.from);
    entry.to = Math.max(entry.to, piece.to);
  }
  lastBlock.set(id, piece.block);
}

function newEntry(mark: Mark, piece: Piece, where: Where): ChangeEntry {
  const kind = mark.type.name as ChangeMarkName;
  const note = kind === "bracket" ? ((mark.attrs.note as string | null) ?? null) : null;
  const by = mark.attrs.by as string;
  const at = (mark.attrs.at as string | null) ?? null;
  return { id: mark.attrs.id as string, kind, by, at, note, from: piece.from, to: piece.to, text: piece.text, ...where };
}

function isChangeMark(mark: Mark): boolean {
  return (CHANGE_MARKS as readonly string[]).includes(mark.type.name);
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT - 1) + "…" : text;
}
