import type { Node as PMNode } from "prosemirror-model";
import type { EditorState, Transaction } from "prosemirror-state";
import { schema } from "../schema.ts";
import type { Author } from "./author.ts";
import { ATTRIBUTED, DECISION } from "./decide.ts";
import { newChangeId } from "./ids.ts";
import { bracketSpan, bracketSpans } from "./spans.ts";
import type { BracketSpan } from "./spans.ts";
import { bareLineBreaks } from "./line-breaks.ts";

/** Alternatives in brackets ("Encourage/ Instructs", options, "[furtherance][pursuit]"): see alternatives.ts. */
export { alternativesOf, pickAlternative, siblingBrackets } from "./alternatives.ts";

/**
 * Square brackets: text not agreed. A delegation brackets a range (brackets nest and
 * may span blocks, never cross); the chair agrees a bracket (the brackets go, the text
 * stays) or drops it (the bracketed text goes). Agreeing and dropping are decisions:
 * one transaction each, with the DECISION meta, undoable by the chair.
 */

/** A proposal the operation refuses, with the reason to show. */
export interface Refusal {
  refused: string;
}

/**
 * Brackets the text from `from` to `to` as `author`, with an optional note ("pending
 * decision of COM5"). Refuses a range without text and one that would cross an existing
 * bracket. The transaction carries the ATTRIBUTED meta, so the editor does not track
 * it again: it is already attributed (the tracking rewrite keeps only text replacement).
 */
export function addBracket(state: EditorState, from: number, to: number, author: Author, note?: string | null): Transaction | Refusal {
  const doc = state.doc;
  if (from < 0 || to > doc.content.size || from > to) throw new RangeError(`bracket range ${from}-${to} is outside the document (size ${doc.content.size})`);
  if (from === to || doc.textBetween(from, to, "", "") === "") return { refused: "select the text to bracket" };
  const crossed = bracketSpans(doc).find((s) => crosses(s, from, to));
  if (crossed) return { refused: `the new bracket would cross the bracket around “${short(doc, crossed)}”: brackets must nest` };
  const mark = schema.marks.bracket.create({ id: newChangeId("b"), by: author.by, at: author.at, note: note?.trim() || null });
  const tr = state.tr.addMark(from, to, mark).setMeta(ATTRIBUTED, true);
  bareLineBreaks(tr, from, to);
  return tr;
}

/** Agrees a bracket: its mark goes from every piece, the text (and any bracket nested in it) stays. Null when no such bracket. */
export function agreeBracket(state: EditorState, id: string): Transaction | null {
  const span = bracketSpan(state.doc, id);
  if (!span) return null;
  const tr = state.tr;
  for (const piece of span.pieces) tr.removeMark(piece.from, piece.to, piece.mark);
  return tr.setMeta(DECISION, true);
}

/**
 * Drops a bracket: its text goes from every block it spans. A block whose whole text
 * was bracketed goes with it, a clause group whose every block goes goes too; a group
 * heading that must stay (its group keeps other blocks) is emptied. Blocks are not joined.
 * Null when no such bracket.
 */
export function dropBracket(state: EditorState, id: string): Transaction | null {
  const span = bracketSpan(state.doc, id);
  if (!span) return null;
  const tr = state.tr;
  for (const [from, to] of dropRanges(state.doc, span).reverse()) tr.delete(from, to);
  return tr.setMeta(DECISION, true);
}

/** Whether a new bracket from..to would cross `span` (overlap without either containing the other). */
function crosses(span: BracketSpan, from: number, to: number): boolean {
  const overlap = from < span.to && span.from < to;
  const inside = span.from <= from && to <= span.to;
  const around = from <= span.from && span.to <= to;
  return overlap && !inside && !around;
}

function short(doc: PMNode, span: BracketSpan): string {
  const text = doc.textBetween(span.from, span.to, " ", " ");
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}

/** The ranges to delete to drop a bracket, in document order. */
function dropRanges(doc: PMNode, span: BracketSpan): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  doc.forEach((top, topPos) => {
    if (top.type.name !== "clause_group") return void ranges.push(...blockRanges(top, topPos, span, false));
    if (topPos + top.nodeSize <= span.from || topPos >= span.to) return;
    const inner: Array<[number, number]> = [];
    let whole = true;
    top.forEach((block, offset) => {
      const pos = topPos + 1 + offset;
      if (!covered(block, pos, span)) whole = false;
      inner.push(...blockRanges(block, pos, span, block.type.name === "group_heading"));
    });
    ranges.push(...(whole ? [[topPos, topPos + top.nodeSize] as [number, number]] : inner));
  });
  return coalesce(coalesce(ranges.filter(([a, b]) => b > a)).map(([a, b]) => withSpaceBefore(doc, a, b)));
}

/** Ranges sorted, with touching or overlapping ones merged. */
function coalesce(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Dropped text takes the space before it when it would leave two spaces, or a space
 * before punctuation: "Follow-up [(2005-2014)];" becomes "Follow-up;".
 */
function withSpaceBefore(doc: PMNode, from: number, to: number): [number, number] {
  const $from = doc.resolve(from);
  if (!$from.parent.isTextblock || from - 1 < $from.start() || to > $from.end()) return [from, to];
  const before = doc.textBetween(from - 1, from);
  const after = to < $from.end() ? doc.textBetween(to, to + 1) : "";
  return before === " " && (after === "" || /^[\s;,.:)\]]$/.test(after)) ? [from - 1, to] : [from, to];
}

/** A block's ranges to delete: the whole block when the bracket covers it (its content if it must stay), else its pieces. */
function blockRanges(block: PMNode, pos: number, span: BracketSpan, keep: boolean): Array<[number, number]> {
  if (pos + block.nodeSize <= span.from || pos >= span.to) return [];
  if (covered(block, pos, span)) return [keep ? [pos + 1, pos + block.nodeSize - 1] : [pos, pos + block.nodeSize]];
  return span.pieces.filter((p) => p.block === pos).map((p) => [p.from, p.to]);
}

/** Whether every bit of a block's content carries the bracket (an empty block: whether it lies inside the span). */
function covered(block: PMNode, pos: number, span: BracketSpan): boolean {
  if (block.content.size === 0) return pos > span.from && pos < span.to;
  let all = true;
  block.forEach((child) => {
    if (!child.marks.some((m) => m.type.name === "bracket" && m.attrs.id === span.id)) all = false;
  });
  return all;
}
