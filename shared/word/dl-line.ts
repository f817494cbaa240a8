import { writeAnnotation, writeBlockAnnotation } from "../dl/annotation.ts";
import { labelLength } from "../dl/classify.ts";
import { codeEscape, MUST_ESCAPE, noteRefAt } from "../dl/lexer.ts";
import type { AuthorMap, Revision } from "./revisions.ts";
import type { WordParagraph, WordRun } from "./paragraphs.ts";

/**
 * A Word paragraph as one block of DL text in the attributed variant: each revision as
 * `<ins>…</ins>{USA 2026-11-28T10:15:00.000Z #w3}` or `~~…~~{RUS … #w4}`, bold and italics as
 * `**` and `*`, literal "[" and "]" left as they are (the DL parser pairs them into brackets
 * over the whole document), a label's tab as the space DL text writes ("a) text"), a dash
 * item's "–" and tab as "- ", a line break as "\" at the end of a line, a footnote or endnote
 * reference as `[^N]` (N: the note's number in the order the text first refers to it, as Word
 * numbers footnotes). The DL parser then gives the document its structure, by the same rules
 * as for any DL text.
 */

export interface DLBlock {
  /** The block's DL text (one line, or several joined by line breaks); null for a paragraph with nothing to show. */
  text: string | null;
  /** Caveats for the report (a split or joined paragraph). */
  notes: string[];
}

/** Hands out change ids, and keeps adjacent pieces of one author's revision under one id. */
export class ChangeIds {
  private next = 1;
  fresh(): string {
    return `w${this.next++}`;
  }
}

/**
 * Footnote labels: each Word footnote or endnote the text refers to gets the next number at
 * its first reference, as Word numbers footnotes; a second reference to it gets the same.
 * Endnotes are numbered with the footnotes (DL text has footnotes only).
 */
export class NoteNumbers {
  private readonly labels = new Map<string, string>();
  /** `exists`: whether the file has the note ("footnote:2"). */
  constructor(private readonly exists: (note: string) => boolean) {}

  /** The label of a note ("3"), numbering it at its first reference; null when the file has no such note. */
  labelOf(note: string): string | null {
    if (!this.exists(note)) return null;
    let label = this.labels.get(note);
    if (!label) this.labels.set(note, (label = String(this.labels.size + 1)));
    return label;
  }

  /** The notes referred to, in the order of their numbers: [note, label]. */
  numbered(): [string, string][] {
    return [...this.labels];
  }
}

/** What writing runs needs: the author table, change ids, footnote numbers, and where caveats go. */
interface Writing {
  authors: AuthorMap;
  ids: ChangeIds;
  notes: NoteNumbers;
  said: string[];
}

/** The DL text of one Word paragraph. */
export function dlBlock(paragraph: WordParagraph, authors: AuthorMap, ids: ChangeIds, noteNumbers: NoteNumbers): DLBlock {
  const notes: string[] = [];
  const writing: Writing = { authors, ids, notes: noteNumbers, said: notes };
  let runs = withoutLeadingTabs(paragraph.runs);
  let list = false;
  const dashed = dashItem(runs);
  if (dashed) {
    runs = dashed;
    list = true;
  }
  const numbered = paragraph.numbering;
  if (numbered?.kind === "bullet") list = true;
  const prefix = numbered?.kind === "label" ? `${escapeText(numbered.text)} ` : "";
  runs = labelTab(runs, numbered?.kind === "label" ? numbered.text : "");

  const visible = runs.filter((r) => r.kind !== "text" || r.text.trim() !== "");
  if (visible.length === 0 && !prefix) return { text: null, notes };

  const { ins: markIns, del: markDel } = paragraph.mark;
  const whole = (rev: Revision | null, of: (r: WordRun) => Revision | null) => rev !== null && visible.every((r) => of(r) !== null && sameAuthor(of(r)!, rev));
  const added = whole(markIns, (r) => r.ins);
  const struck = whole(markDel, (r) => r.del);
  if (markIns && !added) notes.push(`a paragraph split by ${markIns.author || "an unknown author"}: kept as two paragraphs, the split itself not a proposal`);
  if (markDel && !struck) notes.push(`paragraphs joined by ${markDel.author || "an unknown author"} (a deleted paragraph mark): kept apart, the join not a proposal`);
  let head = "";
  if (added) {
    head += writeBlockAnnotation({ sign: "+", by: authors.codeOf(markIns!.author), at: markIns!.at, id: ids.fresh() });
    runs = runs.map((r) => (r.ins && sameAuthor(r.ins, markIns!) ? { ...r, ins: null } : r));
  }
  if (struck) {
    head += writeBlockAnnotation({ sign: "-", by: authors.codeOf(markDel!.author), at: markDel!.at, id: ids.fresh() });
    runs = runs.map((r) => (r.del && sameAuthor(r.del, markDel!) ? { ...r, del: null } : r));
  }
  if (list) head += "- ";
  return { text: head + prefix + writeRuns(runs, writing), notes };
}

/**
 * A footnote's text as its DL line, `[^N]: text`: its paragraphs' runs written as body text's
 * are (revisions, bold, italics, brackets), the space or tab after Word's own number left out,
 * several paragraphs joined by line breaks.
 */
export function dlNoteLine(label: string, paragraphs: readonly WordParagraph[], authors: AuthorMap, ids: ChangeIds, noteNumbers: NoteNumbers): DLBlock {
  const notes: string[] = [];
  const writing: Writing = { authors, ids, notes: noteNumbers, said: notes };
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    const runs = lines.length === 0 ? withoutLeadingSpace(paragraph.runs) : paragraph.runs;
    if (!runs.some((r) => r.kind !== "text" || r.text.trim() !== "")) continue;
    lines.push(writeRuns(runs, writing));
  }
  if (lines.length > 1) notes.push(`footnote ${label} has ${lines.length} paragraphs: joined by line breaks`);
  return { text: `[^${label}]: ${lines.join("\\\n")}`, notes };
}

/** Whether two revisions are one author's at one time (LibreOffice splits a revision into pieces). */
function sameAuthor(a: Revision, b: Revision): boolean {
  return a.author === b.author;
}

function sameChange(a: Revision | null, b: Revision | null): boolean {
  return a === b || (a !== null && b !== null && a.author === b.author && a.at === b.at);
}

/**
 * The runs in DL text: each stretch under one insertion and one deletion written once,
 * `<ins>` outside `~~` outside `**` outside `*`; the adjacent pieces of one author's revision
 * (same author, same time) keep one id, so a revision Word or LibreOffice wrote in several
 * pieces stays one proposal.
 */
function writeRuns(runs: readonly WordRun[], writing: Writing): string {
  const { authors, ids } = writing;
  let out = "";
  let i = 0;
  let lastIns: { rev: Revision; id: string } | null = null;
  let lastDel: { rev: Revision; id: string } | null = null;
  while (i < runs.length) {
    const { ins, del } = runs[i];
    let end = i + 1;
    while (end < runs.length && sameChange(runs[end].ins, ins) && sameChange(runs[end].del, del)) end++;
    const inner = formatted(runs.slice(i, end), writing);
    i = end;
    if (!inner) continue;
    let text = inner;
    if (del) {
      const same: { rev: Revision; id: string } | null = lastDel !== null && sameChange(lastDel.rev, del) ? lastDel : null;
      const id: string = same ? same.id : ids.fresh();
      if (!same) authors.codeOf(del.author);
      lastDel = { rev: del, id };
      text = `~~${text}~~${writeAnnotation({ by: authors.mapped(del.author) ?? "import", at: del.at, id, note: null })}`;
    } else lastDel = null;
    if (ins) {
      const same: { rev: Revision; id: string } | null = lastIns !== null && sameChange(lastIns.rev, ins) ? lastIns : null;
      const id: string = same ? same.id : ids.fresh();
      if (!same) authors.codeOf(ins.author);
      lastIns = { rev: ins, id };
      text = `<ins>${text}</ins>${writeAnnotation({ by: authors.mapped(ins.author) ?? "import", at: ins.at, id, note: null })}`;
    } else lastIns = null;
    out += text;
  }
  return out;
}

/**
 * Runs of one stretch with their bold and italics as toggles, closed at its end; a footnote
 * reference as `[^N]` (markup, not escaped text); two references side by side get a comma
 * between them, as DL text cannot write them so.
 */
function formatted(runs: readonly WordRun[], writing: Writing): string {
  let out = "";
  let bold = false;
  let italic = false;
  let afterNote = false;
  for (const run of runs) {
    if (run.kind === "break") {
      out += "\\\n";
      afterNote = false;
      continue;
    }
    if (run.kind === "note") {
      const label = writing.notes.labelOf(run.note);
      const [kind, id] = run.note.split(":");
      if (label === null) {
        say(writing, `a reference to ${kind} ${id}, which the file does not have: left out`);
        continue;
      }
      if (kind === "endnote") say(writing, `an endnote: read as footnote ${label} (DL text has footnotes, not endnotes)`);
      if (afterNote) {
        out += ",";
        say(writing, `two footnote references side by side: a comma put between them (DL text cannot write them side by side)`);
      }
      out += `[^${label}]`;
      afterNote = true;
      continue;
    }
    afterNote = false;
    if (run.bold !== bold) (out += "**"), (bold = run.bold);
    if (run.italic !== italic) (out += "*"), (italic = run.italic);
    out += escapeText(run.text);
  }
  if (italic) out += "*";
  if (bold) out += "**";
  return out;
}

function say(writing: Writing, message: string): void {
  if (!writing.said.includes(message)) writing.said.push(message);
}

/**
 * Text as DL text: the characters the dialect reads as markup escaped with a backslash,
 * except "[" and "]", which are the draft's brackets (but a "[" that would open a footnote
 * reference, "[^1]" typed as text, is escaped); control characters as `\u{HEX}`.
 */
export function escapeText(text: string): string {
  return text.replace(/[\\~*<{[]/g, (c, at: number) => (c !== "[" ? `\\${c}` : noteRefAt(text, at) ? "\\[" : c)).replace(MUST_ESCAPE, codeEscape);
}

/** The runs with the spaces and tabs at the start taken out (after a footnote's own number). */
function withoutLeadingSpace(runs: readonly WordRun[]): WordRun[] {
  const out = [...runs];
  while (out.length && out[0].kind === "text" && /^\s/.test(out[0].text)) {
    const text = out[0].text.replace(/^\s+/, "");
    if (text) out[0] = { ...out[0], text };
    else out.shift();
  }
  return out;
}

/** The runs with the tabs that only indent the paragraph's start taken out. */
function withoutLeadingTabs(runs: readonly WordRun[]): WordRun[] {
  const out = [...runs];
  while (out.length && out[0].kind === "text" && /^\t/.test(out[0].text)) {
    const text = out[0].text.replace(/^\t+/, "");
    if (text) out[0] = { ...out[0], text };
    else out.shift();
  }
  return out;
}

/** A paragraph written "–", tab, text (an ITU dash item, as the Word export writes one): the runs after the dash, or null. */
function dashItem(runs: WordRun[]): WordRun[] | null {
  const first = runs[0];
  if (first?.kind !== "text") return null;
  const m = /^[\u2013\u2014\u2022-]\t+/.exec(first.text);
  if (!m) return null;
  const rest = first.text.slice(m[0].length);
  return rest ? [{ ...first, text: rest }, ...runs.slice(1)] : runs.slice(1);
}

/**
 * The tab after a clause's label ("a)", tab, text) as the space DL text writes; also the tab
 * between a numbered paragraph's label and its text. Other tabs stay tabs.
 */
function labelTab(runs: WordRun[], numberedLabel: string): WordRun[] {
  let before = "";
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (run.kind !== "text") return runs;
    const tab = run.text.indexOf("\t");
    if (tab < 0) {
      before += run.text;
      continue;
    }
    // A label may open a bracket or sit under a strike ("[66", tab): the signs are not the label.
    const label = (before + run.text.slice(0, tab)).trim().replace(/^[[~*]+/, "");
    const isLabel = label === "" ? numberedLabel !== "" : labelLength(label) === label.length;
    if (!isLabel) return runs;
    const replaced = { ...run, text: label === "" && !before.trim() && !run.text.slice(0, tab).trim() ? run.text.slice(tab + 1) : `${run.text.slice(0, tab)} ${run.text.slice(tab + 1)}` };
    return [...runs.slice(0, i), ...(replaced.text ? [replaced] : []), ...runs.slice(i + 1)];
  }
  return runs;
}
