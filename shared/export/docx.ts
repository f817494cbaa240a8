import { AlignmentType, CommentRangeEnd, CommentRangeStart, CommentReference, Document, Header, Packer, PageNumber, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { ICommentOptions, IParagraphRunOptions } from "docx";
import type { Node as PMNode } from "prosemirror-model";
import { readMeta, symbolWithRevision } from "../meta.ts";
import { displayLabel } from "../track/labels.ts";
import type { Thread } from "../track/comment.ts";
import type { ChangeAttrs } from "../schema.ts";
import { authorName } from "./authors.ts";
import { revisionTime, timeOfDateLine } from "./dates.ts";
import { docxStyles, INDENT, styleOf } from "./docx-styles.ts";
import { revisionOf, runsOf } from "./docx-runs.ts";
import type { CommentAttrs, RunContext } from "./docx-runs.ts";
import { issuedDocument } from "./issue.ts";
import { cleanDoc } from "../dl/clean.ts";
import type { RevisionInfo } from "./issue.ts";
import { headerBlockCount, isEmptyHeading, roleOf } from "./layout.ts";
import { footnotePlan } from "./footnotes.ts";
import { columnsOf, withTables } from "./tables.ts";
import type { TableRow as PipeRow } from "./tables.ts";
import { segmentDocument, withLabelTab } from "./segments.ts";
import type { BlockSegments, Segment } from "./segments.ts";

/**
 * A DL document as a Word file (.docx) in the ITU layout.
 *
 * `marked`: every proposal is a real Word revision (`w:ins` / `w:del`) whose author
 * is the delegation ("United States (USA)"; "Chair", "Secretariat", and "Imported"
 * for text struck in the imported document) and whose date is the change's time, or
 * the document's date where it has none; so the secretariat can go on with Review >
 * Accept / Reject. A whole block added or proposed for deletion also marks its
 * paragraph mark as inserted or deleted. Text struck (or typed) by several
 * delegations is one `w:del` (`w:ins`), as Word gives a revision one author: the
 * earliest one's, with a comment by each other delegation that proposes it too. Brackets are literal "[" "]"; a bracket's
 * note is a Word comment over the bracketed text. `clean`: no revisions, deletions
 * gone (whole blocks too), insertions as plain text.
 */
export interface DocxOptions {
  variant: "marked" | "clean";
  /** Delegation names by code: { USA: "United States" }. */
  authors: Record<string, string>;
  /** Issue as this revision: the symbol and date lines show it. */
  revision?: RevisionInfo;
  /** The room's comment threads: each a Word comment on the clause it was made on (by its name, "resolves 20"). */
  comments?: readonly Thread[];
}

/** Page geometry in twips: A4, ITU margins. */
const PAGE = { width: 11906, height: 16838, top: 1418, bottom: 1418, left: 1134, right: 1134, header: 567 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

/** The Word file of `doc`, as bytes. */
export async function exportDocx(doc: PMNode, options: DocxOptions): Promise<Uint8Array> {
  if (options.variant !== "marked" && options.variant !== "clean") throw new RangeError(`unknown Word variant "${String(options.variant)}" (marked or clean)`);
  const file = buildDocx(doc, options);
  return Packer.pack(file, "uint8array");
}

/** The docx library's document for `doc` (exposed for tests and the benchmark). */
export function buildDocx(source: PMNode, options: DocxOptions): Document {
  const issued = issuedDocument(source, options.revision);
  const tracked = options.variant === "marked";
  const doc = tracked ? issued : cleanDoc(issued);
  const meta = readMeta(doc);
  const fallbackDate = timeOfDateLine(meta.date) ?? undefined;
  const comments: ICommentOptions[] = [];
  let revisionId = 1;
  const ctx: RunContext = {
    tracked,
    author: (by) => authorName(by, options.authors),
    date: (at) => revisionTime(at) ?? fallbackDate,
    nextRevisionId: () => revisionId++,
    addComment: (comment) => addComment(comments, comment, ctx),
    openComments: new Map(),
  };
  const blocks = segmentDocument(doc);
  const headerCount = headerBlockCount(blocks.map((b) => b.node));
  const children: (Paragraph | Table)[] = [];
  if (headerCount > 0) children.push(headerTable(blocks.slice(0, headerCount), ctx, meta.lang.dir === "rtl"));
  // Each comment thread on the paragraph of its clause ("resolves 20"; one the text no longer names goes on the first).
  const threads = [...(options.comments ?? [])];
  // Footnotes the text refers to are Word footnotes; the references are Word's (runsOf).
  const plan = footnotePlan(blocks.map((b) => b.node));
  ctx.footnote = (label) => plan.notes.get(label)?.number;
  const footnotes = Object.fromEntries(
    blocks.filter((b) => plan.atFoot.has(b.node)).map((b) => [plan.notes.get(b.node.attrs.label as string)!.number, { children: [paragraphOf(b, false, ctx)] }]),
  );
  const body = blocks.slice(headerCount).filter((b) => !plan.atFoot.has(b.node) && !isEmptyHeading(b.node));
  const names = clauseNames(body.map((b) => b.node));
  const placed = body.map((_, i) => threads.filter((t) => t.comment.where === names[i]));
  const unplaced = threads.filter((t) => !names.includes(t.comment.where));
  if (placed.length > 0) placed[0] = [...unplaced, ...placed[0]!];
  for (const item of withTables(body)) {
    if (item.kind === "table") children.push(tableOf(item.rows, ctx));
    else children.push(paragraphOf(item.block, false, ctx, placed[item.index]!.map((t) => addThread(comments, t, ctx))));
  }
  const running = meta.symbol ? symbolWithRevision(meta.symbol, meta.revision) : "";
  return new Document({
    creator: "Plenary",
    title: titleOf(doc),
    styles: docxStyles(meta.lang),
    features: { trackRevisions: tracked },
    defaultTabStop: INDENT,
    comments: { children: comments },
    footnotes,
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: PAGE.header } },
        },
        headers: { default: runningHeader(running), first: new Header({ children: [] }) },
        children,
      },
    ],
  });
}

/** Pages after the first: "- 2 -" and the symbol, centred, as ITU documents have them. */
function runningHeader(symbol: string): Header {
  return new Header({
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0 }, children: [new TextRun({ children: ["- ", PageNumber.CURRENT, " -"] })] }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240 }, children: [new TextRun(symbol)] }),
    ],
  });
}

/**
 * The header block: issuing body on the left, symbol, date and language on the right, no borders;
 * mirrored for a right-to-left language (`w:bidiVisual`: the issuing body on the right).
 */
function headerTable(blocks: BlockSegments[], ctx: RunContext, rtl: boolean): Table {
  const left = blocks.filter((b) => b.node.type.name === "body_name").map((b) => paragraphOf(b, true, ctx));
  const right = blocks.filter((b) => b.node.type.name !== "body_name").map((b) => paragraphOf(b, true, ctx));
  const leftWidth = Math.round(TEXT_WIDTH * 0.6);
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ children: children.length ? children : [new Paragraph({})], width: { size: width, type: WidthType.DXA }, borders: TableBorders.NONE, margins: { left: 0, right: 0 } });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, TEXT_WIDTH - leftWidth],
    borders: TableBorders.NONE,
    ...(rtl ? { visuallyRightToLeft: true } : {}),
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, TEXT_WIDTH - leftWidth)] })],
  });
}

function paragraphOf(block: BlockSegments, inHeader: boolean, ctx: RunContext, commentIds: readonly number[] = []): Paragraph {
  const { node } = block;
  const role = roleOf(node, inHeader);
  const inserted = (node.attrs.inserted as ChangeAttrs | null) ?? null;
  const deleted = (node.attrs.deleted as ChangeAttrs | null) ?? null;
  let segments: Segment[] = block.segments;
  if (role === "clause") segments = withLabelTab(segments);
  // A list clause ("- a) ...") keeps its dash before its label, as a list paragraph does: "–", tab, "a)", tab, text.
  if (role === "item" || (role === "clause" && node.attrs.list)) segments = [dash(segments[0]), ...segments];
  const change = ctx.tracked ? { inserted, deleted } : { inserted: null, deleted: null };
  const mark: IParagraphRunOptions | undefined = !ctx.tracked
    ? undefined
    : deleted
      ? { deletion: revisionOf(deleted, ctx), ...(inserted ? { insertion: revisionOf(inserted, ctx) } : {}) }
      : inserted
        ? { insertion: revisionOf(inserted, ctx) }
        : undefined;
  const runs = runsOf(segments, change, ctx);
  const commented = commentIds.length === 0 ? runs : [...commentIds.map((id) => new CommentRangeStart(id)), ...runs, ...commentIds.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })])];
  return new Paragraph({ style: styleOf(role), children: commented, ...(role === "annex-heading" ? { pageBreakBefore: true } : {}), ...(mark ? { run: mark } : {}) });
}

/**
 * A pipe table as a Word table across the text width: a header row repeated on each page, each
 * cell's words with their revisions; a row added or proposed for deletion as a whole has its
 * cells' words so marked (Word tracks no row insertion the docx library writes).
 */
function tableOf(rows: PipeRow[], ctx: RunContext): Table {
  const columns = columnsOf(rows);
  const width = Math.floor(TEXT_WIDTH / columns);
  return new Table({
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => width),
    rows: rows.map((row) => {
      const inserted = ctx.tracked ? ((row.block.node.attrs.inserted as ChangeAttrs | null) ?? null) : null;
      const deleted = ctx.tracked ? ((row.block.node.attrs.deleted as ChangeAttrs | null) ?? null) : null;
      return new TableRow({
        tableHeader: row.header,
        children: Array.from({ length: columns }, (_, i) =>
          new TableCell({
            width: { size: width, type: WidthType.DXA },
            children: [new Paragraph({ style: "TableText", children: runsOf(row.cells[i] ?? [], { inserted, deleted }, ctx), ...(row.header ? { run: { bold: true } } : {}) })],
          }),
        ),
      });
    }),
  });
}

/** A comment thread as one Word comment by its author: the comment, each reply with its author, and whether the chair resolved it. */
function addThread(comments: ICommentOptions[], thread: Thread, ctx: RunContext): number {
  const id = comments.length;
  const date = ctx.date(thread.comment.at);
  const line = (text: string, bold?: string) => new Paragraph({ children: [...(bold ? [new TextRun({ text: `${bold}: `, bold: true })] : []), new TextRun(text)] });
  comments.push({
    id,
    author: ctx.author(thread.comment.by),
    ...(date ? { date: new Date(date) } : {}),
    children: [
      line(thread.comment.text),
      ...thread.replies.map((r) => line(r.text, ctx.author(r.by))),
      ...(thread.resolved ? [line("Resolved by the chair.")] : []),
    ],
  });
  return id;
}

/** The name the room gives each block ("resolves 20"): its clause group's heading and its label; "" for others. */
function clauseNames(blocks: readonly PMNode[]): string[] {
  let heading = "";
  return blocks.map((node) => {
    if (node.type.name === "group_heading") heading = node.textContent.trim();
    return node.type.name === "clause" ? [heading, displayLabel(node)].filter(Boolean).join(" ") : "";
  });
}

/** The dash of a list item ("– " then a tab), with the formatting of what follows it. */
function dash(first: Segment | undefined): Segment {
  const style = first ?? { insertion: null, insertions: [], deletion: null, deletions: [], strong: false, em: false };
  return { kind: "text", text: "\u2013\t", label: false, note: false, insertion: style.insertion, insertions: style.insertions, deletion: style.deletion, deletions: style.deletions, strong: false, em: false };
}

function addComment(comments: ICommentOptions[], comment: CommentAttrs, ctx: RunContext): number {
  const id = comments.length;
  const date = ctx.date(comment.at);
  comments.push({
    id,
    author: ctx.author(comment.by),
    ...(date ? { date: new Date(date) } : {}),
    children: [new Paragraph({ children: [new TextRun(comment.text)] })],
  });
  return id;
}

function titleOf(doc: PMNode): string {
  let title = "";
  doc.forEach((node) => {
    if (!title && node.type.name === "title") title = node.textContent.trim();
  });
  return title;
}
