import { CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, FootnoteReferenceRun, InsertedTextRun, Tab, TextRun, XmlAttributeComponent, XmlComponent } from "docx";
import type { IRunOptions, ParagraphChild } from "docx";
import type { BracketAttrs, ChangeAttrs } from "../schema.ts";
import type { Segment, SegmentStyle } from "./segments.ts";

/**
 * Segments to Word runs. An insertion becomes `w:ins`, a deletion `w:del`, text
 * inserted by one delegation and struck by another `w:ins` around `w:del` (as Word
 * writes it); each with `w:author` and `w:date`. Brackets are literal "[" and "]";
 * a bracket's note is a Word comment from its "[" to its "]".
 *
 * Text struck by several delegations: a `w:del` has one author, and Word nests no
 * `w:del` in another, so the run is the earliest strike's `w:del`, and each other
 * delegation striking it gets a comment over the same text, under its name and time,
 * "Also proposed for deletion by ...": Review > Accept takes the text out, and
 * nobody's proposal is lost from the file. Text two delegations typed at once
 * (several insertions) likewise: the earliest one's `w:ins`, a comment for each other.
 */

/** A Word comment: who, when, what it says. */
export interface CommentAttrs {
  by: string;
  at: string | null;
  text: string;
}

/** What the run writer needs from the document being built. */
export interface RunContext {
  /** Revisions or none (the clean variant). */
  tracked: boolean;
  /** Author name for a change's `by`. */
  author: (by: string) => string;
  /** `w:date` for a change's `at`; undefined leaves the attribute out. */
  date: (at: string | null) => string | undefined;
  /** The next revision id (unique over the document). */
  nextRevisionId: () => number;
  /** Adds a comment (a bracket's note, a further strike) and returns its id. */
  addComment: (comment: CommentAttrs) => number;
  /** Comment ids of the brackets whose comments are open, by bracket id. */
  openComments: Map<string, number>;
  /** The Word footnote a reference's label ("1") refers to; undefined: none (the label in superscript). */
  footnote?: (label: string) => number | undefined;
}

/** The whole-block change of a block, applied to its text where the text has none of its own. */
export interface BlockChange {
  inserted: ChangeAttrs | null;
  deleted: ChangeAttrs | null;
}

class RevisionAttributes extends XmlAttributeComponent<{ id: number; author: string; date?: string }> {
  protected override readonly xmlKeys = { id: "w:id", author: "w:author", date: "w:date" };
}

/** `w:ins` around other content: text one delegation inserted and another proposes to delete. */
class InsertionAround extends XmlComponent {
  constructor(attrs: { id: number; author: string; date?: string }, child: XmlComponent) {
    super("w:ins");
    this.root.push(new RevisionAttributes(attrs));
    this.root.push(child);
  }
}

/** The revision attributes of a change. */
export function revisionOf(change: ChangeAttrs, ctx: RunContext): { id: number; author: string; date: string } {
  return { id: ctx.nextRevisionId(), author: ctx.author(change.by), date: ctx.date(change.at) as string };
}

/** A paragraph's children for its segments. */
export function runsOf(segments: readonly Segment[], block: BlockChange, ctx: RunContext): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  /** Comments open over the text of a further change, by change id. */
  const open = new Map<string, number>();
  const endComment = (id: number) => out.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  for (const segment of segments) {
    const further = ctx.tracked ? furtherChanges(segment) : [];
    for (const [change, id] of open) {
      if (further.some((c) => c.id === change)) continue;
      open.delete(change);
      endComment(id);
    }
    for (const c of further) {
      if (open.has(c.id)) continue;
      const id = ctx.addComment({ by: c.by, at: c.at, text: `Also proposed for ${c.what} by ${ctx.author(c.by)}` });
      open.set(c.id, id);
      out.push(new CommentRangeStart(id));
    }
    if (segment.kind === "open" && segment.first && segment.bracket.note) {
      const id = ctx.addComment({ by: segment.bracket.by, at: segment.bracket.at, text: segment.bracket.note });
      ctx.openComments.set(segment.bracket.id, id);
      out.push(new CommentRangeStart(id));
    }
    out.push(run(segment, runOptions(segment), block, ctx, segment.kind === "text" && segment.note ? ctx.footnote?.(segment.text) : undefined));
    const comment = segment.kind === "close" && segment.last ? ctx.openComments.get(segment.bracket.id) : undefined;
    if (comment !== undefined) {
      ctx.openComments.delete((segment as { bracket: BracketAttrs }).bracket.id);
      endComment(comment);
    }
  }
  for (const id of open.values()) endComment(id);
  return out;
}

/** The changes over a segment besides the ones its `w:ins` and `w:del` are written for (the earliest). */
function furtherChanges(segment: Segment): (ChangeAttrs & { what: string })[] {
  return [...segment.insertions.slice(1).map((c) => ({ ...c, what: "insertion" })), ...segment.deletions.slice(1).map((c) => ({ ...c, what: "deletion" }))];
}

function runOptions(segment: Segment): IRunOptions {
  const format = { bold: segment.strong || undefined, italics: segment.em || undefined };
  if (segment.kind === "break") return { ...format, break: 1 };
  if (segment.kind !== "text") return { ...format, text: segment.kind === "open" ? "[" : "]" };
  if (segment.note) return { ...format, text: segment.text, superScript: true };
  if (!segment.text.includes("\t")) return { ...format, text: segment.text };
  const children: (string | Tab)[] = [];
  segment.text.split("\t").forEach((part, i) => {
    if (i > 0) children.push(new Tab());
    if (part) children.push(part);
  });
  return { ...format, children };
}

/** `footnote`: the segment is a reference to this Word footnote (written as Word's own reference unless it is a proposal). */
function run(style: SegmentStyle, options: IRunOptions, block: BlockChange, ctx: RunContext, footnote?: number): ParagraphChild {
  const insertion = ctx.tracked ? (style.insertion ?? block.inserted) : null;
  const deletion = ctx.tracked ? (style.deletion ?? block.deleted) : null;
  // A reference someone proposes adding or deleting stays its label, inside the revision: Word has no tracked footnote reference.
  if (footnote !== undefined && !insertion && !deletion) return new FootnoteReferenceRun(footnote);
  if (!ctx.tracked) return new TextRun(options);
  if (deletion) {
    const deleted = new DeletedTextRun({ ...options, ...revisionOf(deletion, ctx) });
    return insertion ? (new InsertionAround(revisionOf(insertion, ctx), deleted) as unknown as ParagraphChild) : deleted;
  }
  if (insertion) return new InsertedTextRun({ ...options, ...revisionOf(insertion, ctx) });
  return new TextRun(options);
}
