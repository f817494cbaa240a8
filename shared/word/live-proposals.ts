import type { Mark, Node as PMNode } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import { schema } from "../schema.ts";
import { textBlocks } from "../dl/serialize.ts";
import { currentLabel, displayLabel } from "../track/labels.ts";
import { newChangeId } from "../track/ids.ts";
import type { DocxImport, ImportedComment } from "./docx-import.ts";
import { alignTexts, likeness } from "./text-alignment.ts";

/**
 * A delegation's Word file read against the live draft: each Word revision becomes a proposal
 * in the draft, attributed as the Word file was read (importDocx with the confirmed author
 * mapping). Each Word paragraph is found in the draft by its original text (its text with
 * deletions kept and insertions left out): the block with the same text, else the most alike
 * block with the same label; its insertions go where their neighbours are, its deletions strike
 * the same words. A paragraph added in Word goes after the block its predecessor matched.
 *
 * Nothing is dropped silently: a paragraph that matches no block, a revision whose
 * surroundings changed in the draft, a comment on a paragraph not found, each is in the
 * report. A revision already in the draft (the file was the marked export with the room's
 * proposals in it) is reported as such and not made twice.
 */

/** A proposal made in the draft: what, by whom, where ("resolves 1"), its words. */
export interface PlacedProposal {
  kind: "insertion" | "deletion" | "block-insertion" | "block-deletion";
  by: string;
  where: string;
  text: string;
}

/** What was not placed, or not made again: the Word paragraph or the draft's clause, and why. */
export interface PlacementNote {
  where: string;
  message: string;
}

export interface WordProposalsReport {
  placed: PlacedProposal[];
  /** Paragraphs matching no block, revisions that could not be placed, comments on paragraphs not found. */
  notPlaced: PlacementNote[];
  /** Revisions already in the draft, not made again. */
  already: PlacementNote[];
  /** Word paragraphs with revisions or comments, and how many of them were found in the draft. */
  paragraphs: { withChanges: number; found: number };
}

export interface WordProposals {
  /** The draft with the proposals made (the same node when nothing was placed). */
  doc: PMNode;
  report: WordProposalsReport;
  /** The comments that were placed, each `blockIndex` a block of `doc`. */
  comments: ImportedComment[];
}

/** A Word paragraph is taken for a block when they are at least this alike (and their labels agree). */
const MIN_LIKENESS = 0.6;
/** Blocks compared closely with a Word paragraph, picked by the words they share. */
const CANDIDATES = 4;

/** One character of a block with its marks and its offset in the block's content (a leaf that is not text is U+FFFC). */
interface Unit {
  ch: string;
  offset: number;
  marks: readonly Mark[];
}

function unitsOf(block: PMNode): Unit[] {
  const units: Unit[] = [];
  block.forEach((child, offset) => {
    if (child.isText) for (let i = 0; i < child.text!.length; i++) units.push({ ch: child.text![i]!, offset: offset + i, marks: child.marks });
    else units.push({ ch: "\uFFFC", offset, marks: child.marks });
  });
  return units;
}

const markOf = (marks: readonly Mark[], name: string) => marks.find((m) => m.type.name === name) ?? null;
const textOf = (units: readonly Unit[]) => units.map((u) => u.ch).join("");

/** The live draft's text blocks with their positions and texts. */
interface LiveBlock {
  node: PMNode;
  pos: number;
  units: Unit[];
  text: string;
  /** The text with others' proposed insertions left out: the text a Word file made from a clean export holds. */
  original: string;
  words: Set<string>;
  label: string;
  where: string;
}

function liveBlocks(doc: PMNode): LiveBlock[] {
  const blocks: LiveBlock[] = [];
  let heading = "";
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (node.type.name === "group_heading") heading = node.textContent.trim();
    const units = unitsOf(node);
    const text = textOf(units);
    blocks.push({
      node,
      pos,
      units,
      text,
      original: textOf(units.filter((u) => !markOf(u.marks, "insertion"))),
      words: wordsOf(text),
      label: node.type.name === "clause" ? currentLabel(node) : "",
      where: placeName(node, heading),
    });
    return false;
  });
  return blocks;
}

/** "resolves 1", "recalling a)", or a block's first words: where a proposal is, as the room names it. */
function placeName(node: PMNode, heading: string): string {
  if (node.type.name === "clause") return [heading, displayLabel(node)].filter(Boolean).join(" ") || firstWords(node.textContent);
  if (node.type.name === "group_heading") return `the heading “${node.textContent.trim()}”`;
  return `“${firstWords(node.textContent)}”`;
}

function firstWords(text: string): string {
  const words = text.trim().split(/\s+/);
  return words.slice(0, 6).join(" ") + (words.length > 6 ? " …" : "");
}

function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

/** Finds Word paragraphs in the draft: the same text first, else the most alike block with the same label. */
class BlockFinder {
  private readonly used = new Set<number>();
  private last = -1;

  constructor(private readonly blocks: readonly LiveBlock[]) {}

  find(original: string, label: string): number | null {
    const exact = this.pick(this.blocks.flatMap((b, i) => (b.text === original || b.original === original ? [i] : [])));
    if (exact !== null) return this.take(exact);
    if (original.trim() === "") return null;
    const words = wordsOf(original);
    const scored = this.blocks
      .map((b, i) => ({ i, shared: [...words].filter((w) => b.words.has(w)).length }))
      .filter(({ i, shared }) => shared > 0 && !this.used.has(i) && (!label || !this.blocks[i]!.label || this.blocks[i]!.label === label))
      .sort((a, b) => b.shared - a.shared)
      .slice(0, CANDIDATES);
    let best: { i: number; score: number } | null = null;
    for (const { i } of scored) {
      const b = this.blocks[i]!;
      const score = Math.max(likeness(original, b.text), likeness(original, b.original));
      if (score >= MIN_LIKENESS && (!best || score > best.score)) best = { i, score };
    }
    return best ? this.take(best.i) : null;
  }

  /** Of blocks with the same text, the first not yet used after the last one found (then any not used). */
  private pick(indexes: number[]): number | null {
    const free = indexes.filter((i) => !this.used.has(i));
    return free.find((i) => i > this.last) ?? free[0] ?? null;
  }

  private take(i: number): number {
    this.used.add(i);
    this.last = i;
    return i;
  }
}

/** Hands out fresh ids for the Word file's ids: the pieces of one Word revision stay one proposal. */
class FreshIds {
  private readonly ids = new Map<string, string>();
  of(mark: Mark, prefix: "i" | "d" | "b" | "x"): string {
    const key = `${prefix}:${String(mark.attrs.id)}`;
    let id = this.ids.get(key);
    if (!id) this.ids.set(key, (id = newChangeId(prefix)));
    return id;
  }
}

interface Insert {
  pos: number;
  seq: number;
  content: PMNode[];
}

/** Makes the Word file's revisions proposals in `live`; `now` dates revisions Word left undated. */
export function wordProposals(live: PMNode, word: DocxImport, now: string): WordProposals {
  const blocks = liveBlocks(live);
  const finder = new BlockFinder(blocks);
  const ids = new FreshIds();
  const report: WordProposalsReport = { placed: [], notPlaced: [], already: [], paragraphs: { withChanges: 0, found: 0 } };
  const tr = new Transform(live);
  const marks: { from: number; to: number; mark: Mark }[] = [];
  const attrs: { pos: number; attrs: Record<string, unknown> }[] = [];
  const inserts: Insert[] = [];
  const wordBlocks = textBlocks(word.doc);
  const commented = new Set(word.comments.map((c) => c.blockIndex));
  /** The live block each Word block was found as (only those looked for). */
  const found = new Map<number, number>();
  /** Where a Word paragraph added whole goes: after this live position, and in what order. */
  let anchor: number | null = null;
  let seq = 0;

  wordBlocks.forEach((wordBlock, index) => {
    const units = unitsOf(wordBlock);
    const added = wordBlock.attrs.inserted as { by: string; at: string | null; id: string } | null;
    const hasChanges = !!added || !!wordBlock.attrs.deleted || units.some((u) => markOf(u.marks, "insertion") || markOf(u.marks, "deletion"));
    if (added) {
      report.paragraphs.withChanges++;
      if (anchor === null) {
        report.notPlaced.push({ where: `Word paragraph “${firstWords(wordBlock.textContent)}”`, message: `a paragraph added by ${added.by}: the paragraph before it was not found in the draft, so there is no place for it` });
        return;
      }
      const placed = addedBlock(wordBlock, ids, now);
      if (!fitsAt(tr.doc, anchor, placed)) {
        report.notPlaced.push({ where: `Word paragraph “${firstWords(wordBlock.textContent)}”`, message: `a paragraph added by ${added.by}: a ${wordBlock.type.name.replace(/_/g, " ")} cannot stand after the block it follows in the draft` });
        return;
      }
      report.paragraphs.found++;
      inserts.push({ pos: anchor, seq: seq++, content: [placed] });
      report.placed.push({ kind: "block-insertion", by: added.by, where: `after ${blocks.find((b) => b.pos + b.node.nodeSize === anchor)?.where ?? "the block before"}`, text: placed.textContent });
      return;
    }
    const originalUnits = units.filter((u) => !markOf(u.marks, "insertion"));
    const original = textOf(originalUnits);
    const label = wordBlock.type.name === "clause" ? currentLabel(wordBlock) : "";
    if (!hasChanges && !commented.has(index)) {
      // Found only to know where a paragraph added after it goes; not counted.
      const at = finder.find(original, label);
      anchor = at === null ? null : blocks[at]!.pos + blocks[at]!.node.nodeSize;
      if (at !== null) found.set(index, at);
      return;
    }
    if (hasChanges) report.paragraphs.withChanges++;
    const at = finder.find(original, label);
    if (at === null) {
      anchor = null;
      if (hasChanges) report.notPlaced.push({ where: `Word paragraph “${firstWords(wordBlock.textContent)}”`, message: `matches no block of the draft: ${describeRevisions(units, wordBlock)} not placed` });
      return;
    }
    if (hasChanges) report.paragraphs.found++;
    found.set(index, at);
    const block = blocks[at]!;
    anchor = block.pos + block.node.nodeSize;
    const placement = new BlockPlacement(block, units, ids, now, report);
    marks.push(...placement.strikes());
    for (const insert of placement.insertions()) inserts.push({ ...insert, seq: seq++ });
    const deleted = wordBlock.attrs.deleted as { by: string; at: string | null; id: string } | null;
    if (deleted) {
      if (block.node.attrs.deleted) report.already.push({ where: block.where, message: `already proposed for deletion (by ${(block.node.attrs.deleted as { by: string }).by})` });
      else {
        attrs.push({ pos: block.pos, attrs: { ...block.node.attrs, deleted: { id: newChangeId("x"), by: deleted.by, at: deleted.at ?? now } } });
        report.placed.push({ kind: "block-deletion", by: deleted.by, where: block.where, text: block.node.textContent });
      }
    }
  });

  for (const { from, to, mark } of marks) tr.addMark(from, to, mark);
  for (const { pos, attrs: a } of attrs) tr.setNodeMarkup(pos, undefined, a);
  // From the end backwards, so each position still means what it meant in the live draft;
  // at one position the later one first, so they end up in the Word file's order.
  for (const insert of [...inserts].sort((a, b) => b.pos - a.pos || b.seq - a.seq)) tr.insert(insert.pos, insert.content);

  const comments = placedComments(word, found, blocks, tr, report);
  if (tr.docChanged) tr.doc.check();
  return { doc: tr.doc, report, comments };
}

/** "2 revisions", "1 revision and a comment": what a paragraph not found held, for the report. */
function describeRevisions(units: readonly Unit[], block: PMNode): string {
  const ids = new Set<string>();
  for (const u of units) for (const m of u.marks) if (m.type.name === "insertion" || m.type.name === "deletion") ids.add(String(m.attrs.id));
  if (block.attrs.deleted) ids.add("block");
  return `${ids.size === 1 ? "its revision" : `its ${ids.size} revisions`} (${[...new Set(units.filter((u) => markOf(u.marks, "insertion") || markOf(u.marks, "deletion")).map((u) => (markOf(u.marks, "insertion") ?? markOf(u.marks, "deletion"))!.attrs.by as string))].join(", ") || "a whole-paragraph change"}) ${ids.size === 1 ? "was" : "were"}`;
}

/** Whether a block may stand at `pos` of `doc` (a clause in a clause group, a heading at the top ...). */
function fitsAt(doc: PMNode, pos: number, block: PMNode): boolean {
  const $pos = doc.resolve(pos);
  return $pos.parent.canReplaceWith($pos.index(), $pos.index(), block.type);
}

/** A paragraph Word added whole, as a new block by its author. */
function addedBlock(wordBlock: PMNode, ids: FreshIds, now: string): PMNode {
  const added = wordBlock.attrs.inserted as { by: string; at: string | null; id: string };
  const content: PMNode[] = [];
  wordBlock.forEach((child) => content.push(child.mark(child.marks.map((m) => freshMark(m, ids, now)))));
  const attrs: Record<string, unknown> = { ...wordBlock.attrs, inserted: { id: newChangeId("x"), by: added.by, at: added.at ?? now }, deleted: null };
  if ("status" in attrs) attrs.status = "pending";
  return wordBlock.type.create(attrs, content);
}

function freshMark(mark: Mark, ids: FreshIds, now: string): Mark {
  const name = mark.type.name;
  if (name !== "insertion" && name !== "deletion" && name !== "bracket") return mark;
  const prefix = name === "insertion" ? "i" : name === "deletion" ? "d" : "b";
  return mark.type.create({ ...mark.attrs, id: ids.of(mark, prefix), at: mark.attrs.at ?? now });
}

/** One Word paragraph's revisions placed in the block it was found as. */
class BlockPlacement {
  private readonly originals: Unit[];
  /** For each original character of the Word paragraph, the index of the draft's character it is, or -1. */
  private readonly match: Int32Array;

  constructor(
    private readonly block: LiveBlock,
    private readonly units: readonly Unit[],
    private readonly ids: FreshIds,
    private readonly now: string,
    private readonly report: WordProposalsReport,
  ) {
    this.originals = units.filter((u) => !markOf(u.marks, "insertion"));
    this.match = alignTexts(textOf(this.originals), block.text);
  }

  /** The Word deletions as strikes over the same words of the block. */
  strikes(): { from: number; to: number; mark: Mark }[] {
    const out: { from: number; to: number; mark: Mark }[] = [];
    for (const run of this.runs((u) => (markOf(u.marks, "insertion") ? null : markOf(u.marks, "deletion")))) {
      const words = textOf(run.units);
      const targets = run.indexes.map((k) => this.match[k]!);
      if (targets.some((t) => t < 0)) {
        this.report.notPlaced.push({ where: this.block.where, message: `${run.mark.attrs.by}'s deletion of “${words}”: those words are not in the draft's text any more` });
        continue;
      }
      const by = run.mark.attrs.by as string;
      const stretch = this.block.units.slice(targets[0], targets[targets.length - 1]! + 1);
      const taken = new Set(targets);
      if (!stretch.every((u, i) => taken.has(targets[0]! + i) || markOf(u.marks, "insertion"))) {
        this.report.notPlaced.push({ where: this.block.where, message: `${by}'s deletion of “${words}”: the draft's text there reads “${textOf(stretch)}” now` });
        continue;
      }
      if (targets.every((t) => this.block.units[t]!.marks.some((m) => m.type.name === "deletion" && m.attrs.by === by))) {
        this.report.already.push({ where: this.block.where, message: `${by}'s deletion of “${words}” is already in the draft` });
        continue;
      }
      const mark = schema.marks.deletion.create({ id: this.ids.of(run.mark, "d"), by, at: run.mark.attrs.at ?? this.now });
      for (const [from, to] of spans(targets)) out.push({ from: this.position(from), to: this.position(to - 1) + 1, mark });
      this.report.placed.push({ kind: "deletion", by, where: this.block.where, text: words });
    }
    return out;
  }

  /** The Word insertions as text inserted by their authors where their neighbours are in the block. */
  insertions(): { pos: number; content: PMNode[] }[] {
    const out: { pos: number; content: PMNode[] }[] = [];
    for (const run of this.runs((u) => markOf(u.marks, "insertion"))) {
      const words = textOf(run.units);
      const by = run.mark.attrs.by as string;
      // The original characters just before and after the inserted words, and where they are in the block.
      const k = this.originalsBefore(run.first);
      const left = k > 0 ? this.match[k - 1]! : -1;
      const right = k < this.originals.length ? this.match[k]! : this.block.units.length;
      if ((k > 0 && left < 0) || (k < this.originals.length && right < 0)) {
        this.report.notPlaced.push({ where: this.block.where, message: `${by}'s insertion of “${words}”: the words around it are not in the draft's text any more` });
        continue;
      }
      const between = this.block.units.slice(left + 1, right);
      if (between.length > 0 && textOf(between) === words) {
        this.report.already.push({ where: this.block.where, message: `${by}'s insertion of “${words}” is already in the draft` });
        continue;
      }
      if (!between.every((u) => markOf(u.marks, "insertion"))) {
        this.report.notPlaced.push({ where: this.block.where, message: `${by}'s insertion of “${words}”: the draft's text there reads “${textOf(between)}” now` });
        continue;
      }
      // After others' proposals standing between the two neighbours.
      const at = right;
      const shared = this.bracketsAt(at, k, run.units);
      out.push({ pos: at < this.block.units.length ? this.position(at) : this.block.pos + 1 + this.block.node.content.size, content: run.units.map((u) => this.insertedText(u, shared)) });
      this.report.placed.push({ kind: "insertion", by, where: this.block.where, text: words });
    }
    return out;
  }

  /** The draft's position of the block's `i`-th character. */
  private position(i: number): number {
    return this.block.pos + 1 + this.block.units[i]!.offset;
  }

  private originalsBefore(unitIndex: number): number {
    let k = 0;
    for (let i = 0; i < unitIndex; i++) if (!markOf(this.units[i]!.marks, "insertion")) k++;
    return k;
  }

  /**
   * The draft's brackets inserted words at block character `at` stand in: those of both
   * neighbours, and those of a neighbour that was inside the same bracket as the words in the
   * Word file ("[" typed, then "universal" inserted right after it).
   */
  private bracketsAt(at: number, k: number, inserted: readonly Unit[]): Mark[] {
    const before = this.block.units[at - 1]?.marks ?? [];
    const after = this.block.units[at]?.marks ?? [];
    const brackets = (marks: readonly Mark[]) => marks.filter((m) => m.type.name === "bracket");
    let out: readonly Mark[] = brackets(before).filter((m) => after.some((n) => n.eq(m)));
    const wordBrackets = new Set(inserted.flatMap((u) => brackets(u.marks).map((m) => String(m.attrs.id))));
    const inSame = (unit: Unit | undefined) => !!unit && brackets(unit.marks).some((m) => wordBrackets.has(String(m.attrs.id)));
    if (inSame(this.originals[k - 1])) for (const m of brackets(before)) out = m.addToSet(out);
    if (inSame(this.originals[k])) for (const m of brackets(after)) out = m.addToSet(out);
    return [...out];
  }

  /** One inserted character as text: its author's insertion (and a deletion over it), bold, italics, its brackets. */
  private insertedText(unit: Unit, shared: readonly Mark[]): PMNode {
    const originalBrackets = new Set(this.originals.flatMap((u) => u.marks.filter((m) => m.type.name === "bracket").map((m) => String(m.attrs.id))));
    let set: readonly Mark[] = [];
    for (const mark of unit.marks) {
      const name = mark.type.name;
      // A bracket that is also around original words is the draft's own: the neighbours' brackets stand for it.
      if (name === "bracket" && originalBrackets.has(String(mark.attrs.id))) continue;
      if (name === "label") continue;
      set = freshMark(mark, this.ids, this.now).addToSet(set);
    }
    for (const mark of shared) set = mark.addToSet(set);
    return schema.text(unit.ch === "\uFFFC" ? " " : unit.ch, set);
  }

  /** Consecutive characters of the Word paragraph under one revision (as `markFor` picks it): its mark, characters and their original indexes. */
  private runs(markFor: (u: Unit) => Mark | null): { mark: Mark; units: Unit[]; indexes: number[]; first: number }[] {
    const runs: { mark: Mark; units: Unit[]; indexes: number[]; first: number }[] = [];
    let k = 0;
    let current: (typeof runs)[number] | null = null;
    this.units.forEach((unit, i) => {
      const mark = markFor(unit);
      const isOriginal = !markOf(unit.marks, "insertion");
      if (mark && current && current.mark.attrs.id === mark.attrs.id && current.first + current.units.length === i) {
        current.units.push(unit);
        if (isOriginal) current.indexes.push(k);
      } else if (mark) {
        current = { mark, units: [unit], indexes: isOriginal ? [k] : [], first: i };
        runs.push(current);
      } else current = null;
      if (isOriginal) k++;
    });
    return runs;
  }
}

/** Runs of consecutive indexes: [from, to) pairs. */
function spans(indexes: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indexes) {
    const last = out[out.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else out.push([i, i + 1]);
  }
  return out;
}

/** The comments on paragraphs found, each on its block of the new draft; the others reported. */
function placedComments(word: DocxImport, found: Map<number, number>, blocks: readonly LiveBlock[], tr: Transform, report: WordProposalsReport): ImportedComment[] {
  const starts: number[] = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    starts.push(pos);
    return false;
  });
  const placed: ImportedComment[] = [];
  for (const comment of word.comments) {
    const at = found.get(comment.blockIndex);
    if (at === undefined) {
      const wordBlock = textBlocks(word.doc)[comment.blockIndex];
      report.notPlaced.push({ where: `Word paragraph “${firstWords(wordBlock?.textContent ?? "")}”`, message: `${comment.author || "an unknown author"}'s comment “${comment.text.replace(/\s+/g, " ").slice(0, 80)}”: the paragraph matches no block of the draft` });
      continue;
    }
    const index = starts.indexOf(tr.mapping.map(blocks[at]!.pos, 1));
    if (index < 0) continue;
    placed.push({ ...comment, blockIndex: index });
  }
  return placed;
}
