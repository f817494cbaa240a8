import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import type { BracketAttrs, ChangeAttrs } from "../schema.ts";
import { textBlocks } from "../dl/serialize.ts";

/**
 * A document as the exporters write it: each text block a list of segments, where a
 * segment is text (or a line break) with its tracked change and formatting, or a
 * literal bracket "[" / "]". Brackets come out where the DL text writes them: the
 * longest of several opening at one place first, the last opened closing first, and
 * inside a strike or bold that opens (closes) at the same place unless the bracket
 * says outside. A bracket spanning blocks opens in the first and closes in the last.
 */

/** Formatting and tracked change of a piece of text. */
export interface SegmentStyle {
  /** The earliest insertion: `insertions[0]`, or null. */
  insertion: ChangeAttrs | null;
  /** Every insertion over the text, earliest first: two delegations may have typed it at once. */
  insertions: ChangeAttrs[];
  /** The earliest deletion: `deletions[0]`, or null. */
  deletion: ChangeAttrs | null;
  /** Every deletion over the text, earliest first: several delegations may strike the same words. */
  deletions: ChangeAttrs[];
  strong: boolean;
  em: boolean;
}

export type Segment =
  /** `note`: the text is a footnote reference, its label ("1"). */
  | ({ kind: "text"; text: string; label: boolean; note: boolean } & SegmentStyle)
  | ({ kind: "break" } & SegmentStyle)
  | ({ kind: "open" | "close"; bracket: BracketAttrs; first: boolean; last: boolean } & SegmentStyle);

/** One text block of the document with its segments. */
export interface BlockSegments {
  node: PMNode;
  segments: Segment[];
}

interface Item {
  text: string | null;
  marks: readonly Mark[];
}

interface Run {
  mark: Mark;
  start: number;
  end: number;
}

/** The document's text blocks in reading order, each cut into segments. */
export function segmentDocument(doc: PMNode): BlockSegments[] {
  const blocks = textBlocks(doc);
  const items = blocks.map(itemsOf);
  const flat = items.flat();
  const { opening, closing, firstRun, lastRun } = bracketRuns(flat);
  let index = 0;
  return blocks.map((node, b) => {
    const list = items[b];
    const base = index;
    index += list.length;
    const segments: Segment[] = [];
    list.forEach((item, i) => {
      const g = base + i;
      const style = styleOf(item.marks);
      for (const run of opening.get(g) ?? []) {
        const outer = run.mark.attrs.openOutside && i > 0 ? common(styleOf(list[i - 1].marks), style) : style;
        segments.push({ kind: "open", bracket: bracketAttrs(run.mark), first: run === firstRun.get(run.mark.attrs.id), last: false, ...outer });
      }
      if (item.text === null) segments.push({ kind: "break", ...style });
      else segments.push({ kind: "text", text: item.text, label: schema.marks.label.isInSet(item.marks) !== undefined, note: schema.marks.note_ref.isInSet(item.marks) !== undefined, ...style });
      for (const run of closing.get(g) ?? []) {
        const outer = run.mark.attrs.closeOutside && i + 1 < list.length ? common(style, styleOf(list[i + 1].marks)) : style;
        segments.push({ kind: "close", bracket: bracketAttrs(run.mark), first: false, last: run === lastRun.get(run.mark.attrs.id), ...outer });
      }
    });
    return { node, segments };
  });
}

function itemsOf(block: PMNode): Item[] {
  const items: Item[] = [];
  block.forEach((child) => {
    const last = items[items.length - 1];
    if (child.isText && last && last.text !== null && sameMarks(last.marks, child.marks)) last.text += child.text;
    else items.push({ text: child.isText ? child.text! : null, marks: child.marks });
  });
  return items;
}

const sameMarks = (a: readonly Mark[], b: readonly Mark[]) => a.length === b.length && a.every((m, i) => m.eq(b[i]));

interface Runs {
  opening: Map<number, Run[]>;
  closing: Map<number, Run[]>;
  /** The first and last run of each bracket id (a note's comment spans them). */
  firstRun: Map<string, Run>;
  lastRun: Map<string, Run>;
}

/** Bracket runs over the document's items: a run goes on while the next item carries the same bracket id. */
function bracketRuns(items: Item[]): Runs {
  const firstRun = new Map<string, Run>();
  const lastRun = new Map<string, Run>();
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  items.forEach((item, g) => {
    for (const mark of item.marks) {
      if (mark.type !== schema.marks.bracket) continue;
      const id = mark.attrs.id as string;
      const run = open.get(id);
      if (run && run.end === g - 1) run.end = g;
      else {
        const fresh = { mark, start: g, end: g };
        runs.push(fresh);
        open.set(id, fresh);
        if (!firstRun.has(id)) firstRun.set(id, fresh);
        lastRun.set(id, fresh);
      }
    }
  });
  const opening = new Map<number, Run[]>();
  const closing = new Map<number, Run[]>();
  for (const run of runs) {
    if (opening.has(run.start)) opening.get(run.start)!.push(run);
    else opening.set(run.start, [run]);
    if (closing.has(run.end)) closing.get(run.end)!.push(run);
    else closing.set(run.end, [run]);
  }
  for (const list of opening.values()) list.sort((a, b) => b.end - a.end || idOrder(a, b));
  for (const list of closing.values()) list.sort((a, b) => b.start - a.start || a.end - b.end || idOrder(b, a));
  return { opening, closing, firstRun, lastRun };
}

function idOrder(a: Run, b: Run): number {
  const x = a.mark.attrs.id as string;
  const y = b.mark.attrs.id as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The changes of one kind over a text, earliest first (an unknown time first), then by id. */
function changesOf(marks: readonly Mark[], name: "insertion" | "deletion"): ChangeAttrs[] {
  return marks
    .filter((m) => m.type.name === name)
    .map((m) => ({ id: m.attrs.id as string, by: m.attrs.by as string, at: (m.attrs.at as string | null) ?? null }))
    .sort((a, b) => ((a.at ?? "") < (b.at ?? "") ? -1 : (a.at ?? "") > (b.at ?? "") ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function styleOf(marks: readonly Mark[]): SegmentStyle {
  const insertions = changesOf(marks, "insertion");
  const deletions = changesOf(marks, "deletion");
  return {
    insertion: insertions[0] ?? null,
    insertions,
    deletion: deletions[0] ?? null,
    deletions,
    strong: schema.marks.strong.isInSet(marks) !== undefined,
    em: schema.marks.em.isInSet(marks) !== undefined,
  };
}

/** The formatting two neighbours share: what stays open across a bracket written outside. */
function common(a: SegmentStyle, b: SegmentStyle): SegmentStyle {
  const shared = (x: ChangeAttrs[], y: ChangeAttrs[]) => x.filter((c) => y.some((d) => d.id === c.id));
  const insertions = shared(a.insertions, b.insertions);
  const deletions = shared(a.deletions, b.deletions);
  return {
    insertion: insertions[0] ?? null,
    insertions,
    deletion: deletions[0] ?? null,
    deletions,
    strong: a.strong && b.strong,
    em: a.em && b.em,
  };
}

function bracketAttrs(mark: Mark): BracketAttrs {
  return { id: mark.attrs.id as string, by: mark.attrs.by as string, at: (mark.attrs.at as string | null) ?? null, note: (mark.attrs.note as string | null) ?? null };
}

/**
 * A clause's segments with the space after its label turned into a tab, so the
 * label hangs in the margin as in an ITU document. The tab keeps that space's
 * change and formatting.
 */
export function withLabelTab(segments: Segment[]): Segment[] {
  let lastLabel = -1;
  segments.forEach((s, i) => {
    if (s.kind === "text" && s.label) lastLabel = i;
  });
  if (lastLabel < 0) return segments;
  const out = segments.slice();
  for (let i = lastLabel + 1; i < out.length; i++) {
    const s = out[i];
    if (s.kind === "close") continue;
    if (s.kind === "text" && /^[ \u00a0]/.test(s.text)) {
      const tab: Segment = { ...s, text: "\t", label: false, note: false };
      out.splice(i, 1, tab, ...(s.text.length > 1 ? [{ ...s, text: s.text.slice(1) }] : []));
    }
    break;
  }
  return out;
}
