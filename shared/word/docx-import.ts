import type { Node as PMNode } from "prosemirror-model";
import { MAX_GAP } from "../schema.ts";
import { parse } from "../dl/parse.ts";
import { textBlocks } from "../dl/serialize.ts";
import type { ImportCounts } from "../dl/report.ts";
import { readComments } from "./comments.ts";
import { ChangeIds, dlBlock, dlNoteLine, NoteNumbers } from "./dl-line.ts";
import { Numbering } from "./numbering.ts";
import { openDocx } from "./ooxml.ts";
import { readBody, readNotes } from "./paragraphs.ts";
import type { WordNote, WordParagraph } from "./paragraphs.ts";
import { AuthorMap } from "./revisions.ts";
import { StyleSheet } from "./styles.ts";

/**
 * A delegation's Word file (.docx) as a draft: `importDocx(bytes, { authors })` gives the
 * document, the import report and the file's comments.
 *
 * The Word paragraphs are written as DL text in the attributed variant (dl-line.ts: each
 * w:ins / w:del with its delegation, time and id; brackets; bold and italics) and read by
 * the DL parser, so one set of rules gives a draft its structure whichever way it came in:
 * headings, clauses, labels, header lines, brackets paired over the whole document. Word's
 * footnotes (and endnotes, as footnotes) are `[^N]` where the text refers to them and a
 * `[^N]: text` line each at the end, numbered in the order of their first reference. The
 * DL text is returned too: a session is created from it (server/session.ts).
 */

export interface DocxImportOptions {
  /** Word author name -> delegation code: { "Jane Smith": "USA" }. Authors not in it are "import". */
  authors: Record<string, string>;
}

/** A Word comment as kept: who (name and code), when, the words it covers and the block it is on. */
export interface ImportedComment {
  author: string;
  /** The delegation code the author maps to, or "import". */
  code: string;
  at: string | null;
  /** The words the comment covers (up to 400 characters; "" for a comment on a place). */
  quote: string;
  text: string;
  /** Index of the block it is on in the document's text blocks (reading order). */
  blockIndex: number;
}

export interface DocxReportItem {
  /** "paragraph 12 “recalling further …”", or "authors" for the author table. */
  where: string;
  message: string;
}

export interface DocxReport {
  /** Every author of a revision or a comment, how many each made, and its code (null: not mapped, so "import"). */
  authors: { name: string; count: number; code: string | null }[];
  /** What was read with a caveat or not read, each with where it was. */
  items: DocxReportItem[];
  counts: ImportCounts;
}

export interface DocxImport {
  doc: PMNode;
  /** The draft as DL text, attributed variant: parses to `doc`. */
  text: string;
  report: DocxReport;
  comments: ImportedComment[];
}

/** Reads a .docx; throws WordInputError (a DLInputError) when the file is not one. */
export function importDocx(bytes: Uint8Array, options: DocxImportOptions): DocxImport {
  const pkg = openDocx(bytes);
  const authors = new AuthorMap(options.authors);
  const styles = new StyleSheet(pkg.part("word/styles.xml"));
  const numbering = new Numbering(pkg.part("word/numbering.xml"));
  const body = readBody(pkg.part("word/document.xml")!, styles, numbering);
  const notes = readNotes(pkg.part("word/footnotes.xml"), pkg.part("word/endnotes.xml"), styles, new Numbering(pkg.part("word/numbering.xml")));
  const where = placeNames(body.paragraphs);
  const items: DocxReportItem[] = body.notes.map((n) => ({ where: where(n.paragraph), message: n.message }));

  const written = writeDL(body.paragraphs, notes, authors, items, where);
  const { doc, report } = parse(written.text);
  doc.check();
  const blocks = textBlocks(doc);
  for (const item of report.items) items.push({ where: where(written.paragraphOfLine(item.line)), message: item.message });
  items.push(...styleMismatches(blocks, written.blockParagraphs, body.paragraphs, where));

  const comments = readComments(pkg.part("word/comments.xml")).map((c): ImportedComment => {
    const range = body.ranges.get(c.id);
    return {
      author: c.author,
      code: authors.codeOf(c.author),
      at: c.at,
      quote: (range?.quote ?? "").replace(/\s+/g, " ").trim().slice(0, 400),
      text: c.text,
      blockIndex: written.blockOfParagraph(range?.paragraph ?? 1),
    };
  });
  const tally = authors.tally();
  for (const a of tally) {
    if (a.code === null) items.unshift({ where: "authors", message: `Word author “${a.name || "(no name)"}” is mapped to no delegation: ${a.count} ${a.count === 1 ? "revision or comment" : "revisions and comments"} attributed to "import"` });
  }
  items.sort((a, b) => (a.where === "authors" ? -1 : b.where === "authors" ? 1 : 0));
  return { doc, text: written.text, report: { authors: tally, items, counts: report.counts }, comments };
}

interface WrittenDL {
  text: string;
  /** The Word paragraph number of each block, in order. */
  blockParagraphs: number[];
  paragraphOfLine(line: number): number;
  /** The block a paragraph became, or the nearest block after it (before it at the end). */
  blockOfParagraph(paragraph: number): number;
}

/**
 * The paragraphs as one DL text, a blank line between blocks (more where Word had empty
 * paragraphs), then the footnotes referred to, one line each in the order of their numbers.
 */
function writeDL(paragraphs: WordParagraph[], notes: Map<string, WordNote>, authors: AuthorMap, items: DocxReportItem[], where: (p: number) => string): WrittenDL {
  const ids = new ChangeIds();
  const numbers = new NoteNumbers((note) => notes.has(note));
  /** The paragraph of each note's first reference: where its caveats are reported. */
  const referredFrom = new Map<string, number>();
  const parts: string[] = [];
  const blockParagraphs: number[] = [];
  const blockLines: number[] = [];
  let line = 1;
  let empty = 0;
  for (const paragraph of paragraphs) {
    const block = dlBlock(paragraph, authors, ids, numbers);
    for (const [note] of numbers.numbered()) if (!referredFrom.has(note)) referredFrom.set(note, paragraph.number);
    for (const message of block.notes) items.push({ where: where(paragraph.number), message });
    if (block.text === null) {
      empty++;
      continue;
    }
    const gap = Math.min(MAX_GAP, (parts.length ? 1 : 0) + empty);
    const separator = parts.length ? "\n" : "";
    parts.push(separator + "\n".repeat(gap) + block.text);
    line += (separator ? 1 : 0) + gap;
    blockLines.push(line);
    blockParagraphs.push(paragraph.number);
    line += block.text.split("\n").length - 1;
    empty = 0;
  }
  const bodyBlocks = blockParagraphs.length;
  // Footnotes after the text, as DL text has them: one line each, no blank line between.
  const numbered = numbers.numbered();
  for (let i = 0; i < numbered.length; i++) {
    const [note, label] = numbered[i]!;
    const content = notes.get(note)!;
    const block = dlNoteLine(label, content.paragraphs, authors, ids, numbers);
    const place = `footnote ${label}`;
    for (const n of content.notes) items.push({ where: place, message: n.message });
    for (const message of block.notes) items.push({ where: place, message });
    const text = block.text!;
    if (text === `[^${label}]: `) items.push({ where: place, message: "the footnote has no text (LibreOffice writes one so for a second reference to a footnote): kept, empty" });
    const separator = parts.length ? 1 : 0;
    const gap = i === 0 && separator ? 1 : 0;
    parts.push("\n".repeat(separator + gap) + text);
    line += separator + gap;
    blockLines.push(line);
    blockParagraphs.push(referredFrom.get(note) ?? 0);
    line += text.split("\n").length - 1;
  }
  const unreferred = [...notes.keys()].filter((note) => !numbers.numbered().some(([n]) => n === note));
  for (const note of unreferred) {
    const [kind, id] = note.split(":");
    const text = notes.get(note)!.paragraphs.map((p) => p.runs.map((r) => (r.kind === "text" ? r.text : " ")).join("")).join(" ").replace(/\s+/g, " ").trim();
    items.push({ where: "footnotes", message: `${kind} ${id}, which the text does not refer to (Word does not show it): left out “${text.slice(0, 120)}”` });
  }
  return {
    text: `${parts.join("")}\n`,
    blockParagraphs,
    paragraphOfLine: (at) => {
      let i = 0;
      while (i + 1 < blockLines.length && blockLines[i + 1] <= at) i++;
      return blockParagraphs[i] ?? 0;
    },
    blockOfParagraph: (paragraph) => {
      const i = blockParagraphs.slice(0, bodyBlocks).findIndex((p) => p >= paragraph);
      return i >= 0 ? i : Math.max(0, bodyBlocks - 1);
    },
  };
}

/** "paragraph 12 “recalling further …”": where a note is, as the reader of the Word file finds it. */
function placeNames(paragraphs: WordParagraph[]): (paragraph: number) => string {
  const byNumber = new Map(paragraphs.map((p) => [p.number, p]));
  return (number) => {
    if (number === 0) return "before the first paragraph";
    const p = byNumber.get(number);
    const text = (p?.runs ?? []).map((r) => (r.kind === "text" ? r.text : " ")).join("").replace(/\s+/g, " ").trim();
    if (!text) return `paragraph ${number}`;
    const words = text.split(" ");
    return `paragraph ${number} “${words.slice(0, 6).join(" ")}${words.length > 6 ? " …" : ""}”`;
  };
}

const ROLE_WORDS: Record<string, string> = { group_heading: "a clause-group heading", title: "a title", subject: "the subject" };

/** A paragraph whose ITU style says heading, title or subject but whose text does not read so. */
function styleMismatches(blocks: PMNode[], blockParagraphs: number[], paragraphs: WordParagraph[], where: (p: number) => string): DocxReportItem[] {
  const byNumber = new Map(paragraphs.map((p) => [p.number, p]));
  const items: DocxReportItem[] = [];
  blocks.forEach((block, i) => {
    if (block.type.name === "footnote") return;
    const style = byNumber.get(blockParagraphs[i])?.style;
    const expected = style?.role ? ROLE_WORDS[style.role] : undefined;
    if (!expected || block.type.name === style!.role) return;
    items.push({ where: where(blockParagraphs[i]), message: `Word style “${style!.name}” says ${expected}, but its text reads as ${READ_AS[block.type.name] ?? block.type.name.replace(/_/g, " ")}: kept as that` });
  });
  return items;
}

const READ_AS: Record<string, string> = { paragraph: "a paragraph", clause: "a clause", group_heading: "a clause-group heading", title: "a title", subject: "the subject", body_name: "the issuing body" };
