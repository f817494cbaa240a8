import { Fragment } from "prosemirror-model";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { byTime, isNoteLabel, schema } from "../schema.ts";
import type { ChangeAttrs } from "../schema.ts";
import { readAnnotation, readBlockAnnotation, writeAnnotation, writeBlockAnnotation } from "./annotation.ts";
import { isDocumentReference } from "./reference.ts";
import { labelLength } from "./classify.ts";
import { codeEscape, ESCAPABLE, hasOpenToggle, lexBlock, MUST_ESCAPE, mustEscapeCode, noteDefinition, noteRefAt, readCodeEscape } from "./lexer.ts";
import type { Piece } from "./lexer.ts";
import { BlockPairing, pairTokens } from "./pairing.ts";
import { cleanDoc, mapTextblocks } from "./clean.ts";

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
 * Text struck by several delegations is one strike: in `marked` over the union, in
 * `attributed` closed and opened again wherever the set of strikes changes, each
 * closing `~~` followed by every strike over that text (`~~words~~{USA - #d1}{RUS - #d2}`);
 * insertions likewise. Characters that cannot stand raw in text (control characters,
 * a line feed or carriage return inside text, lone surrogates) are written `\u{HEX}`,
 * and "{" is escaped wherever it would read as an annotation.
 */

export type Variant = "marked" | "clean" | "attributed";
export const VARIANTS: readonly Variant[] = ["marked", "clean", "attributed"];

export interface SerializeOptions {
  variant?: Variant;
}

type Out =
  | { k: "tok"; s: string; annotation: string; closes: boolean }
  | { k: "text"; s: string }
  /** A footnote reference, "[^1]": written as it is, never escaped. */
  | { k: "note"; s: string }
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
  const source = variant === "clean" ? cleanDoc(doc) : variant === "marked" ? markedDoc(doc) : doc;
  const blocks = textBlocks(source).filter((b) => b.content.size > 0);
  const items = blocks.map(itemsOf);
  const runs = bracketRuns(items);
  const outs = items.map((list, b) => writeBlock(list, runs, b, variant === "attributed"));
  // A literal "~~" at the end of a line must not join it to the line below.
  outs.forEach((out, b) => {
    const next = blocks[b + 1];
    if (next && next.attrs.gap === 0 && !next.attrs.list && hasOpenToggle(lexBlock(sourceOf(out)))) escapeToggles(out, true);
  });
  settle(outs);
  const eol = source.attrs.eol as string;
  let text = "";
  blocks.forEach((node, i) => {
    const gap = node.attrs.gap as number;
    text += eol.repeat(i === 0 ? gap : gap + 1);
    if (variant === "attributed") text += blockAnnotations(node);
    if (node.attrs.list) text += "- ";
    const footnote = node.type === schema.nodes.footnote;
    if (footnote) text += `[^${node.attrs.label}]: `;
    text += escapeLineStart(blockText(outs[i], eol), !node.attrs.list && !footnote);
  });
  return text + eol.repeat(source.attrs.trailing as number);
}

/**
 * The marked variant has no block annotations: a block proposed whole (a new clause, the
 * second half of a split) reads inserted, and one proposed for deletion struck, as Word's
 * and the HTML's marked exports show them, instead of as agreed text.
 */
export function markedDoc(doc: PMNode): PMNode {
  return mapTextblocks(doc, (block) => {
    const { inserted, deleted } = block.attrs as { inserted: ChangeAttrs | null; deleted: ChangeAttrs | null };
    if (!inserted && !deleted) return block;
    const children: PMNode[] = [];
    block.forEach((child) => {
      let marks = child.marks;
      if (child.isText && inserted && !schema.marks.insertion.isInSet(marks)) marks = schema.marks.insertion.create(inserted).addToSet(marks);
      if (child.isText && deleted && !schema.marks.deletion.isInSet(marks)) marks = schema.marks.deletion.create(deleted).addToSet(marks);
      children.push(child.mark(marks));
    });
    return block.copy(Fragment.from(children));
  });
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

/**
 * What one token pair writes: strong, em, or the insertions (deletions) over a text,
 * all under one `<ins>` (`~~`). A unit goes on from one item to the next while its
 * key stays the same.
 */
interface Unit {
  key: string;
  name: string;
  order: number;
  /** The changes it stands for, earliest first (written in this order after the closing token). */
  marks: Mark[];
}

/**
 * The units of an item's marks. `attributed`: a change unit goes on while the set of
 * changes is the same; `marked`: while the set shares a change with the one before
 * (so overlapping strikes read as one strike over their union).
 */
function unitsOf(marks: readonly Mark[], previous: Unit[], attributed: boolean, fresh: () => number): Unit[] {
  const units: Unit[] = [];
  let insertions: Mark[] | null = null;
  let deletions: Mark[] | null = null;
  for (const m of marks) {
    if (m.type === schema.marks.insertion) (insertions ??= []).push(m);
    else if (m.type === schema.marks.deletion) (deletions ??= []).push(m);
  }
  for (const changes of [insertions, deletions]) {
    if (!changes) continue;
    if (changes.length > 1) changes.sort(byTime);
    const name = changes[0].type.name;
    const before = previous.find((u) => u.name === name);
    const goesOn = before && (attributed ? sameMarks(before.marks, changes) : before.marks.some((m) => changes.some((c) => c.eq(m))));
    const key = goesOn ? before.key : `${name}#${fresh()}`;
    units.push({ key, name, order: markOrder(changes[0]), marks: changes });
  }
  for (const m of marks) if (m.type === schema.marks.strong || m.type === schema.marks.em) units.push({ key: m.type.name, name: m.type.name, order: markOrder(m), marks: [m] });
  return units;
}

const hasKey = (units: Unit[], key: string) => units.some((u) => u.key === key);
const sameKeys = (a: Unit[], b: Unit[]) => a.length === b.length && a.every((u) => hasKey(b, u.key));

/** Writes one block's items as text and tokens; brackets are escaped later, over the whole text. */
function writeBlock(items: Item[], runs: Runs, block: number, attributed: boolean): Out[] {
  const out: Out[] = [];
  const opened = new Map<Mark, number>();
  const bracketToken = (m: Mark, open: boolean) => {
    if (open) opened.set(m, out.length);
    const note = !open && (attributed || aroundReference(m)) ? writeAnnotation({ by: m.attrs.by, at: m.attrs.at, id: m.attrs.id, note: m.attrs.note }) : "";
    out.push({ k: "tok", s: open ? "[" : "]", annotation: note, closes: !open });
  };
  // A bracket around nothing but a document reference's text ("[WGPL/6]") would read back
  // as the reference, literal: it carries its annotation, in every variant, to stay a bracket.
  const aroundReference = (m: Mark) => {
    const start = opened.get(m);
    if (start === undefined) return false;
    const inside = out.slice(start + 1);
    return inside.every((o) => o.k === "text") && isDocumentReference(inside.map((o) => (o as { s: string }).s).join(""));
  };
  const unitToken = (u: Unit, open: boolean) => {
    const [start, end] = TOGGLE_TOKEN[u.name];
    const changes = u.name === "insertion" || u.name === "deletion";
    const note = attributed && !open && changes ? u.marks.map((m) => writeAnnotation({ by: m.attrs.by, at: m.attrs.at, id: m.attrs.id, note: null })).join("") : "";
    out.push({ k: "tok", s: open ? start : end, annotation: note, closes: !open });
  };
  let counter = 0;
  const fresh = () => counter++;
  let previous: Unit[] = [];
  const none: BracketRun[] = [];
  const transition = (next: Unit[], index: number) => {
    const closingBrackets = (index > 0 && runs.closing[block][index - 1]) || none;
    const openingBrackets = (index < items.length && runs.opening[block][index]) || none;
    if (closingBrackets === none && openingBrackets === none && sameKeys(previous, next)) {
      previous = next;
      return;
    }
    // Inner marks close first: brackets, then em, strong, deletion, insertion; outer marks open first.
    for (const run of closingBrackets) if (!run.mark.attrs.closeOutside) bracketToken(run.mark, false);
    previous.filter((u) => !hasKey(next, u.key)).sort((a, b) => b.order - a.order).forEach((u) => unitToken(u, false));
    for (const run of closingBrackets) if (run.mark.attrs.closeOutside) bracketToken(run.mark, false);
    for (const run of openingBrackets) if (run.mark.attrs.openOutside) bracketToken(run.mark, true);
    next.filter((u) => !hasKey(previous, u.key)).sort((a, b) => a.order - b.order).forEach((u) => unitToken(u, true));
    for (const run of openingBrackets) if (!run.mark.attrs.openOutside) bracketToken(run.mark, true);
    previous = next;
  };
  items.forEach((item, index) => {
    transition(unitsOf(item.marks, previous, attributed, fresh), index);
    if (item.text === null) out.push({ k: "break", marks: item.marks });
    else if (schema.marks.note_ref.isInSet(item.marks) && isNoteLabel(item.text)) out.push({ k: "note", s: `[^${item.text}]` });
    else out.push({ k: "text", s: item.text });
  });
  transition([], items.length);
  escapeBackslashes(out);
  escapeCodes(out);
  escapeNoteRefs(out);
  escapeBraces(out);
  escapeToggles(out);
  return out;
}

/**
 * Escapes literal brackets where they would read as brackets (over the whole text);
 * then, where escaping one kind of markup changed how another reads (a strike around
 * a literal "[" that was a token, a bracket pair that a strike left empty), escapes
 * more, block by block and then the brackets again, until the whole text reads back.
 * Every round only adds escapes, and text with every literal escaped reads back, so
 * it ends; most texts take one round, which reads each block at most once more.
 */
function settle(outs: Out[][]): void {
  let suspects = new Set(outs.filter((out) => (out as Escaped).escaped));
  for (;;) {
    const changed = escapeBrackets(outs);
    for (const out of changed) suspects.add(out);
    let more = false;
    for (const out of suspects) if (!readsBack(out) && escapeAll(out)) more = true;
    if (!more) return;
    suspects = new Set();
  }
}

/** A block whose text had toggles escaped: escaping may not have been enough (see settle). */
type Escaped = Out[] & { escaped?: boolean };

/**
 * Calls `f` for each character of written text that stands for itself (not part of an
 * escape), and writes it escaped where `f` says so; escapes already there stay as they are.
 */
function escapeRaw(s: string, f: (ch: string, at: number) => boolean): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    if (s[i] === "\\") {
      const length = i + 1 < s.length && ESCAPABLE.includes(s[i + 1]) ? 2 : (readCodeEscape(s, i)?.length ?? 0);
      if (length) {
        out += s.slice(i, i + length);
        i += length;
        continue;
      }
    }
    out += f(s[i], i) ? `\\${s[i]}` : s[i];
    i += 1;
  }
  return out;
}

/** Escapes every literal markup character of a block's text; true when it changed anything. */
function escapeAll(out: Out[]): boolean {
  let changed = false;
  for (const o of out) {
    if (o.k !== "text" || !/[~*<[\]]/.test(o.s)) continue;
    const s = escapeRaw(o.s, (ch) => ch === "~" || ch === "*" || ch === "<" || ch === "[" || ch === "]");
    if (s !== o.s) changed = true;
    o.s = s;
  }
  return changed;
}

/**
 * Escapes "{" where it would read as an attribution: right after a closing "~~",
 * "</ins>" or "]" (even one with its own annotations: several may follow a "~~"), and
 * at the start of a line inside a block, where a reader takes `{+RUS ...}` for a
 * whole-block change. Always, not only where it reads as one now: the text after it
 * may be written in several pieces.
 */
function escapeBraces(out: Out[]): void {
  out.forEach((o, i) => {
    if (o.k !== "text" || o.s[0] !== "{") return;
    const previous = out[i - 1];
    if (previous?.k === "break" || (previous?.k === "tok" && previous.closes && (previous.s === "~~" || previous.s === "]" || previous.s === "</ins>"))) o.s = `\\${o.s}`;
  });
}

const sourceOf = (out: Out[]) => out.map((o) => (o.k === "break" ? "\n" : o.k === "tok" ? o.s + o.annotation : o.s)).join("");

/**
 * Escapes "~", "*" and "<ins>" in a block's text when, left raw, they would read as
 * markup ("<ins>" even where its letters are in the next piece of text).
 */
function escapeToggles(out: Out[], always = false): void {
  // A literal bracket counts too: a strike around nothing but a raw "[" would be empty.
  if (!out.some((o) => o.k === "text" && /[~*<[\]]/.test(o.s))) return;
  if (!always && readsBack(out)) return;
  (out as Escaped).escaped = true;
  const source = sourceOf(out);
  let at = 0;
  for (const o of out) {
    const start = at;
    at += o.k === "break" ? 1 : o.k === "tok" ? o.s.length + o.annotation.length : o.s.length;
    if (o.k !== "text" || !/[~*<]/.test(o.s)) continue;
    o.s = escapeRaw(o.s, (ch, i) => ch === "~" || ch === "*" || (ch === "<" && (source.startsWith("ins>", start + i + 1) || source.startsWith("/ins>", start + i + 1))));
  }
}

const isBracketToken = (t: string) => t === "[" || t === "]";

/** Length of the text a piece stands for once read: escapes undone (as the lexer reads them). */
function unescapedLength(s: string): number {
  if (!s.includes("\\")) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    if (s[i] !== "\\") continue;
    if (i + 1 < s.length && ESCAPABLE.includes(s[i + 1])) i += 1;
    else i += (readCodeEscape(s, i)?.length ?? 1) - 1;
  }
  return n;
}

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
    else if (p.kind === "note") at += p.label.length + 3;
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
function escapeBrackets(outs: Out[][]): Set<Out[]> {
  const changed = new Set<Out[]>();
  if (!outs.some((out) => out.some((o) => o.k === "text" && /[[\]]/.test(o.s)))) return changed;
  if (bracketsReadBack(outs)) return changed;
  let depth = 0;
  for (const out of outs) {
    const rewrite = (o: { s: string }, s: string) => {
      if (s !== o.s) changed.add(out);
      o.s = s;
    };
    for (const o of out) {
      if (o.k === "tok") depth += o.s === "[" ? 1 : o.s === "]" ? -1 : 0;
      else if (o.k === "text" && depth > 0 && o.s.includes("]")) rewrite(o, escapeRaw(o.s, (ch) => ch === "]"));
    }
  }
  let closeFollows = false;
  for (let b = outs.length - 1; b >= 0; b--) {
    const out = outs[b];
    const rewrite = (o: { s: string }, s: string) => {
      if (s !== o.s) changed.add(out);
      o.s = s;
    };
    for (let i = out.length - 1; i >= 0; i--) {
      const o = out[i];
      if (o.k === "tok" && o.s === "]") closeFollows = true;
      else if (o.k === "text" && /[[\]]/.test(o.s)) {
        // A "[" is escaped when a "]" (raw or escaped) follows it anywhere.
        const lastClose = o.s.lastIndexOf("]");
        const follows = closeFollows;
        rewrite(o, escapeRaw(o.s, (ch, at) => ch === "[" && (follows || at < lastClose)));
        if (lastClose >= 0) closeFollows = true;
      }
    }
  }
  return changed;
}

/**
 * Joins a block's pieces, escaping what would otherwise be misread. A line break is
 * written "\\" and a line ending, or a bare line ending where markup open across it
 * closes in the next line and the parser, reading that line, joins it to the block
 * (as the reference document's bold subject over two lines); which it checks here,
 * line by line, with the parser's own pairing state.
 */
function blockText(out: Out[], eol: string): string {
  const lines: string[] = [""];
  const breaks: Out[] = [];
  out.forEach((o) => {
    if (o.k === "break") {
      breaks.push(o);
      lines.push("");
    } else lines[lines.length - 1] += o.k === "tok" ? o.s + o.annotation : o.s;
  });
  let pairing: BlockPairing | null = null;
  let text = lines[0];
  breaks.forEach((o, k) => {
    const line = lines[k + 1];
    pairing ??= new BlockPairing(lexBlock(lines[0]));
    const pieces = lexBlock(line);
    const open = (o as { marks: readonly Mark[] }).marks.some((m) => m.type !== schema.marks.bracket);
    const raw = open && line !== "" && !line.startsWith("- ") && !readBlockAnnotation(line) && !noteDefinition(line) && labelLength(line.replace(/^[[~*]+/, "")) === 0 && pairing.toggleOpen && pairing.closesAcross(pieces);
    pairing.feed(pieces);
    text += (raw ? "" : "\\") + eol + line;
  });
  return text;
}

/**
 * The raw text that follows piece `i` on its line, up to 8 characters: the next
 * pieces of text, a token's first character, or "\n" at a line's end.
 */
function textAfter(out: Out[], i: number): string {
  let after = "";
  for (let j = i + 1; after.length < 8; j++) {
    const next = out[j];
    if (!next || next.k === "break") return `${after}\n`;
    if (next.k === "tok") return after + next.s[0];
    after += next.s;
  }
  return after;
}

/**
 * Escapes the "[" of literal text that would read as a footnote reference ("[^1]"), the
 * text after it looked at across pieces. Runs after escapeBackslashes (a backslash it adds
 * is an escape, not text).
 */
function escapeNoteRefs(out: Out[]): void {
  out.forEach((o, i) => {
    if (o.k !== "text" || !o.s.includes("[")) return;
    // The text read after it: the next pieces of text, up to a token (a closing "]" counts) or a break.
    let ahead = o.s;
    for (let j = i + 1; ahead.length < o.s.length + 12; j++) {
      const next = out[j];
      if (!next || next.k === "break") break;
      ahead += next.s;
      if (next.k !== "text") break;
    }
    o.s = o.s.replace(/\[/g, (m, offset: number) => (noteRefAt(ahead, offset) ? "\\[" : m));
  });
}

/**
 * Doubles a literal backslash that stands before a character it would escape (or one
 * written as an escape, or "u{HEX}" that would read as one), or at the end of a line
 * (where it would join the next line). Runs first, on raw text.
 */
function escapeBackslashes(out: Out[]): void {
  out.forEach((o, i) => {
    if (o.k !== "text" || !o.s.includes("\\")) return;
    const s = o.s;
    const ahead = s + textAfter(out, i);
    o.s = s.replace(/\\/g, (m, offset: number) => {
      const next = ahead[offset + 1] ?? "\n";
      const escapes = ESCAPABLE.includes(next) || next === "\n" || mustEscapeCode(next.charCodeAt(0)) || readCodeEscape(ahead, offset) !== null;
      return escapes ? "\\\\" : m;
    });
  });
}

/** Writes the characters that cannot stand raw in text as `\u{HEX}`. Runs after escapeBackslashes. */
function escapeCodes(out: Out[]): void {
  for (const o of out) if (o.k === "text" && MAY_ESCAPE.test(o.s)) o.s = o.s.replace(MUST_ESCAPE, codeEscape);
}

/** A quick test before MUST_ESCAPE: any control character or surrogate at all. */
const MAY_ESCAPE = /[\u0000-\u0008\u000A-\u001F\u007F\uD800-\uDFFF]/;
