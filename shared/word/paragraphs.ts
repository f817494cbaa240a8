import type { Document, Element } from "@xmldom/xmldom";
import { attr, child, elements, isW, rootOf, toggleOn, W } from "./ooxml.ts";
import { revisionOf } from "./revisions.ts";
import type { Revision } from "./revisions.ts";
import type { StyleSheet, ParagraphStyle } from "./styles.ts";
import type { Numbering, NumberingLabel } from "./numbering.ts";

/**
 * word/document.xml read as paragraphs of runs: each piece of text with its bold, italic
 * and the revisions over it (the nearest w:ins and w:del around it), line breaks, the
 * paragraph's style and numbering, and whether its paragraph mark was inserted or deleted.
 * Whatever else the body holds is told in notes (paragraph number and what it was), its
 * text kept where it has some: a table's cells are read as paragraphs, a field as its
 * result, a hyperlink as its text.
 */

export type WordRun =
  | { kind: "text"; text: string; bold: boolean; italic: boolean; ins: Revision | null; del: Revision | null }
  | { kind: "break"; ins: Revision | null; del: Revision | null }
  /** A footnote or endnote reference: `note` is "footnote:ID" / "endnote:ID" (Word's id in its part). */
  | { kind: "note"; note: string; ins: Revision | null; del: Revision | null };

export interface WordParagraph {
  /** 1-based, over every paragraph of the body (table cells included). */
  number: number;
  style: ParagraphStyle | null;
  runs: WordRun[];
  numbering: NumberingLabel;
  /** The paragraph mark's own revisions: a paragraph added, or joined to the next. */
  mark: { ins: Revision | null; del: Revision | null };
}

/** Something read with a caveat or not read: which paragraph (0: before the first) and what. */
export interface ReadNote {
  paragraph: number;
  message: string;
}

/** Where a comment's range starts and the words it covers. */
export interface CommentRange {
  paragraph: number;
  quote: string;
}

export interface ReadBody {
  paragraphs: WordParagraph[];
  notes: ReadNote[];
  ranges: Map<string, CommentRange>;
}

/** The revisions around what is being read (a move's halves read as a deletion and an insertion). */
interface RunContext {
  ins: Revision | null;
  del: Revision | null;
}

/** Elements that only mark places Plenary keeps no record of (bookmarks, spelling marks, permissions). */
const IGNORED = new Set([
  "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "lastRenderedPageBreak", "moveFromRangeStart",
  "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
  "customXmlDelRangeStart", "customXmlDelRangeEnd", "annotationRef", "commentReference", "rPr", "softHyphen",
]);

/** Wrappers whose content is read as if they were not there. */
const TRANSPARENT = new Set(["hyperlink", "smartTag", "customXml", "dir", "bdo"]);

export function readBody(document: Document, styles: StyleSheet, numbering: Numbering): ReadBody {
  const body = child(rootOf(document), "body");
  const reader = new BodyReader(styles, numbering);
  if (body) reader.blocks(body);
  return { paragraphs: reader.paragraphs, notes: reader.notes, ranges: reader.ranges };
}

/** A footnote's or endnote's content, read as body text is: its paragraphs of runs (revisions, bold, italics) and its notes. */
export interface WordNote {
  paragraphs: WordParagraph[];
  notes: ReadNote[];
}

/**
 * The footnotes (word/footnotes.xml) and endnotes (word/endnotes.xml) by "footnote:ID" /
 * "endnote:ID", Word's separators left out. Each is read by the body's reader, so its
 * revisions, bold, italics and brackets come in as body text's do; its paragraph numbers
 * count within the note.
 */
export function readNotes(footnotes: Document | null, endnotes: Document | null, styles: StyleSheet, numbering: Numbering): Map<string, WordNote> {
  const out = new Map<string, WordNote>();
  for (const [kind, part] of [["footnote", footnotes], ["endnote", endnotes]] as const) {
    if (!part) continue;
    for (const el of elements(rootOf(part))) {
      if (!isW(el, kind)) continue;
      const type = attr(el, "type");
      if (type === "separator" || type === "continuationSeparator" || type === "continuationNotice") continue;
      const reader = new BodyReader(styles, numbering);
      reader.blocks(el);
      out.set(`${kind}:${attr(el, "id")}`, { paragraphs: reader.paragraphs, notes: reader.notes });
    }
  }
  return out;
}

class BodyReader {
  readonly paragraphs: WordParagraph[] = [];
  readonly notes: ReadNote[] = [];
  readonly ranges = new Map<string, CommentRange>();
  /** Comments whose range is open: their quotes grow with the text read. */
  private readonly open = new Set<string>();
  private number = 0;
  private current: WordParagraph | null = null;
  /** A complex field being read: its instruction until w:fldChar separate, then its result. */
  private field: { instruction: string; inResult: boolean } | null = null;

  constructor(
    private readonly styles: StyleSheet,
    private readonly numbering: Numbering,
  ) {}

  private note(message: string): void {
    const paragraph = this.current?.number ?? this.number;
    if (!this.notes.some((n) => n.paragraph === paragraph && n.message === message)) this.notes.push({ paragraph, message });
  }

  /** Block content: paragraphs, tables, content controls. */
  blocks(parent: Element): void {
    for (const el of elements(parent)) {
      if (isW(el, "p")) {
        this.paragraph(el);
        this.current = null;
      } else if (isW(el, "tbl")) this.table(el);
      else if (isW(el, "sdt")) this.blocks(child(el, "sdtContent") ?? el);
      else if (isW(el, "customXml")) this.blocks(el);
      else if (isW(el, "sectPr") || isW(el, "tcPr") || isW(el, "bookmarkStart") || isW(el, "bookmarkEnd") || isW(el, "proofErr")) continue;
      else if (isW(el, "commentRangeStart") || isW(el, "commentRangeEnd")) this.inline(el, { ins: null, del: null });
      else {
        this.note(`${nameOf(el)} (not read by the importer): its text is kept as a paragraph`);
        this.textOnly(el);
      }
    }
  }

  private table(tbl: Element): void {
    const rows = elements(tbl).filter((e) => isW(e, "tr"));
    const columns = Math.max(0, ...rows.map((r) => elements(r).filter((e) => isW(e, "tc")).length));
    this.current = null;
    const first = this.number + 1;
    this.notes.push({ paragraph: first, message: `a table (${rows.length} ${rows.length === 1 ? "row" : "rows"}, ${columns} ${columns === 1 ? "column" : "columns"}): DL text has no tables, its cells are read as paragraphs, row by row` });
    for (const row of rows) for (const cell of elements(row)) if (isW(cell, "tc")) this.blocks(cell);
  }

  private paragraph(p: Element): void {
    const pPr = child(p, "pPr");
    const style = this.styles.style(attr(child(pPr, "pStyle"), "val"));
    const markRpr = child(pPr, "rPr");
    const insMark = child(markRpr, "ins");
    const delMark = child(markRpr, "del");
    this.number += 1;
    const paragraph: WordParagraph = {
      number: this.number,
      style,
      runs: [],
      numbering: null,
      mark: { ins: insMark ? revisionOf(insMark, "insertion") : null, del: delMark ? revisionOf(delMark, "deletion") : null },
    };
    this.current = paragraph;
    this.paragraphs.push(paragraph);
    const numPr = child(pPr, "numPr");
    const numId = numPr ? attr(child(numPr, "numId"), "val") : style?.numbering?.numId ?? null;
    if (numId && numId !== "0") {
      const level = Number(numPr ? attr(child(numPr, "ilvl"), "val") ?? 0 : style?.numbering?.level ?? 0);
      paragraph.numbering = this.numbering.next(numId, level);
      if (paragraph.numbering?.kind === "unknown") this.note(`numbering in the "${paragraph.numbering.format}" format: its label is not written out`);
    }
    if (child(pPr, "pPrChange")) this.note(`a paragraph formatting change by ${child(pPr, "pPrChange")!.getAttributeNS(W, "author") || "an unknown author"}: the new formatting is kept, not as a proposal`);
    if (markRpr && child(markRpr, "rPrChange")) this.note("a formatting change on the paragraph mark: not kept as a proposal");
    for (const el of elements(p)) if (!isW(el, "pPr")) this.inline(el, { ins: null, del: null });
  }

  /** Paragraph content: runs, revisions around runs, comment ranges, wrappers. */
  private inline(el: Element, ctx: RunContext): void {
    if (el.namespaceURI !== W) {
      if (el.localName === "oMath" || el.localName === "oMathPara") {
        this.note("an equation: its text is kept, not its layout");
        this.mathText(el, ctx);
      } else if (el.localName !== "AlternateContent") this.note(`${nameOf(el)} (not read by the importer)`);
      else this.alternate(el, ctx);
      return;
    }
    const local = el.localName!;
    if (local === "r") this.run(el, ctx);
    else if (local === "ins") this.each(el, { ...ctx, ins: revisionOf(el, "insertion") });
    else if (local === "del") this.each(el, { ...ctx, del: revisionOf(el, "deletion") });
    else if (local === "moveTo" || local === "moveFrom") {
      const from = local === "moveFrom";
      const revision = revisionOf(el, from ? "deletion" : "insertion");
      this.note(`text moved by ${revision.author || "an unknown author"}: read as ${from ? "a deletion where it was" : "an insertion where it went"}`);
      this.each(el, from ? { ...ctx, del: revision } : { ...ctx, ins: revision });
    } else if (local === "commentRangeStart") this.commentStart(attr(el, "id") ?? "");
    else if (local === "commentRangeEnd") this.open.delete(attr(el, "id") ?? "");
    else if (local === "fldSimple") {
      this.note(`a field (${(attr(el, "instr") ?? "").trim().split(/\s+/)[0] || "unnamed"}): its result is kept as text`);
      this.each(el, ctx);
    } else if (local === "sdt") this.each(child(el, "sdtContent") ?? el, ctx);
    else if (TRANSPARENT.has(local)) this.each(el, ctx);
    else if (!IGNORED.has(local)) {
      this.note(`${nameOf(el)} (not read by the importer): its text is kept`);
      this.textOnly(el, ctx);
    }
  }

  private each(el: Element, ctx: RunContext): void {
    for (const c of elements(el)) this.inline(c, ctx);
  }

  private commentStart(id: string): void {
    this.ranges.set(id, { paragraph: this.current?.number ?? this.number + 1, quote: "" });
    this.open.add(id);
  }

  private run(r: Element, ctx: RunContext): void {
    const rPr = child(r, "rPr");
    const styleBold = this.current?.style?.bold ?? false;
    const bold = toggleOn(child(rPr, "b")) ?? styleBold;
    const italic = toggleOn(child(rPr, "i")) ?? false;
    if (child(rPr, "rPrChange")) this.note(`a formatting change by ${child(rPr, "rPrChange")!.getAttributeNS(W, "author") || "an unknown author"}: the new formatting is kept, not as a proposal`);
    if (toggleOn(child(rPr, "vanish"))) this.note("hidden text: kept as visible text");
    for (const el of elements(r)) {
      if (el.namespaceURI !== W) {
        if (el.localName === "AlternateContent") this.alternate(el, ctx);
        else this.note(`${nameOf(el)} (not read by the importer)`);
        continue;
      }
      switch (el.localName) {
        case "t":
        case "delText":
          if (this.field && !this.field.inResult) break;
          this.text(el.textContent ?? "", bold, italic, ctx);
          break;
        case "tab":
        case "ptab":
          this.text("\t", bold, italic, ctx);
          break;
        case "noBreakHyphen":
          this.text("\u2011", bold, italic, ctx);
          break;
        case "br":
        case "cr": {
          const type = attr(el, "type");
          if (type === "page" || type === "column") this.note(`a ${type} break: left out (the draft has no pages)`);
          else this.current?.runs.push({ kind: "break", ins: ctx.ins, del: ctx.del });
          break;
        }
        case "fldChar":
          this.fieldChar(attr(el, "fldCharType"));
          break;
        case "instrText":
        case "delInstrText":
          if (this.field) this.field.instruction += el.textContent ?? "";
          break;
        case "footnoteReference":
        case "endnoteReference": {
          const kind = el.localName === "footnoteReference" ? "footnote" : "endnote";
          if (["1", "true", "on"].includes(attr(el, "customMarkFollows") ?? "")) this.note(`a ${kind} with its own mark: numbered as Word numbers its footnotes, its mark kept as text`);
          if (!this.current) this.startImplicitParagraph();
          this.current!.runs.push({ kind: "note", note: `${kind}:${attr(el, "id")}`, ins: ctx.ins, del: ctx.del });
          break;
        }
        case "drawing":
        case "pict":
        case "object":
          this.note(`an image or drawing${altText(el)}: left out (DL text holds no images)`);
          break;
        case "sym":
          this.note(`a symbol character (font ${attr(el, "font") ?? "unknown"}, code ${attr(el, "char") ?? "?"}): left out`);
          break;
        case "rPr":
        case "lastRenderedPageBreak":
        case "commentReference":
        case "annotationRef":
        case "softHyphen":
        case "separator":
        case "continuationSeparator":
        case "footnoteRef":
        case "endnoteRef":
          break;
        default:
          this.note(`${nameOf(el)} in a run (not read by the importer): its text is kept`);
          this.textOnly(el, ctx, bold, italic);
      }
    }
  }

  private fieldChar(type: string | null): void {
    if (type === "begin") this.field = { instruction: "", inResult: false };
    else if (type === "separate" && this.field) this.field.inResult = true;
    else if (type === "end" && this.field) {
      this.note(`a field (${this.field.instruction.trim().split(/\s+/)[0] || "unnamed"}): its result is kept as text`);
      this.field = null;
    }
  }

  private text(text: string, bold: boolean, italic: boolean, ctx: RunContext): void {
    if (!text) return;
    if (!this.current) this.startImplicitParagraph();
    const runs = this.current!.runs;
    const last = runs[runs.length - 1];
    if (last?.kind === "text" && last.bold === bold && last.italic === italic && last.ins === ctx.ins && last.del === ctx.del) last.text += text;
    else runs.push({ kind: "text", text, bold, italic, ins: ctx.ins, del: ctx.del });
    for (const id of this.open) {
      const range = this.ranges.get(id)!;
      if (range.quote.length < 400) range.quote += text.replace(/\t/g, " ");
    }
  }

  /** Text found outside any paragraph (inside something not read): it gets a paragraph of its own. */
  private startImplicitParagraph(): void {
    this.number += 1;
    this.current = { number: this.number, style: null, runs: [], numbering: null, mark: { ins: null, del: null } };
    this.paragraphs.push(this.current);
  }

  /** The text of something not understood, kept plain (with the revisions around it). */
  private textOnly(el: Element, ctx: RunContext = { ins: null, del: null }, bold = false, italic = false): void {
    for (const c of elements(el)) {
      if (isW(c, "p")) {
        this.paragraph(c);
        continue;
      }
      if (isW(c, "t") || isW(c, "delText")) this.text(c.textContent ?? "", bold, italic, ctx);
      else this.textOnly(c, ctx, bold, italic);
    }
  }

  private mathText(el: Element, ctx: RunContext): void {
    for (const c of elements(el)) {
      if (c.localName === "t") this.text(c.textContent ?? "", false, false, ctx);
      else this.mathText(c, ctx);
    }
  }

  /** mc:AlternateContent: the fallback is what a reader without the newer feature shows. */
  private alternate(el: Element, ctx: RunContext): void {
    const fallback = elements(el).find((c) => c.localName === "Fallback");
    if (fallback) for (const c of elements(fallback)) this.inline(c, ctx);
    else this.note("content for newer Word versions with no fallback: left out");
  }
}

/** "w:tbl", "m:oMath": an element as a reader of the XML would name it. */
function nameOf(el: Element): string {
  return `<${el.nodeName}>`;
}

/** ", “description”" from a drawing's wp:docPr, when it has one. */
function altText(el: Element): string {
  const found = el.getElementsByTagNameNS("*", "docPr")[0];
  const text = found?.getAttribute("descr") || found?.getAttribute("title") || "";
  return text ? ` “${text.slice(0, 80)}”` : "";
}
