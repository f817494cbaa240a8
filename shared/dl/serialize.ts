import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import type { ChangeAttrs } from "../schema.ts";
import { readAnnotation, readBlockAnnotation, writeAnnotation, writeBlockAnnotation } from "./annotation.ts";
import { labelLength } from "./classify.ts";
import { ESCAPABLE, hasOpenToggle, lexBlock } from "./lexer.ts";
import type { Piece } from "./lexer.ts";
import { pairTokens } from "./pairing.ts";
import { cleanDoc } from "./clean.ts";

/**
 * A document to DL text. Variants:
 * - `marked` (default): `~~deleted~~`, `<ins>inserted</ins>`, `[bracketed]`, `**bold**`, `*italic*`;
 * - `clean`: deletions gone, insertions as plain text, brackets kept;
 * - `attributed`: marked, and after each change and bracket who proposed it, when,
 *   and its id ({USA 2026-11-28T10:15:00.000Z #i7}), which `parse` reads back.
 *
 * Where several marks open or close at one place, tokens follow the schema's mark
 * order (insertion, deletion, strong, em outside; brackets inside), nested brackets
 * nest, and literal characters that would read as markup are escaped with "\".
 */

export type Variant = "marked" | "clean" | "attributed";
export const VARIANTS: readonly Variant[] = ["marked", "clean", "attributed"];

export interface SerializeOptions {
  variant?: Variant;
}

type Out =
  | { k: "tok"; s: string; annotation: string; closes: boolean }
  | { k: "text"; s: string }
  | { k: "break"; marks: readonly Mark[] };

interface Item {
  /** Text, or null for a line break. */
  text: string | null;
  marks: readonly Mark[];
}

const TOGGLE_TOKEN: Record<string, [string, string]> = {
  insertion: ["<ins>", "</ins>"],
  deletion: ["~~", "~~"],
  strong: ["**", "**"],
  em: ["*", "*"],
};

export function serialize(doc: PMNode, options: SerializeOptions = {}): string {
  const variant = options.variant ?? "marked";
  if (!VARIANTS.includes(variant)) throw new RangeError(`unknown variant "${variant}" (marked, clean or attributed)`);
  const source = variant === "clean" ? cleanDoc(doc) : doc;
  const blocks = textBlocks(source).filter((b) => b.content.size > 0);
  const items = blocks.map(itemsOf);
  const runs = bracketRuns(items);
  const outs = items.map((list, b) => writeBlock(list, runs, b, variant === "attributed"));
  // A literal "~~" at the end of a line must not join it to the line below.
  outs.forEach((out, b) => {
    const next = blocks[b + 1];
    if (next && next.attrs.gap === 0 && !next.attrs.list && hasOpenToggle(lexBlock(sourceOf(out)))) escapeToggles(out, true);
  });
  escapeBrackets(outs);
  const eol = source.attrs.eol as string;
  let text = "";
  blocks.forEach((node, i) => {
    const gap = node.attrs.gap as number;
    text += eol.repeat(i === 0 ? gap : gap + 1);
    if (variant === "attributed") text += blockAnnotations(node);
    if (node.attrs.list) text += "- ";
    text += escapeLineStart(blockText(outs[i], eol), !node.attrs.list);
  });
  return text + eol.repeat(source.attrs.trailing as number);
}

function blockAnnotations(node: PMNode): string {
  const { inserted, deleted } = node.attrs as { inserted: ChangeAttrs | null; deleted: ChangeAttrs | null };
  return (inserted ? writeBlockAnnotation({ sign: "+", ...inserted, at: inserted.at ?? null }) : "") +
    (deleted ? writeBlockAnnotation({ sign: "-", ...deleted, at: deleted.at ?? null }) : "");
}

/** A line whose text starts like a block annotation gets its "{" escaped. */
function escapeLineStart(text: string, atLineStart: boolean): string {
  return atLineStart && readBlockAnnotation(text) ? `\\${text}` : text;
}

/** The text blocks of a document in reading order. */
export function textBlocks(doc: PMNode): PMNode[] {
  const blocks: PMNode[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) {
      blocks.push(node);
      return false;
    }
    return true;
  });
  return blocks;
}

function itemsOf(block: PMNode): Item[] {
  const items: Item[] = [];
  block.forEach((child) => {
    const marks = child.marks.filter((m) => m.type !== schema.marks.label);
    const last = items[items.length - 1];
    if (child.isText && last && last.text !== null && sameMarks(last.marks, marks)) last.text += child.text;
    else items.push({ text: child.isText ? child.text! : null, marks });
  });
  return items;
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((m, i) => m.eq(b[i]));
}

/** Where a bracket's run opens and closes, as positions "block:item" in reading order. */
interface BracketRun {
  mark: Mark;
  start: Pos;
  end: Pos;
}
interface Pos {
  block: number;
  item: number;
}
const before = (a: Pos, b: Pos) => a.block - b.block || a.item - b.item;

/** Bracket runs: a run goes on across block boundaries while the next block starts inside it. */
interface Runs {
  /** opening[block][item]: the runs that open at that item. */
  opening: BracketRun[][][];
  /** closing[block][item]: the runs that close after that item. */
  closing: BracketRun[][][];
}
const samePos = (a: Pos, b: Pos) => a.block === b.block && a.item === b.item;

function bracketRuns(items: Item[][]): Runs {
  const runs: BracketRun[] = [];
  const open = new Map<string, BracketRun>();
  let last: Pos | null = null;
  items.forEach((list, block) =>
    list.forEach((item, index) => {
      const pos = { block, item: index };
      const here = new Set<string>();
      for (const m of item.marks) {
        if (m.type !== schema.marks.bracket) continue;
        const id = m.attrs.id as string;
        here.add(id);
        const run = open.get(id);
        if (run && last && samePos(run.end, last)) run.end = pos;
        else {
          const fresh = { mark: m, start: pos, end: pos };
          runs.push(fresh);
          open.set(id, fresh);
        }
      }
      last = pos;
    }),
  );
  const opening: BracketRun[][][] = items.map(() => []);
  const closing: BracketRun[][][] = items.map(() => []);
  for (const run of runs) {
    (opening[run.start.block][run.start.item] ??= []).push(run);
    (closing[run.end.block][run.end.item] ??= []).push(run);
  }
  // Of brackets opening together, the longest opens first; closing, the last opened closes first.
  for (const list of opening.flat()) if (list) list.sort((a, b) => before(b.end, a.end) || idOrder(a, b));
  for (const list of closing.flat()) if (list) list.sort((a, b) => before(b.start, a.start) || before(a.end, b.end) || idOrder(b, a));
  return { opening, closing };
}

function idOrder(a: BracketRun, b: BracketRun): number {
  return a.mark.attrs.id < b.mark.attrs.id ? -1 : a.mark.attrs.id > b.mark.attrs.id ? 1 : 0;
}

/** Position of a mark type in the schema: the order in which marks open at one place. */
const markOrder = (m: Mark) => Object.keys(schema.marks).indexOf(m.type.name);

const isToggle = (m: Mark) => m.type !== schema.marks.bracket;
const toggleKey = (m: Mark) => (m.type.name === "strong" || m.type.name === "em" ? m.type.name : `${m.type.name}:${m.attrs.id}`);

/** Writes one block's items as text and tokens; brackets are escaped later, over the whole text. */
function writeBlock(items: Item[], runs: Runs, block: number, attributed: boolean): Out[] {
  const out: Out[] = [];
  const token = (m: Mark, open: boolean) => {
    const name = m.type.name;
    const s = name === "bracket" ? (open ? "[" : "]") : TOGGLE_TOKEN[name][open ? 0 : 1];
    const annotated = attributed && !open && name !== "strong" && name !== "em";
    const note = annotated ? writeAnnotation({ by: m.attrs.by, at: m.attrs.at, id: m.attrs.id, note: name === "bracket" ? m.attrs.note : null }) : "";
    out.push({ k: "tok", s, annotation: note, closes: !open });
  };
  let previous: Mark[] = [];
  const none: BracketRun[] = [];
  const transition = (next: Mark[], index: number) => {
    const closingBrackets = (index > 0 && runs.closing[block][index - 1]) || none;
    const openingBrackets = (index < items.length && runs.opening[block][index]) || none;
    if (closingBrackets === none && openingBrackets === none && sameMarks(previous, next)) return;
    const nextKeys = new Set(next.map(toggleKey));
    const prevKeys = new Set(previous.map(toggleKey));
    // Inner marks close first: brackets, then em, strong, deletion, insertion; outer marks open first.
    for (const run of closingBrackets) if (!run.mark.attrs.closeOutside) token(run.mark, false);
    previous.filter((m) => !nextKeys.has(toggleKey(m))).sort((a, b) => markOrder(b) - markOrder(a)).forEach((m) => token(m, false));
    for (const run of closingBrackets) if (run.mark.attrs.closeOutside) token(run.mark, false);
    for (const run of openingBrackets) if (run.mark.attrs.openOutside) token(run.mark, true);
    next.filter((m) => !prevKeys.has(toggleKey(m))).sort((a, b) => markOrder(a) - markOrder(b)).forEach((m) => token(m, true));
    for (const run of openingBrackets) if (!run.mark.attrs.openOutside) token(run.mark, true);
    previous = next;
  };
  items.forEach((item, index) => {
    transition(item.marks.filter(isToggle), index);
    out.push(item.text === null ? { k: "break", marks: item.marks } : { k: "text", s: item.text });
  });
  transition([], items.length);
  escapeBackslashes(out);
  escapeToggles(out);
  return out;
}

const sourceOf = (out: Out[]) => out.map((o) => (o.k === "break" ? "\n" : o.k === "tok" ? o.s + o.annotation : o.s)).join("");

/** Escapes "~", "*" and "<ins>" in a block's text when, left raw, they would read as markup. */
function escapeToggles(out: Out[], always = false): void {
  if (!out.some((o) => o.k === "text" && /[~*<]/.test(o.s))) return;
  if (!always && readsBack(out)) return;
  for (const o of out) if (o.k === "text") o.s = o.s.replace(/[~*]|<(?=\/?ins>)/g, "\\$&");
}

const isBracketToken = (t: string) => t === "[" || t === "]";

/** Text a piece stands for once read: escapes undone (as the lexer reads them). */
const unescapedLength = (s: string) => s.replace(/\\([\\[\]~*<{])/g, "$1").length;

/**
 * The tokens written in a block, each as "text position:token:role", where the text
 * position counts the characters of text before it: tokens at one place compare equal
 * in any order ("***" reads as "**" then "*" whichever was meant first).
 */
function writtenTokens(out: Out[], brackets: boolean): string[] {
  let at = 0;
  const keys: string[] = [];
  for (const o of out) {
    if (o.k === "tok") {
      if (isBracketToken(o.s) === brackets) keys.push(`${at}:${o.s}:${o.closes ? "close" : "open"}`);
    } else at += o.k === "break" ? 1 : unescapedLength(o.s);
  }
  return keys.sort();
}

/** The tokens that pairing really uses in lexed pieces, keyed as in writtenTokens. */
function pairedTokens(pieces: Piece[], brackets: boolean): string[] {
  let at = 0;
  const keys: string[] = [];
  for (const p of pieces) {
    if (p.kind === "text") at += p.text.length;
    else if (p.kind === "break") at += 1;
    else if (!p.role) at += p.token.length + p.annotationSource.length;
    else {
      if (isBracketToken(p.token) === brackets) keys.push(`${at}:${p.token}:${p.role}`);
      if (p.role === "open") at += p.annotationSource.length;
    }
  }
  return keys.sort();
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** True when lexing the written block pairs exactly the tokens that were written. */
function readsBack(out: Out[]): boolean {
  const pieces = lexBlock(sourceOf(out));
  pairTokens([pieces]);
  return sameList(pairedTokens(pieces, false), writtenTokens(out, false));
}

/** True when the written text, read back, pairs exactly the brackets that were written. */
function bracketsReadBack(outs: Out[][]): boolean {
  const blocks = outs.map((out) => lexBlock(sourceOf(out)));
  pairTokens(blocks);
  return blocks.every((pieces, b) => sameList(pairedTokens(pieces, true), writtenTokens(outs[b], true)));
}

/**
 * Literal brackets left raw are kept raw when they read back as literal (as the
 * reference document's three lost "[" do); otherwise a "]" stays raw where no bracket is open (it pairs with nothing,
 * as in the reference document), a "[" where no "]" follows; otherwise "\[" and "\]".
 */
function escapeBrackets(outs: Out[][]): void {
  if (!outs.some((out) => out.some((o) => o.k === "text" && /[[\]]/.test(o.s)))) return;
  if (bracketsReadBack(outs)) return;
  let depth = 0;
  for (const out of outs) {
    for (const o of out) {
      if (o.k === "tok") depth += o.s === "[" ? 1 : o.s === "]" ? -1 : 0;
      else if (o.k === "text" && o.s.includes("]")) {
        o.s = o.s.replace(/]/g, () => (depth > 0 ? "\\]" : "]"));
      }
    }
  }
  let closeFollows = false;
  for (let b = outs.length - 1; b >= 0; b--) {
    const out = outs[b];
    for (let i = out.length - 1; i >= 0; i--) {
      const o = out[i];
      if (o.k === "tok" && o.s === "]") closeFollows = true;
      else if (o.k === "text") {
        let s = "";
        for (let c = o.s.length - 1; c >= 0; c--) {
          const ch = o.s[c];
          if (ch === "]") closeFollows = true;
          s = (ch === "[" && closeFollows && o.s[c - 1] !== "\\" ? "\\[" : ch) + s;
        }
        o.s = s;
      }
    }
  }
}

/** Joins a block's pieces, escaping what would otherwise be misread. */
function blockText(out: Out[], eol: string): string {
  let text = "";
  out.forEach((o, i) => {
    if (o.k === "tok") text += o.s + o.annotation;
    else if (o.k === "break") text += (spansBreak(out, i) ? "" : "\\") + eol;
    else text += escapeText(o.s, out[i - 1]);
  });
  return text;
}

/** A line break reads back without "\" when markup open across it joins the lines. */
function spansBreak(out: Out[], i: number): boolean {
  const open = (out[i] as { marks: readonly Mark[] }).marks.some((m) => m.type !== schema.marks.bracket);
  if (!open) return false;
  const rest = sourceOf(out.slice(i + 1));
  return !rest.startsWith("- ") && labelLength(rest.replace(/^[[~*]+/, "")) === 0;
}

function nextChar(out: Out[], i: number): string {
  const next = out[i + 1];
  if (!next || next.k === "break") return "\n";
  return next.k === "tok" ? next.s[0] : next.s[0] ?? "";
}

/** Escapes "{" where, after a closing token, it would read as an attribution. */
function escapeText(s: string, previous: Out | undefined): string {
  if (previous?.k === "tok" && previous.closes && !previous.annotation && readAnnotation(s)) return `\\${s}`;
  return s;
}

/**
 * Doubles a literal backslash that stands before a character it would escape, or at
 * the end of a line (where it would join the next line). Runs first, on raw text.
 */
function escapeBackslashes(out: Out[]): void {
  out.forEach((o, i) => {
    if (o.k !== "text" || !o.s.includes("\\")) return;
    const after = nextChar(out, i);
    o.s = o.s.replace(/\\/g, (m, offset: number) => {
      const next = offset + 1 < o.s.length ? o.s[offset + 1] : after;
      return ESCAPABLE.includes(next) || next === "\n" || next === "" ? "\\\\" : m;
    });
  });
}
