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
  const entries = new Map<string, ChangeEntry>();
  const lastBlock = new Map<string, number>();
  forEachBlock(doc, (block, pos, where) => {
    addBlockChanges(entries, block, pos, where);
    block.forEach((child, offset) => {
      const from = pos + 1 + offset;
      for (const mark of child.marks) {
        if (!isChangeMark(mark)) continue;
        addPiece(entries, lastBlock, mark, { from, to: from + child.nodeSize, text: child.text ?? " ", block: pos }, where);
      }
    });
  });
  return [...entries.values()].map((e) => ({ ...e, text: cut(e.text) }));
}

/** How many entries each author has, in the order authors first appear. */
export function countByAuthor(entries: readonly ChangeEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.by, (counts.get(e.by) ?? 0) + 1);
  return counts;
}

/** Calls `f` for every text block in document order, with its clause group and clause. */
function forEachBlock(doc: PMNode, f: (block: PMNode, pos: number, where: Where) => void): void {
  let groupIndex = 0;
  doc.forEach((top, topPos) => {
    if (top.type.name !== "clause_group") return f(top, topPos, { group: null, clause: null });
    const group = { index: groupIndex++, heading: top.firstChild?.textContent.trim() ?? "" };
    top.forEach((block, offset) => {
      const pos = topPos + 1 + offset;
      const clause = block.type.name === "clause" ? { pos, label: displayLabel(block) } : null;
      f(block, pos, { group, clause });
    });
  });
}

function addBlockChanges(entries: Map<string, ChangeEntry>, block: PMNode, pos: number, where: Where): void {
  const whole = { from: pos, to: pos + block.nodeSize, text: block.textContent };
  for (const [attr, kind] of [["inserted", "block-insertion"], ["deleted", "block-deletion"]] as const) {
    const change = block.attrs[attr] as { id: string; by: string; at: string | null } | null;
    if (!change || entries.has(change.id)) continue;
    entries.set(change.id, { id: change.id, kind, by: change.by, at: change.at ?? null, note: null, ...whole, ...where });
  }
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
