import type { Node as PMNode } from "prosemirror-model";
import type { EditorState, Transaction } from "prosemirror-state";
import { DECISION } from "./decide.ts";
import { bracketSpan, bracketSpans } from "./spans.ts";
import type { BracketSpan, Within } from "./spans.ts";

/**
 * Alternatives held in brackets, and picking one. Three forms, as drafts write them:
 *
 * - Slash alternatives inside one bracket: "[Encourage/ Instructs]". A slash counts as a
 *   separator only with white space on at least one side, so "moderator/facilitator" and
 *   "telecommunication/ICT" stay words.
 * - Labelled options inside one bracket: "[Option 1: ... Option 2: ...]" (also "Option A:").
 *   The text must start with the first option; the labels are not part of the options.
 * - Side-by-side brackets: "[furtherance][pursuit]", "[Option 1: ...] [Option 2: ...]":
 *   brackets in the same block, neither inside the other, with nothing but white space
 *   between one's end and the next one's start, inside the same enclosing brackets. The run is found from any of them, so
 *   every sibling lists the same alternatives in the same order; an "Option N:" label at
 *   the start of a sibling is not part of its alternative.
 *
 * A bracket's own alternatives win over its siblings. Brackets spanning several blocks
 * hold no alternatives.
 */

/** Offsets of one alternative in the bracket's text. */
interface Segment {
  start: number;
  end: number;
}

const OPTION = /Option\s+(?:\d+|[A-Z])\s*:\s*/gi;
const SLASH = /\s*\/\s+|\s+\/\s*/g;

/**
 * The alternatives a bracket offers, in order ([] when none): its own, or its side-by-side
 * siblings'. `within` looks only there (the bracket's block and the blocks either side, for
 * a long draft's panel): a bracket whose pieces run on beyond it would be taken as one-block.
 */
export function alternativesOf(doc: PMNode, id: string, within?: Within): string[] {
  const span = bracketSpan(doc, id, within);
  if (!span || !span.oneBlock) return [];
  const { text } = textOf(doc, span);
  const inner = innerAlternatives(text);
  if (inner.length >= 2) return inner.map((s) => text.slice(s.start, s.end));
  const run = siblingRun(doc, span, within);
  return run.length >= 2 ? run.map((s) => siblingText(doc, s)) : [];
}

/** The ids of the side-by-side brackets `id` stands among, in order (itself included); [] when it has no siblings. */
export function siblingBrackets(doc: PMNode, id: string): string[] {
  const span = bracketSpan(doc, id);
  const run = span && span.oneBlock ? siblingRun(doc, span) : [];
  return run.length >= 2 ? run.map((s) => s.id) : [];
}

/**
 * Picks alternative `index` of a bracket (see {@link alternativesOf}): the bracket's text
 * becomes that alternative and the bracket goes; for side-by-side brackets the picked one
 * keeps its text (without its "Option N:" label) and its siblings go with the space between.
 * A decision: DECISION meta set. Null when no such bracket; a RangeError when it holds no
 * alternative `index`.
 */
export function pickAlternative(state: EditorState, id: string, index: number): Transaction | null {
  const doc = state.doc;
  const span = bracketSpan(doc, id);
  if (!span) return null;
  const count = alternativesOf(doc, id).length;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`bracket "${id}" has no alternative ${index} (it has ${count})`);
  }
  const { text, pos } = textOf(doc, span);
  const inner = innerAlternatives(text);
  const tr = inner.length >= 2 ? keepInner(state, span, pos, inner[index]) : keepSibling(state, siblingRun(doc, span), index);
  return tr.setMeta(DECISION, true);
}

/** The bracket's text and the document position of each of its characters (a line break reads "\n"). */
function textOf(doc: PMNode, span: BracketSpan): { text: string; pos: number[] } {
  let text = "";
  const pos: number[] = [];
  for (const piece of span.pieces) {
    const node = doc.nodeAt(piece.from);
    const chars = node?.isText ? (node.text ?? "") : "\n";
    for (let i = 0; i < chars.length; i++) pos.push(piece.from + (node?.isText ? i : 0));
    text += chars;
  }
  return { text, pos };
}

/** Labelled options, else slash alternatives, else none, each trimmed. */
function innerAlternatives(text: string): Segment[] {
  const options = [...text.matchAll(OPTION)];
  if (options.length >= 2 && text.slice(0, options[0].index).trim() === "") {
    const bounds = options.map((m, i) => ({ start: m.index + m[0].length, end: options[i + 1]?.index ?? text.length }));
    return nonEmpty(bounds.map((b) => trim(text, b)));
  }
  const cuts = [...text.matchAll(SLASH)];
  if (cuts.length === 0) return [];
  const starts = [0, ...cuts.map((m) => m.index + m[0].length)];
  const ends = [...cuts.map((m) => m.index), text.length];
  return nonEmpty(starts.map((start, i) => trim(text, { start, end: ends[i] })));
}

function nonEmpty(segments: Segment[]): Segment[] {
  return segments.some((s) => s.end <= s.start) ? [] : segments;
}

function trim(text: string, s: Segment): Segment {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** The side-by-side run `span` belongs to, in order (just itself when alone). */
function siblingRun(doc: PMNode, span: BracketSpan, within?: Within): BracketSpan[] {
  const block = span.pieces[0].block;
  const candidates = bracketSpans(doc, within).filter((s) => s.oneBlock && s.pieces[0].block === block);
  const byStart = candidates.sort((a, b) => a.from - b.from);
  const run = [span];
  for (let s = next(doc, byStart, span); s && !run.includes(s); s = next(doc, byStart, s)) run.push(s);
  for (let s = previous(doc, byStart, span); s && !run.includes(s); s = previous(doc, byStart, s)) run.unshift(s);
  return run;
}

function next(doc: PMNode, spans: BracketSpan[], span: BracketSpan): BracketSpan | undefined {
  return spans.find((s) => s.from >= span.to && blankBetween(doc, span.to, s.from) && apart(s, span) && sameLevel(spans, s, span));
}

function previous(doc: PMNode, spans: BracketSpan[], span: BracketSpan): BracketSpan | undefined {
  return [...spans].reverse().find((s) => s.to <= span.from && blankBetween(doc, s.to, span.from) && apart(s, span) && sameLevel(spans, s, span));
}

/** Whether two brackets stand inside the same brackets (siblings are never one nested deeper). */
function sameLevel(spans: BracketSpan[], a: BracketSpan, b: BracketSpan): boolean {
  const around = (x: BracketSpan) => spans.filter((s) => s !== x && s.from <= x.from && x.to <= s.to && !(s.from === x.from && s.to === x.to)).map((s) => s.id).sort().join(" ");
  return around(a) === around(b);
}

const apart = (a: BracketSpan, b: BracketSpan) => a.to <= b.from || b.to <= a.from;
const blankBetween = (doc: PMNode, from: number, to: number) => doc.textBetween(from, to, " ", " ").trim() === "";

/** A sibling's alternative: its text without a leading "Option N:" label, trimmed. */
function siblingText(doc: PMNode, span: BracketSpan): string {
  const { text } = textOf(doc, span);
  const s = siblingKept(text);
  return text.slice(s.start, s.end);
}

function siblingKept(text: string): Segment {
  const label = /^\s*Option\s+(?:\d+|[A-Z])\s*:\s*/i.exec(text);
  return trim(text, { start: label ? label[0].length : 0, end: text.length });
}

/** Keeps one segment of a bracket's own text: the rest of it goes, then the bracket. */
function keepInner(state: EditorState, span: BracketSpan, pos: number[], keep: Segment): Transaction {
  const tr = state.tr;
  for (const piece of span.pieces) tr.removeMark(piece.from, piece.to, piece.mark);
  tr.delete(pos[keep.end - 1] + 1, span.to);
  tr.delete(span.from, pos[keep.start]);
  return tr;
}

/** Keeps sibling `index` (its bracket goes) and deletes the others with the space between them. */
function keepSibling(state: EditorState, run: BracketSpan[], index: number): Transaction {
  const doc = state.doc;
  const chosen = run[index];
  const { text, pos } = textOf(doc, chosen);
  const kept = siblingKept(text);
  const tr = state.tr;
  for (const piece of chosen.pieces) tr.removeMark(piece.from, piece.to, piece.mark);
  tr.delete(pos[kept.end - 1] + 1, run[run.length - 1].to);
  tr.delete(run[0].from, pos[kept.start]);
  return tr;
}
