import { Fragment, Slice } from "prosemirror-model";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { EditorState, Transaction } from "prosemirror-state";
import { ReplaceStep } from "prosemirror-transform";
import { HEADER_TYPES, schema } from "../schema.ts";
import type { ChangeAttrs } from "../schema.ts";
import type { Author } from "./author.ts";
import { newChangeId } from "./ids.ts";
import { bareLineBreaks } from "./line-breaks.ts";

/**
 * Whether a pasted insertion (its source's author and id) stays its author's rather than
 * becoming the paster's: given by the page (client/clipboard.ts), never by the pasted content.
 */
export type KeepPastedInsertion = (insertion: { by: string; id: string }) => boolean;

/**
 * Suggestion mode: what a delegate does in the editor, rewritten as tracked changes.
 *
 * - Typed or pasted text is an insertion by the author; it never extends another
 *   delegation's insertion, and continues the author's own insertion next to it.
 * - Deleting text that is not the author's own insertion strikes it (a deletion mark);
 *   deleting the author's own insertion removes it for real.
 * - Enter or a pasted paragraph makes a block marked `inserted` by the author; a
 *   deletion that takes in whole blocks marks them `deleted` (own new blocks go for real).
 * - Joining a block to the one above happens only for the author's own new block
 *   holding only the author's own words; otherwise Backspace at the start of a block
 *   just moves the caret.
 * Steps other than text replacement (formatting, attributes) are not proposals and
 * are left out.
 */
export function trackTransaction(state: EditorState, tr: Transaction, author: Author, keepPastedInsertion: KeepPastedInsertion = () => false): Transaction {
  // A paste keeps what its source had bracketed and struck, as the paster's own (see pastedMarks).
  const pasted = tr.getMeta("paste") === true || tr.getMeta("uiEvent") === "paste";
  const out = state.tr;
  const backward = isBackwardDelete(state, tr);
  // Maps a position of the user's document after step i to `out`'s document now.
  let toOut: (pos: number) => number = (pos) => pos;
  let caretBefore: number | null = null;
  tr.steps.forEach((step) => {
    if (!(step instanceof ReplaceStep)) return;
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: Slice };
    const k0 = out.steps.length;
    const previous = toOut;
    const oFrom = previous(from);
    const oTo = Math.max(oFrom, previous(to));
    if (oTo > oFrom) strike(out, oFrom, oTo, author);
    const since = () => out.mapping.slice(k0);
    const placed = inLastGroup(out.doc, since().map(oTo, -1), slice);
    const insertAt = placed.at;
    caretBefore = since().map(oFrom, -1);
    let inserted = 0;
    if (slice.size > 0) inserted = insert(out, insertAt, placed.slice, author, pasted ? keepPastedInsertion : null);
    const k1 = out.steps.length;
    const size = slice.size;
    toOut = (pos) => {
      if (pos < from) return out.mapping.slice(k0, k1).map(previous(pos), -1);
      if (pos <= from + size) return insertAt + Math.min(pos - from, inserted);
      return out.mapping.slice(k0, k1).map(previous(pos - size + (to - from)), 1);
    };
  });
  if (out.docChanged || tr.selectionSet) {
    const head = backward && caretBefore !== null ? caretBefore : toOut(tr.selection.head);
    const pos = Math.max(0, Math.min(head, out.doc.content.size));
    out.setSelection(TextSelection.near(out.doc.resolve(pos), backward ? -1 : 1));
  }
  for (const key of ["addToHistory", "paste", "uiEvent"]) if (tr.getMeta(key) !== undefined) out.setMeta(key, tr.getMeta(key));
  if (tr.scrolledIntoView) out.scrollIntoView();
  return out;
}

/** Backspace (or a selection deleted leftwards): the caret should end before what was struck. */
function isBackwardDelete(state: EditorState, tr: Transaction): boolean {
  const sel = state.selection;
  return sel.empty && tr.steps.length > 0 && tr.selection.head < sel.head && tr.doc.content.size < state.doc.content.size;
}

const isMine = (change: ChangeAttrs | null | undefined, author: Author) => !!change && change.by === author.by;

function markOf(node: PMNode, name: "insertion" | "deletion"): Mark | undefined {
  return node.marks.find((m) => m.type.name === name);
}

/**
 * Whether text is the author's own proposal and no one else's: inserted by the author and
 * by no one else (the same words can carry two delegations' insertions), so deleting it
 * withdraws it rather than strikes it.
 */
function onlyOwnInsertion(node: PMNode, author: Author): boolean {
  const insertions = node.marks.filter((m) => m.type.name === "insertion");
  return insertions.length > 0 && insertions.every((m) => m.attrs.by === author.by);
}

/** The deletion half of a replacement: strikes, or removes what the author itself added. */
function strike(out: Transaction, from: number, to: number, author: Author): void {
  const doc = out.doc;
  // Striking on next to one's own strike (Backspace, Backspace) continues that change.
  const around = [doc.resolve(from).nodeBefore, doc.resolve(to).nodeAfter].map((n) => (n ? markOf(n, "deletion") : undefined));
  const own = around.find((m) => m && m.attrs.by === author.by);
  const deletionId = own ? (own.attrs.id as string) : newChangeId("d");
  const deletionAt = own ? (own.attrs.at as string | null) : author.at;
  const struck: [number, number][] = [];
  const removed: [number, number][] = [];
  const wholeBlocks: { pos: number; node: PMNode }[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) {
      const start = pos + 1;
      const end = pos + node.nodeSize - 1;
      const whole = from <= start && to >= end && (from < start || to > end) && !(from === end || to === start);
      if (whole) wholeBlocks.push({ pos, node });
      return true;
    }
    if (!node.isInline) return true;
    const a = Math.max(pos, from);
    const b = Math.min(pos + node.nodeSize, to);
    if (a >= b) return false;
    if (onlyOwnInsertion(node, author)) removed.push([a, b]);
    else if (!markOf(node, "deletion")) struck.push([a, b]);
    return false;
  });
  const mark = schema.marks.deletion.create({ id: deletionId, by: author.by, at: deletionAt });
  for (const [a, b] of struck) {
    out.addMark(a, b, mark);
    bareLineBreaks(out, a, b);
  }
  // A whole block deleted is part of the same change as its struck text.
  const ownBlocks: { pos: number; node: PMNode }[] = [];
  for (const { pos, node } of wholeBlocks) {
    // One's own new block goes whole only when all its text is one's own: a split puts
    // original words in it, which are struck like anywhere else.
    if (isMine(node.attrs.inserted, author)) {
      if (holdsOnlyOwnText(node, author)) ownBlocks.push({ pos, node });
    }
    else if (!node.attrs.deleted) out.setNodeMarkup(pos, undefined, { ...node.attrs, deleted: { id: deletionId, by: author.by, at: deletionAt } });
  }
  // Real removals last, from the end, so earlier positions stay valid.
  const ranges = [...removed, ...ownBlocks.map(({ pos, node }) => [pos, pos + node.nodeSize] as [number, number])];
  ranges.sort((x, y) => y[0] - x[0]);
  let floor = Infinity;
  for (const [a, b] of ranges) {
    if (b > floor) continue; // inside a block already removed
    out.delete(a, b);
    floor = a;
  }
  joinOwnBlock(out, from, to, author, struck.length + removed.length + wholeBlocks.length === 0);
}

/**
 * Backspace at the start of the author's own new block joins it to the block above:
 * the boundary was the author's proposal, so taking it back is no proposal.
 */
function joinOwnBlock(out: Transaction, from: number, to: number, author: Author, onlyBoundary: boolean): void {
  if (!onlyBoundary) return;
  const $to = out.doc.resolve(Math.min(to, out.doc.content.size));
  const block = $to.parent;
  if (!block.isTextblock || $to.parentOffset !== 0 || !isMine(block.attrs.inserted, author) || !holdsOnlyOwnText(block, author)) return;
  const $from = out.doc.resolve(from);
  if (!$from.parent.isTextblock || $from.parentOffset !== $from.parent.content.size) return;
  if (from < to) out.maybeStep(new ReplaceStep(from, to, Slice.empty));
}

/**
 * Whether every piece of text in a block is the author's own insertion: joining a block
 * takes its text out of it, which the server allows only for one's own words (another
 * delegation's proposal typed into one's new clause stays where it is).
 */
function holdsOnlyOwnText(block: PMNode, author: Author): boolean {
  let own = true;
  block.forEach((child) => {
    if (child.isText && !onlyOwnInsertion(child, author)) own = false;
  });
  return own;
}

/**
 * Blocks typed or pasted at the document's level after the last clause group (select all,
 * then type: the struck text stays, the new words go after it) go at the end of that group,
 * header lines among them as paragraphs: after the groups only a proposal marker may stand,
 * opening another text, and ProseMirror would make an empty one to fit them. Same size.
 */
function inLastGroup(doc: PMNode, at: number, slice: Slice): { at: number; slice: Slice } {
  const $at = doc.resolve(at);
  if ($at.depth !== 0 || $at.nodeBefore?.type !== schema.nodes.clause_group || slice.openStart !== 0 || slice.content.childCount === 0) return { at, slice };
  const blocks: PMNode[] = [];
  let fits = true;
  slice.content.forEach((node) => {
    if (!node.isTextblock || node.type === schema.nodes.proposal_marker) fits = false;
    else if (node.type === schema.nodes.clause || node.type === schema.nodes.paragraph || node.type === schema.nodes.footnote) blocks.push(node);
    else blocks.push(schema.nodes.paragraph.create({ gap: node.attrs.gap, inserted: node.attrs.inserted, deleted: node.attrs.deleted }, node.content));
  });
  return fits ? { at: at - 1, slice: new Slice(Fragment.fromArray(blocks), 0, slice.openEnd) } : { at, slice };
}

/**
 * The insertion half: the slice's text marked as the author's insertion (continuing the
 * author's insertion just before it), new blocks marked `inserted`. Returns the size added.
 */
function insert(out: Transaction, at: number, slice: Slice, author: Author, pasted: KeepPastedInsertion | null = null): number {
  const $at = out.doc.resolve(at);
  const previous = $at.nodeBefore ? markOf($at.nodeBefore, "insertion") : undefined;
  const ownBlock = $at.parent.isTextblock && isMine($at.parent.attrs.inserted, author) ? ($at.parent.attrs.inserted as ChangeAttrs) : null;
  // Typing on in one's own insertion, or in one's own new clause, continues that change.
  const continued = previous && previous.attrs.by === author.by ? (previous.attrs as ChangeAttrs) : ownBlock;
  // A continued change keeps its first time, so its pieces stay one mark (one run of text).
  const id = continued ? continued.id : newChangeId("i");
  const mark = schema.marks.insertion.create({ id, by: author.by, at: continued ? continued.at : author.at });
  const marked = new Slice(markContent(slice.content, mark, pasted ? pastedMarks(author, pasted) : null), slice.openStart, slice.openEnd);
  const sizeBefore = out.doc.content.size;
  out.replace(at, at, marked);
  const added = out.doc.content.size - sizeBefore;
  markNewBlocks(out, at, at + added, author, id);
  foreignBreaksToSpaces(out, at, at + added, author);
  bareLineBreaks(out, at, at + added);
  return added;
}

/**
 * A pasted line break that lands in a block the author did not add becomes a space:
 * a delegation changes line breaks only in its own blocks (shared/permissions.ts), and
 * the words stay the words it pasted.
 */
function foreignBreaksToSpaces(out: Transaction, from: number, to: number, author: Author): void {
  const breaks: { pos: number; node: PMNode }[] = [];
  out.doc.nodesBetween(from, to, (node, pos, parent) => {
    if (node.type === schema.nodes.line_break && pos >= from && pos < to && parent && !isMine(parent.attrs.inserted, author)) breaks.push({ pos, node });
    return true;
  });
  for (const { pos, node } of breaks.reverse()) out.replaceWith(pos, pos + node.nodeSize, schema.text(" ", node.marks));
}

const DROPPED = new Set(["insertion", "deletion", "bracket", "label"]);

function markContent(content: Fragment, mark: Mark, keep: ((mark: Mark) => Mark | null) | null = null): Fragment {
  const nodes: PMNode[] = [];
  content.forEach((node) => {
    if (node.isInline) {
      const kept = keep ? node.marks.flatMap((m) => (DROPPED.has(m.type.name) ? (keep(m) ?? []) : [])) : [];
      // Text whose source insertion is kept (by whom the paster may write as) is that insertion, not the paster's.
      const own = kept.some((m) => m.type === schema.marks.insertion) ? node.marks.filter((m) => !DROPPED.has(m.type.name)) : mark.addToSet(node.marks.filter((m) => !DROPPED.has(m.type.name)));
      nodes.push(node.mark(kept.reduce((set, m) => m.addToSet(set), own)));
    } else {
      nodes.push(node.copy(markContent(node.content, mark, keep)));
    }
  });
  return Fragment.fromArray(nodes);
}

/**
 * What a paste keeps of its source's changes (Plenary's own copy, Word's tracked changes as
 * HTML, DL text): a strike becomes the paster's proposal to delete those words, a bracket the
 * paster's bracket (its note kept), each source change one change of the paster's (its words
 * stay together); the source's insertions are simply the pasted text, the paster's insertion,
 * except where `keepInsertion` says the source's author may stay (the secretariat pasting a
 * Word file's tracked changes keeps each insertion as the delegation its Word author maps to,
 * where it may write as that delegation: client/clipboard.ts): that insertion stays its
 * author's, with its time, as one change. Otherwise nothing keeps another's name.
 */
function pastedMarks(author: Author, keepInsertion: KeepPastedInsertion): (mark: Mark) => Mark | null {
  const ids = new Map<string, string>();
  const idFor = (source: unknown, prefix: "d" | "b" | "i") => {
    const key = `${prefix}:${String(source)}`;
    let id = ids.get(key);
    if (!id) ids.set(key, (id = newChangeId(prefix)));
    return id;
  };
  return (mark) => {
    if (mark.type === schema.marks.deletion) return schema.marks.deletion.create({ id: idFor(mark.attrs.id, "d"), by: author.by, at: author.at });
    if (mark.type === schema.marks.bracket) return schema.marks.bracket.create({ id: idFor(mark.attrs.id, "b"), by: author.by, at: author.at, note: mark.attrs.note ?? null });
    if (mark.type === schema.marks.insertion && typeof mark.attrs.by === "string" && keepInsertion({ by: mark.attrs.by, id: String(mark.attrs.id) })) return schema.marks.insertion.create({ id: idFor(mark.attrs.id, "i"), by: mark.attrs.by, at: mark.attrs.at ?? author.at });
    return null;
  };
}

/**
 * Blocks that begin inside the inserted range are new: the author's, pending, not
 * deleted. A new block in the header is a paragraph: header lines (the symbol, the
 * date, the title ...) are the secretariat's and the chair's, not proposals.
 */
function markNewBlocks(out: Transaction, from: number, to: number, author: Author, blockId: string): void {
  if (to <= from) return;
  out.doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock && pos >= from && pos < to) {
      const attrs: Record<string, unknown> = { ...node.attrs, inserted: { id: blockId, by: author.by, at: author.at }, deleted: null };
      if ("status" in attrs) attrs.status = "pending";
      // A header line becomes a paragraph where one may stand (not after the clause groups, where
      // only a proposal marker opens another text: it stays, and the check refuses it as the chair's).
      const $pos = out.doc.resolve(pos);
      const header = (HEADER_TYPES as readonly string[]).includes(node.type.name) && $pos.parent.canReplaceWith($pos.index(), $pos.index() + 1, schema.nodes.paragraph);
      out.setNodeMarkup(pos, header ? schema.nodes.paragraph : undefined, header ? { gap: attrs.gap, inserted: attrs.inserted } : attrs);
      return false;
    }
    return true;
  });
}
