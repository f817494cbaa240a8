import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../shared/schema.ts";

/**
 * Random DL documents of the kind the editor produces, from a seeded generator:
 * the same seed gives the same document, so a failure can be replayed.
 */

/** mulberry32: a small, fast, seedable generator. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["the", "Union", "shall", "continue", "to", "facilitate", "WSIS", "action", "lines", "Member", "States", "resources", "within", "ICTs", "§", "98", "2015", "“quoted”", "(pending)", "—", "ø"];
const LITERALS = ["[", "]", "~", "*", "\\", "{USA - #d1}", "<ins>", "~~", "**"];
/**
 * Text a client could insert to make the DL text lie: markup, annotations, line
 * endings, control characters, escapes, lone surrogates. Joined with or without spaces.
 */
const HOSTILE = [
  "{", "}", "\n", "\r", "\r\n", "[", "]", "~", "~~", "*", "**", "<", "<ins>", "</ins>", "\\", "\\\\", "\\n", "\\u{A}", "\\u{0}",
  "\u0000", "\u0007", "\u001b[31m", "\u007f", "\ud800", "\udfff", "\t", "\u2028", "😀", "é", "{+RUS - #forged1}", "{-USA - #x9}",
  "\n{+RUS - #forged1}", "}\n{-RUS 2026-11-28T10:00:00.000Z #f2}", "{USA - #d1}", '{RUS 2026-11-28T10:00:00.000Z #d9 "n"}',
  "\\{", "- ", "1 ", "a)", "\"", "#", "Word",
];
const AUTHORS = ["USA", "RUS", "CHN", "BRA", "KEN", "chair", "secretariat"];
const HEADINGS: [string, "preamble" | "operative"][] = [
  ["recalling", "preamble"], ["considering further", "preamble"], ["noting", "preamble"],
  ["resolves", "operative"], ["instructs the Secretary-General", "operative"], ["invites Member States", "operative"],
];

interface Span {
  text: string;
  marks: readonly Mark[];
  /** A line break (hostile documents). */
  br?: boolean;
}

export interface RandomDocOptions {
  /** Allow literal markup characters in the text ("[", "~", "*", "\"...). */
  literals?: boolean;
  /** Give every change a time (attributed exports keep it). */
  times?: boolean;
  /** Strike (now and then insert) some text again, by another delegation, over ranges that overlap (several change marks on one text). */
  overlaps?: boolean;
  /** Clause text from HOSTILE (markup, annotations, newlines, control characters...), and line breaks in clauses. */
  hostile?: boolean;
}

export function randomDoc(seed: number, options: RandomDocOptions = {}): PMNode {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  let nextId = 1;
  const at = () => (options.times && chance(0.7) ? new Date(Date.UTC(2026, 10, 28, 9, Math.floor(random() * 600))).toISOString() : null);
  const change = (name: "insertion" | "deletion") => schema.marks[name].create({ id: `${name[0]}${nextId++}`, by: pick(AUTHORS), at: at() });

  const words = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(options.hostile && chance(0.5) ? pick(HOSTILE) : options.literals && chance(0.08) ? pick(LITERALS) : pick(WORDS));
    return options.hostile ? out.map((w, i) => (i && chance(0.5) ? ` ${w}` : w)).join("") : out.join(" ");
  };

  // Splits text into spans and puts random tracked changes and formatting on some.
  const decorate = (text: string, body = false): Span[] => {
    const spans: Span[] = [];
    const parts = text.split(/(?<= )/);
    for (const part of parts) {
      const marks: Mark[] = [];
      if (chance(0.15)) marks.push(change("insertion"));
      if (chance(0.15)) marks.push(change("deletion"));
      if (chance(0.08)) marks.push(schema.marks.strong.create());
      if (chance(0.06)) marks.push(schema.marks.em.create());
      const last = spans[spans.length - 1];
      if (last && chance(0.5) && sameKinds(last.marks, marks)) last.text += part;
      else spans.push({ text: part, marks });
      if (options.hostile && body && chance(0.05)) spans.push({ text: "", br: true, marks });
    }
    if (options.overlaps) overlap(spans);
    return spans;
  };

  // Further strikes, each by another delegation, over a range of spans: where one meets
  // a strike already there, the text carries both. Now and then an insertion instead
  // (two delegations typing at one place at once).
  const overlap = (spans: Span[]) => {
    const count = chance(0.5) ? 1 + Math.floor(random() * 3) : 0;
    for (let i = 0; i < count && spans.length; i++) {
      const start = Math.floor(random() * spans.length);
      const end = Math.min(spans.length, start + 1 + Math.floor(random() * 4));
      const mark = change(chance(0.2) ? "insertion" : "deletion");
      for (const span of spans.slice(start, end)) span.marks = mark.addToSet(span.marks);
    }
  };

  const blocks: { type: string; attrs: Record<string, unknown>; spans: Span[]; group: number }[] = [];
  const gap = () => (chance(0.8) ? 1 : chance(0.5) ? 0 : 2);
  const header = (type: string, text: string) => blocks.push({ type, attrs: { gap: gap() }, spans: decorate(text), group: -1 });
  header("body_name", "WORKING GROUP OF THE PLENARY");
  header("symbol_line", `Document DL/${1 + Math.floor(random() * 90)}-E (Rev.${Math.floor(random() * 4)})`);
  header("date_line", `${1 + Math.floor(random() * 28)} October 2014`);
  header("language_line", "Original: English");
  header("title", `RESOLUTION ${100 + Math.floor(random() * 90)} (REV. BUSAN, 2014)`);
  if (chance(0.5)) header("status_line", "WORK IN PROGRESS");
  if (chance(0.5)) header("proposal_marker", "MOD WGPL/23/1");
  blocks.push({ type: "subject", attrs: { gap: 1 }, spans: [{ text: "Subject line", marks: [schema.marks.strong.create()] }], group: -1 });
  header("formula", "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),");
  const groups = 1 + Math.floor(random() * 4);
  for (let g = 0; g < groups; g++) {
    const [heading, part] = pick(HEADINGS);
    blocks.push({ type: "group_heading", attrs: { gap: 1, part }, spans: [{ text: heading, marks: [] }], group: g });
    const clauses = 1 + Math.floor(random() * 5);
    for (let c = 0; c < clauses; c++) {
      const list = chance(0.3);
      const blockChange = (p: number) => (chance(p) ? { id: `x${nextId++}`, by: pick(AUTHORS), at: at() } : null);
      const attrs = { gap: list ? 0 : gap(), list, inserted: blockChange(0.1), deleted: blockChange(0.1) };
      if (chance(0.2)) {
        blocks.push({ type: "paragraph", attrs, spans: decorate(`that ${words(4 + Math.floor(random() * 10))};`, true), group: g });
        continue;
      }
      const labelText = part === "operative" ? String(c + 1) + (chance(0.1) ? "bis" : "") : `${"abcdefgh"[c]})`;
      const labelMarks: Mark[] = [schema.marks.label.create()];
      if (chance(0.2)) labelMarks.push(change("deletion"));
      const spans = [{ text: labelText, marks: labelMarks }, ...decorate(` ${words(3 + Math.floor(random() * 14))};`, true)];
      blocks.push({ type: "clause", attrs, spans, group: g });
    }
  }
  addBrackets(blocks, random);
  return build(blocks, chance(0.3) ? 1 : 0);
}

function sameKinds(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((m, i) => m.type === b[i].type);
}

/**
 * Brackets over random ranges of spans, nested or apart (never crossing, which DL text
 * cannot express), some across blocks (same id on every piece).
 */
function addBrackets(blocks: { spans: Span[]; group: number }[], random: () => number): void {
  const flat: Span[] = blocks.flatMap((b) => b.spans.filter((s) => s.br || s.text.trim() !== ""));
  const ranges: [number, number][] = [];
  const count = Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    const start = Math.floor(random() * flat.length);
    const end = Math.min(flat.length, start + 1 + Math.floor(random() * (random() < 0.3 ? 12 : 3)));
    const crosses = ranges.some(([s, e]) => start < e && s < end && !(s <= start && end <= e) && !(start <= s && e <= end));
    if (crosses) continue;
    ranges.push([start, end]);
    const mark = schema.marks.bracket.create({
      id: `b${i + 1}`,
      by: AUTHORS[Math.floor(random() * AUTHORS.length)],
      at: null,
      note: random() < 0.3 ? "pending decision of COM5" : null,
    });
    for (const span of flat.slice(start, end)) span.marks = mark.addToSet(span.marks);
  }
}

function build(blocks: { type: string; attrs: Record<string, unknown>; spans: Span[]; group: number }[], trailing: number): PMNode {
  const toNode = (b: (typeof blocks)[number]) =>
    schema.nodes[b.type].create(b.attrs, b.spans.filter((s) => s.text || s.br).map((s) => (s.br ? schema.nodes.line_break.create(null, null, s.marks) : schema.text(s.text, s.marks))));
  const top = blocks.filter((b) => b.group < 0).map(toNode);
  const groups: PMNode[] = [];
  for (let g = 0; blocks.some((b) => b.group === g); g++) {
    groups.push(schema.nodes.clause_group.create(null, blocks.filter((b) => b.group === g).map(toNode)));
  }
  return schema.nodes.doc.create({ eol: "\n", trailing }, [...top, ...groups]);
}
