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

/**
 * The entries of one top-level node (a clause group or a header block), positions from the
 * node's start; kept per node. `laid` is the same entries placed at `pos` as group number
 * `index` the last time the node was met, so a node that did not move costs nothing.
 */
interface Segment {
  /** Heading of a clause group (null: a header block). */
  heading: string | null;
  relative: ChangeEntry[];
  /** Ids that appear in more than one of its blocks' or in another node's entries are joined in {@link ChangeList.update}. */
  laid: { pos: number; index: number; entries: ChangeEntry[] } | null;
}

/**
 * The list of changes kept up to date as the document changes. ProseMirror keeps the node
 * objects of what a transaction did not touch (y-prosemirror too, for a remote update), so
 * what each block and each top-level node (a clause group, a header block) holds is read
 * once per node and kept with it, positions relative to the node: an update reads again only
 * the blocks it changed, and places each top-level node's entries where it now stands. A
 * node that did not move gives back its entries' objects as they were; one that moved (text
 * typed above it) gives copies at the new positions. A panel re-draws only the entries that
 * differ; a keystroke costs a walk over the top-level nodes and copies of the entries below it.
 */
export class ChangeList {
  private readonly blocks = new WeakMap<PMNode, BlockSummary>();
  private readonly segments = new WeakMap<PMNode, Segment>();
  private doc: PMNode | null = null;
  private entries: readonly ChangeEntry[] = [];
  private byId = new Map<string, ChangeEntry>();

  /** The entries of `doc`, in document order. */
  update(doc: PMNode): readonly ChangeEntry[] {
    if (doc === this.doc) return this.entries;
    const list: ChangeEntry[] = [];
    const byId = new Map<string, ChangeEntry>();
    /** Ids met in an earlier top-level node: where in `list` their entry is. */
    const at = new Map<string, number>();
    const joins: number[] = [];
    let index = 0;
    doc.forEach((top, pos) => {
      const segment = this.segment(top);
      const group = segment.heading === null ? -1 : index++;
      for (const entry of this.lay(segment, pos, group)) {
        const earlier = at.get(entry.id);
        if (earlier === undefined) {
          at.set(entry.id, list.length);
          list.push(entry);
          byId.set(entry.id, entry);
          continue;
        }
        // One change across two top-level nodes (a bracket from a heading into a group): one entry.
        const first = list[earlier]!;
        if (first.kind === "block-insertion" || first.kind === "block-deletion" || entry.kind === "block-insertion" || entry.kind === "block-deletion") continue;
        const joined = { ...first, from: Math.min(first.from, entry.from), to: Math.max(first.to, entry.to), text: first.text.length <= MAX_TEXT ? cut(`${first.text}\n${entry.text}`) : first.text };
        list[earlier] = joined;
        byId.set(entry.id, joined);
        joins.push(earlier);
      }
    });
    // Joined entries are new objects each time: keep the previous one when it reads the same.
    for (const i of joins) {
      const before = this.byId.get(list[i]!.id);
      if (before && before !== list[i] && sameEntry(before, list[i]!)) {
        list[i] = before;
        byId.set(before.id, before);
      }
    }
    this.doc = doc;
    this.entries = list;
    this.byId = byId;
    return list;
  }

  /** The entry with this id in the last document given to {@link update}. */
  get(id: string): ChangeEntry | undefined {
    return this.byId.get(id);
  }

  /** The entry with this id in `doc`, where it stands now. */
  at(doc: PMNode, id: string): ChangeEntry | undefined {
    this.update(doc);
    return this.byId.get(id);
  }

  /** A top-level node's entries at `pos`, in group number `index` (-1: a header block). */
  private lay(segment: Segment, pos: number, index: number): readonly ChangeEntry[] {
    const laid = segment.laid;
    if (laid && laid.pos === pos && laid.index === index) return laid.entries;
    const group = segment.heading === null ? null : { index, heading: segment.heading };
    const clauses = new Map<ClauseRef, ClauseRef>();
    const entries = segment.relative.map((entry, i) => {
      // The same entry as before, when nothing about it changed (a node read again for an edit elsewhere in it).
      const before = laid ? laid.entries[i] : this.byId.get(entry.id);
      let clause = entry.clause && clauses.get(entry.clause);
      if (entry.clause && !clause) clauses.set(entry.clause, (clause = { pos: pos + entry.clause.pos, label: entry.clause.label }));
      const placed: ChangeEntry = { ...entry, from: pos + entry.from, to: pos + entry.to, group, clause: clause ?? null };
      return before && sameEntry(before, placed) ? before : placed;
    });
    segment.laid = { pos, index, entries };
    return entries;
  }

  /** What a top-level node holds, positions from its start (read once per node). */
  private segment(top: PMNode): Segment {
    let segment = this.segments.get(top);
    if (segment) return segment;
    const heading = top.type.name === "clause_group" ? (top.firstChild?.textContent.trim() ?? "") : null;
    const entries = new Map<string, ChangeEntry>();
    const lastBlock = new Map<string, number>();
    const readBlock = (block: PMNode, pos: number, clause: boolean) => {
      const summary = this.block(block);
      const where: Where = { group: null, clause: clause ? { pos, label: summary.label } : null };
      for (const change of summary.whole) {
        if (!entries.has(change.id)) entries.set(change.id, { ...change, note: null, from: pos, to: pos + block.nodeSize, text: block.textContent, ...where });
      }
      for (const piece of summary.pieces) addPiece(entries, lastBlock, piece.mark, { from: pos + 1 + piece.from, to: pos + 1 + piece.to, text: piece.text, block: pos }, where);
    };
    if (heading === null) readBlock(top, 0, false);
    else top.forEach((block, offset) => readBlock(block, 1 + offset, block.type.name === "clause"));
    const relative = [...entries.values()];
    for (const entry of relative) entry.text = cut(entry.text);
    segment = { heading, relative, laid: null };
    this.segments.set(top, segment);
    return segment;
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
