import type { Role } from "./protocol.ts";
import { authorsFor, mayDecide, mayPropose } from "./roles.ts";

/**
 * What a participant may do to the draft, as predicates over what a change does, in
 * the room's terms: insert text, delete text, change marks, add or remove a block,
 * change a block's attributes, touch the session's metadata. The server asks them of
 * every update (issue 5); they are built on the role rules of `roles.ts`, so the
 * editor and the server share one rule.
 *
 * Each answers `null` when the change is allowed, else the reason a delegate reads
 * ("deleting text proposed by RUS", "writing as CHN").
 *
 * - An observer changes nothing.
 * - A delegation inserts only content carrying its own insertion (text, and whole
 *   blocks with their `inserted` attr); strikes text with its own deletion mark; really
 *   deletes only its own insertions; adds, changes and removes its own brackets; leaves
 *   everyone else's marks alone; changes block attrs only on blocks it added (and may
 *   propose a block's deletion); never touches the metadata or an agreed clause.
 * - The secretariat as a delegation, writing as any delegation or as itself.
 * - The chair anything.
 */

/** Who makes a change: the participant's role, its delegation code, and the session's delegations. */
export interface Actor {
  role: Role;
  code: string | null;
  delegations: readonly string[];
}

/** A mark as stored on text: its type name ("insertion", "bracket" ...) and attrs. */
export interface MarkInfo {
  type: string;
  attrs: Readonly<Record<string, unknown>> | null;
}

/** A block as far as the rules care: its node type and attrs (missing attrs read as null). */
export interface BlockInfo {
  type: string;
  attrs: Readonly<Record<string, unknown>>;
}

/** Where a change happens. */
export interface Place {
  /** Inside a clause whose status is agreed (before or after the change). */
  agreed: boolean;
}

/** Where text is inserted: also the marks the text around it already carries, which typed text takes on. */
export interface InsertPlace extends Place {
  /** Marks of others that the new text may carry because the text around it does (a bracket it is typed in). */
  inherited: readonly MarkInfo[];
}

/** The marks that say who proposed what. */
const CHANGE_MARKS = new Set(["insertion", "deletion", "bracket"]);
/** Formatting marks: nobody's, but changing them is an editorial act. */
const FORMAT_MARKS = new Set(["strong", "em", "label", "note_ref"]);

const AGREED = "changing an agreed clause";
const OBSERVER = "observers cannot change the document";

/** Whether a role may change the document at all. */
export function mayChangeDocument(actor: Actor): string | null {
  return mayPropose(actor.role) ? null : OBSERVER;
}

/** Whether the actor may change the session's metadata (the `meta` map: title, doc attrs): the chair only. */
export function mayChangeMeta(actor: Actor): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  return mayDecide(actor.role) ? null : "changing the session's metadata is for the chair";
}

/** Whether the actor may write the decision log: the chair only. */
export function mayWriteDecisions(actor: Actor): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  return mayDecide(actor.role) ? null : "writing the decision log is for the chair";
}

/** Whether the actor may write a change attributed to `by`. */
export function mayWriteAs(actor: Actor, by: unknown): boolean {
  return typeof by === "string" && authorsFor(actor.role, actor.code, actor.delegations).includes(by);
}

/** How a reason names an author: the imported draft's marks have no delegation. */
export function authorName(by: unknown): string {
  if (by === "import") return "the imported draft";
  return typeof by === "string" && by !== "" ? by : "nobody";
}

function byOf(mark: MarkInfo | null | undefined): unknown {
  return mark?.attrs?.by;
}

/** Inserting text carrying `marks`. */
export function mayInsertText(actor: Actor, marks: readonly MarkInfo[], where: InsertPlace): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  if (where.agreed) return AGREED;
  const insertions = marks.filter((m) => m.type === "insertion");
  const own = insertions.find((m) => mayWriteAs(actor, byOf(m)));
  if (!own) return insertions.length === 0 ? "inserting text without your insertion mark" : `writing as ${authorName(byOf(insertions[0]))}`;
  for (const mark of marks) {
    if (mark === own || FORMAT_MARKS.has(mark.type)) continue;
    if (!CHANGE_MARKS.has(mark.type)) return `unknown mark "${mark.type}"`;
    if (mayWriteAs(actor, byOf(mark))) continue;
    if (where.inherited.some((m) => sameMark(m, mark))) continue;
    return mark.type === "deletion" ? `inserting text struck by ${authorName(byOf(mark))}` : `writing as ${authorName(byOf(mark))}`;
  }
  return null;
}

/** Really deleting text that carries `marks` (not striking it). */
export function mayDeleteText(actor: Actor, marks: readonly MarkInfo[], where: Place): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  if (where.agreed) return AGREED;
  const insertions = marks.filter((m) => m.type === "insertion");
  if (insertions.length === 0) return "deleting original text outright (strike it instead)";
  // Text typed at once by two delegations carries both insertions: it is not one's alone to take back.
  const other = insertions.find((m) => !mayWriteAs(actor, byOf(m)));
  if (other) return `deleting text proposed by ${authorName(byOf(other))}`;
  return null;
}

/** Changing the marks of text that stays: `before` and `after` are its whole mark sets. */
export function mayChangeMarks(actor: Actor, before: readonly MarkInfo[], after: readonly MarkInfo[], where: Place): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  const removed = before.filter((b) => !after.some((a) => sameMark(a, b)));
  const added = after.filter((a) => !before.some((b) => sameMark(a, b)));
  if (removed.length === 0 && added.length === 0) return null;
  if (where.agreed) return AGREED;
  for (const mark of removed) {
    const reason = mayRemoveMark(actor, mark);
    if (reason) return reason;
  }
  for (const mark of added) {
    const reason = mayAddMark(actor, mark);
    if (reason) return reason;
  }
  return null;
}

function mayRemoveMark(actor: Actor, mark: MarkInfo): string | null {
  const who = authorName(byOf(mark));
  if (FORMAT_MARKS.has(mark.type)) return "changing formatting is for the chair";
  if (!CHANGE_MARKS.has(mark.type)) return `unknown mark "${mark.type}"`;
  if (mark.type === "insertion") return `accepting ${who}'s insertion is for the chair`;
  if (mayWriteAs(actor, byOf(mark))) return null;
  return mark.type === "deletion" ? `removing ${who}'s deletion` : `removing ${who}'s bracket`;
}

function mayAddMark(actor: Actor, mark: MarkInfo): string | null {
  if (FORMAT_MARKS.has(mark.type)) return "changing formatting is for the chair";
  if (!CHANGE_MARKS.has(mark.type)) return `unknown mark "${mark.type}"`;
  if (!mayWriteAs(actor, byOf(mark))) return `writing as ${authorName(byOf(mark))}`;
  if (mark.type === "insertion") return "marking existing text as your insertion";
  return null;
}

/** Whether two marks are the same mark: same type and equal attrs. */
export function sameMark(a: MarkInfo, b: MarkInfo): boolean {
  return a.type === b.type && sameValue(a.attrs, b.attrs);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== "object" || typeof b !== "object") return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== null);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== null);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function change(attrs: Readonly<Record<string, unknown>>, key: "inserted" | "deleted"): { by?: unknown } | null {
  const value = attrs[key];
  return value && typeof value === "object" ? (value as { by?: unknown }) : null;
}

/** Whether a block was added by someone the actor may write as. */
export function isOwnBlock(actor: Actor, block: BlockInfo): boolean {
  return mayWriteAs(actor, change(block.attrs, "inserted")?.by);
}

/** The blocks a delegation may propose: clauses, paragraphs, footnotes, table rows, and the heading of a new clause group; not header lines. */
const PROPOSABLE_BLOCKS = new Set(["clause", "paragraph", "footnote", "table_row", "group_heading"]);

/** Adding a whole block (a clause, a paragraph, a heading): it must carry the actor's `inserted`. */
export function mayInsertBlock(actor: Actor, block: BlockInfo): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  if (!PROPOSABLE_BLOCKS.has(block.type)) return `adding a header line (${block.type}) is for the chair`;
  const inserted = change(block.attrs, "inserted");
  if (!inserted) return "adding a block without your insertion mark";
  if (!mayWriteAs(actor, inserted.by)) return `writing as ${authorName(inserted.by)}`;
  const deleted = change(block.attrs, "deleted");
  if (deleted && !mayWriteAs(actor, deleted.by)) return `writing as ${authorName(deleted.by)}`;
  const status = block.attrs.status;
  if (status !== undefined && status !== null && status !== "pending") return "setting a clause's status is for the chair";
  return null;
}

/** Removing a whole block for real (not proposing its deletion). */
export function mayRemoveBlock(actor: Actor, block: BlockInfo): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  if (block.attrs.status === "agreed") return AGREED;
  const inserted = change(block.attrs, "inserted");
  if (!inserted) return "removing a block outright (propose its deletion instead)";
  if (!mayWriteAs(actor, inserted.by)) return `removing a block proposed by ${authorName(inserted.by)}`;
  return null;
}

/** Changing a block's attrs: status, whole-block changes, layout. */
export function mayChangeBlockAttrs(actor: Actor, before: BlockInfo, after: BlockInfo): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  const keys = new Set([...Object.keys(before.attrs), ...Object.keys(after.attrs)]);
  const changed = [...keys].filter((k) => !sameValue(before.attrs[k], after.attrs[k]));
  if (changed.length === 0) return null;
  if (before.attrs.status === "agreed") return AGREED;
  const own = isOwnBlock(actor, before);
  for (const key of changed) {
    const reason = mayChangeBlockAttr(actor, key, before, after, own);
    if (reason) return reason;
  }
  return null;
}

function mayChangeBlockAttr(actor: Actor, key: string, before: BlockInfo, after: BlockInfo, own: boolean): string | null {
  if (key === "status") return "setting a clause's status is for the chair";
  if (key === "inserted") {
    const was = change(before.attrs, "inserted");
    const is = change(after.attrs, "inserted");
    if (own && is && mayWriteAs(actor, is.by)) return null;
    if (own && !is) return `accepting ${authorName(was?.by)}'s new block is for the chair`;
    if (!was) return is && !mayWriteAs(actor, is.by) ? `writing as ${authorName(is.by)}` : "marking an existing block as your insertion";
    return `altering ${authorName(was.by)}'s new block`;
  }
  if (key === "deleted") {
    const was = change(before.attrs, "deleted");
    const is = change(after.attrs, "deleted");
    if (was && !mayWriteAs(actor, was.by)) return `removing ${authorName(was.by)}'s deletion of this block`;
    if (is && !mayWriteAs(actor, is.by)) return `writing as ${authorName(is.by)}`;
    return null;
  }
  return own ? null : "changing a block you did not add";
}

/** Adding or removing a line break inside a block: only in a block the actor added. */
export function mayChangeLineBreak(actor: Actor, block: BlockInfo | null, where: Place): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  if (where.agreed) return AGREED;
  return block && isOwnBlock(actor, block) ? null : "changing line breaks in a block you did not add";
}

/** Adding or removing a clause group: only one whose heading the actor added. */
export function mayChangeGroup(actor: Actor, heading: BlockInfo | null): string | null {
  if (!mayPropose(actor.role)) return OBSERVER;
  if (mayDecide(actor.role)) return null;
  return heading && isOwnBlock(actor, heading) ? null : "adding or removing a clause group you did not propose";
}
