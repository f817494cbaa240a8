import { Mark, Schema } from "prosemirror-model";
import type { DOMOutputSpec, MarkSpec, NodeSpec } from "prosemirror-model";

/**
 * The DL document schema: a working-group draft as a delegate reads it.
 *
 * doc
 *   header blocks (body_name, symbol_line, date_line, language_line, title,
 *   status_line, proposal_marker, subject, formula) and free paragraphs
 *   clause_group*  (group_heading, then clauses and paragraphs; an annex is a group too)
 *   further texts of a compilation: a proposal_marker, header lines, clause groups
 *   footnotes ("[^1]: ...") wherever the text has them, in the header area or a group
 *
 * Every block is a textblock with a `gap` attr: the number of empty lines before
 * it in the DL text, so the text's layout comes back exactly. Tracked changes and
 * brackets are marks with a stable `id`, the author `by` and the time `at`.
 */

/** Who made a change: a delegation code, or one of these. */
export const SPECIAL_AUTHORS = ["chair", "secretariat", "import"] as const;

export type ClauseStatus = "pending" | "adref" | "agreed";
export const CLAUSE_STATUSES: readonly ClauseStatus[] = ["pending", "adref", "agreed"];

/** What a clause group is: preambular or operative calls, or an annex (its heading "ANNEX TO RESOLUTION 71"). */
export type GroupPart = "preamble" | "operative" | "annex";
export const GROUP_PARTS: readonly GroupPart[] = ["preamble", "operative", "annex"];

/** The header block types, in the order they usually appear. */
export const HEADER_TYPES = [
  "body_name",
  "symbol_line",
  "date_line",
  "language_line",
  "title",
  "status_line",
  "proposal_marker",
  "subject",
  "formula",
] as const;
export type HeaderType = (typeof HEADER_TYPES)[number];

/**
 * Attributes every text block has: its `gap` (empty lines before it in DL text) and
 * whole-block tracking, `inserted` and `deleted` ({ id, by, at } or null): a block a
 * delegation added (Enter, a pasted paragraph) or proposes to delete as a whole.
 * y-prosemirror 1.x syncs node attrs but not marks on block nodes, hence attrs.
 */
const gapAttr = {
  gap: { default: 1, validate: (v: unknown) => checkLines(v, "gap") },
  inserted: { default: null, validate: checkBlockChange },
  deleted: { default: null, validate: checkBlockChange },
};

/** The most blank lines a block may have before it: a layout, not a way to fill a page. */
export const MAX_GAP = 100;

/** A count of lines (`gap`, `trailing`): a whole number from 0 to {@link MAX_GAP}. */
function checkLines(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_GAP) {
    throw new RangeError(`${name} must be a whole number from 0 to ${MAX_GAP}, got ${shortJSON(value)}`);
  }
}

function checkBlockChange(value: unknown): void {
  if (value === null) return;
  const v = value as Record<string, unknown>;
  if (typeof v !== "object" || Array.isArray(v)) throw new RangeError(`a block change must be null or { id, by, at }, got ${shortJSON(value)}`);
  for (const key of Object.keys(v)) if (key !== "id" && key !== "by" && key !== "at") throw new RangeError(`a block change has no attribute "${key.slice(0, 40)}"`);
  checkId(v.id);
  checkAuthor(v.by);
  checkAt(v.at ?? null);
}

/** A value as a short string for an error message. */
export function shortJSON(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function textblock(cls: string, tag = "p", extraAttrs: NodeSpec["attrs"] = {}, group = "header"): NodeSpec {
  return {
    group,
    content: "inline*",
    attrs: { ...gapAttr, ...extraAttrs },
    parseDOM: [{ tag: `${tag}.${cls}` }],
    toDOM: (): DOMOutputSpec => [tag, { class: cls }, 0],
  };
}

const nodes: Record<string, NodeSpec> = {
  doc: {
    // After the clause groups, header lines come only as another text, opened by its proposal
    // marker ("SUP ACP/25A1/2", "(MOD) RESOLUTION 30"): a compilation of several texts.
    // (Written so that its first choice, which ProseMirror makes when it fills the document, is
    // a header line as before, not a proposal marker.)
    content: "(header | paragraph | footnote | table_row)* (clause_group+ (proposal_marker (header | paragraph | footnote | table_row)*)?)*",
    attrs: {
      /** Line ending of the DL text ("\n" or "\r\n"). */
      eol: { default: "\n", validate: (v) => checkOneOf(v, ["\n", "\r\n"], "eol") },
      /** Number of line endings after the last block. */
      trailing: { default: 0, validate: (v) => checkLines(v, "trailing") },
    },
  },
  /** Issuing body, e.g. "WORKING GROUP OF THE PLENARY". */
  body_name: textblock("body-name"),
  /** Document symbol with revision, e.g. "Document DL/23-E (Rev.2)". */
  symbol_line: textblock("symbol"),
  /** Date of issue, e.g. "31 October 2014". */
  date_line: textblock("date"),
  /** Original language, e.g. "Original: English". */
  language_line: textblock("language"),
  /** A document or resolution title: "DRAFT RESOLUTION 140", "RESOLUTION 140 (REV. BUSAN, 2014)". */
  title: textblock("title", "h1"),
  /** Status line, e.g. "WORK IN PROGRESS". */
  status_line: textblock("status"),
  /** Proposal marker: action (ADD, MOD, (MOD), SUP, NOC) and reference, e.g. "MOD WGPL/23/1". */
  proposal_marker: textblock("proposal"),
  /** The subject line(s) under the title. */
  subject: textblock("subject", "h2"),
  /** Enacting formula: "The Plenipotentiary Conference of the ITU (Busan, 2014),". */
  formula: textblock("formula"),

  /** A clause group: its heading, then its clauses and free paragraphs. */
  clause_group: {
    content: "group_heading (clause | paragraph | footnote | table_row)*",
    defining: true,
    parseDOM: [{ tag: "section.clause-group" }],
    toDOM: () => ["section", { class: "clause-group" }, 0],
  },
  /** recalling, considering further, resolves, instructs the Secretary-General ...; or an annex's heading ("ANNEX TO RESOLUTION 71", part "annex"). */
  group_heading: {
    content: "inline*",
    attrs: { ...gapAttr, part: { default: "preamble", validate: (v) => checkOneOf(v, GROUP_PARTS, "part") } },
    defining: true,
    parseDOM: [{ tag: "h3.group-heading", getAttrs: (dom) => ({ part: (dom as HTMLElement).dataset.part ?? "preamble" }) }],
    toDOM: (node) => ["h3", { class: "group-heading", "data-part": node.attrs.part }, 0],
  },
  /**
   * A lettered or numbered clause. Its label ("a)", "1", "~~32~~", "h)e)") is the
   * leading text under the `label` mark, so it can be struck, inserted and bracketed.
   */
  clause: {
    content: "inline*",
    attrs: {
      ...gapAttr,
      /** Written as a list item: "- a) ..." */
      list: { default: false, validate: "boolean" },
      status: { default: "pending", validate: (v) => checkOneOf(v, CLAUSE_STATUSES, "status") },
    },
    parseDOM: [{ tag: "p.clause", getAttrs: (dom) => ({ list: (dom as HTMLElement).dataset.list === "true", status: (dom as HTMLElement).dataset.status ?? "pending" }) }],
    toDOM: (node) => ["p", { class: "clause", "data-status": node.attrs.status, "data-list": String(node.attrs.list) }, 0],
  },
  /** Free text: a continuation, text under a heading, a line in the header area. */
  paragraph: {
    group: "paragraph",
    content: "inline*",
    attrs: { ...gapAttr, list: { default: false, validate: "boolean" } },
    parseDOM: [{ tag: "p", getAttrs: (dom) => ({ list: (dom as HTMLElement).dataset.list === "true" }) }],
    toDOM: (node) => ["p", { class: "para", "data-list": String(node.attrs.list) }, 0],
  },
  /**
   * A footnote's text, "[^1]: ..." in DL text, where the text has it; its `label` is what the
   * references to it ("[^1]", the `note_ref` mark) show. Word and HTML put it at the foot.
   */
  footnote: {
    content: "inline*",
    attrs: { ...gapAttr, label: { default: "1", validate: checkNoteLabel } },
    parseDOM: [{ tag: "p.footnote", getAttrs: (dom) => ({ label: (dom as HTMLElement).dataset.label ?? "1" }) }],
    toDOM: (node) => ["p", { class: "footnote", "data-label": node.attrs.label }, 0],
  },
  /**
   * A row of a pipe table, "| Goal | Target |", written as the DL text has it: its cells are the
   * text between the pipes ("\\|" a pipe inside a cell), so proposals and brackets sit in cells
   * as anywhere; a row "|---|---|" under the first makes it the header. The exports draw the
   * rows standing together as one table (shared/export/tables.ts).
   */
  table_row: {
    content: "inline*",
    attrs: { ...gapAttr },
    parseDOM: [{ tag: "p.table-row" }],
    toDOM: (): DOMOutputSpec => ["p", { class: "table-row" }, 0],
  },
  text: { group: "inline" },
  /** A line break inside one block (the seed's two-line subject). */
  line_break: {
    inline: true,
    group: "inline",
    selectable: false,
    parseDOM: [{ tag: "br" }],
    toDOM: () => ["br"],
  },
};

/** What a footnote's label may be ("1", "12", "a", "*"): up to 8 letters, digits, "*", "†" or "‡". */
export const NOTE_LABEL_SOURCE = "[\\p{L}\\p{N}*†‡]{1,8}";
const NOTE_LABEL = new RegExp(`^${NOTE_LABEL_SOURCE}$`, "u");

/** Whether `text` can be a footnote's label (and so stand in a reference "[^...]"). */
export const isNoteLabel = (text: string) => NOTE_LABEL.test(text);

function checkNoteLabel(value: unknown): void {
  if (typeof value !== "string" || !NOTE_LABEL.test(value)) throw new RangeError(`label must be up to 8 letters, digits, *, † or ‡, got ${shortJSON(value)}`);
}

function checkOneOf(value: unknown, allowed: readonly string[], name: string): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.join(", ")}, got ${shortJSON(value)}`);
  }
}

/**
 * What a delegation code (and so an author `by`) looks like: letters, digits, "_" and
 * "-", up to 32, starting with a letter or digit ("USA", "3GPP", "EU-27"). The roster,
 * the schema and the DL annotations all use this one pattern.
 */
export const AUTHOR_CODE_SOURCE = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}";
export const AUTHOR_CODE = new RegExp(`^${AUTHOR_CODE_SOURCE}$`);

function checkAuthor(value: unknown): void {
  if (typeof value !== "string" || !AUTHOR_CODE.test(value)) {
    throw new RangeError(`by must be a delegation code or one of ${SPECIAL_AUTHORS.join(", ")}, got ${shortJSON(value)}`);
  }
}

/** An ISO time in UTC as `Date.toISOString` writes it (seconds and fraction optional). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?Z$/;

function checkAt(value: unknown): void {
  if (value !== null && (typeof value !== "string" || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    throw new RangeError(`at must be an ISO time or null, got ${shortJSON(value)}`);
  }
}

/** What a change id looks like (the DL annotations' `#id`): up to 64 letters, digits, "_", ".", ":", "-". */
export const CHANGE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function checkId(value: unknown): void {
  if (typeof value !== "string" || !CHANGE_ID.test(value)) throw new RangeError(`id must be a change id (up to 64 letters, digits, _ . : -), got ${shortJSON(value)}`);
}

/** The longest note a bracket may carry. */
export const MAX_NOTE = 2000;

function checkNote(value: unknown): void {
  if (value === null) return;
  if (typeof value !== "string" || value.length > MAX_NOTE) throw new RangeError(`note must be text of at most ${MAX_NOTE} characters or null, got ${shortJSON(value)}`);
}

const changeAttrs = {
  id: { validate: checkId },
  by: { validate: checkAuthor },
  at: { default: null, validate: checkAt },
};

function changeDOMAttrs(mark: Mark, cls: string): Record<string, string> {
  return { class: cls, "data-id": mark.attrs.id, "data-by": mark.attrs.by, title: mark.attrs.by };
}

// Mark order is rank order: where several marks open at one place in the DL
// text, the earlier one here opens first (so "~~[66~~" and "**[...]**" come back).
const marks: Record<string, MarkSpec> = {
  /**
   * A proposed insertion, underlined in the proposer's colour. Like every change mark it
   * does not exclude itself, so y-prosemirror keeps each one under its own Yjs formatting
   * key (`insertion--<hash>`) and concurrent changes never overwrite each other (issue 9).
   * Text carries several insertions only where two delegations typed at one place at
   * once (shared/yjs/read.ts); it then stands until every one of them is rejected.
   */
  insertion: {
    attrs: changeAttrs,
    excludes: "",
    inclusive: false,
    parseDOM: [{ tag: "ins", getAttrs: (dom) => domChangeAttrs(dom as HTMLElement) }],
    toDOM: (mark) => ["ins", changeDOMAttrs(mark, "insertion")],
  },
  /**
   * A proposed deletion: the text stays, struck, until the chair decides. Two
   * delegations may strike the same text: it then carries both deletions.
   */
  deletion: {
    attrs: changeAttrs,
    excludes: "",
    inclusive: false,
    parseDOM: [{ tag: "del", getAttrs: (dom) => domChangeAttrs(dom as HTMLElement) }],
    toDOM: (mark) => ["del", changeDOMAttrs(mark, "deletion")],
  },
  strong: {
    parseDOM: [{ tag: "strong" }, { tag: "b" }],
    toDOM: () => ["strong", 0],
  },
  em: {
    parseDOM: [{ tag: "em" }, { tag: "i" }],
    toDOM: () => ["em", 0],
  },
  /** Text not agreed. Brackets nest (several bracket marks on one text) and span blocks (same id). */
  bracket: {
    attrs: {
      ...changeAttrs,
      note: { default: null, validate: checkNote },
      // Where a strike or bold opens (closes) at the same place, "[" stands inside it
      // ("~~[66~~") unless this says outside ("[~~within~~ ...]"): the text's own order.
      openOutside: { default: false, validate: "boolean" },
      closeOutside: { default: false, validate: "boolean" },
    },
    excludes: "",
    inclusive: false,
    parseDOM: [{ tag: "span.bracket", getAttrs: (dom) => ({ ...domChangeAttrs(dom as HTMLElement), note: (dom as HTMLElement).dataset.note ?? null }) }],
    toDOM: (mark) => ["span", { ...changeDOMAttrs(mark, "bracket"), ...(mark.attrs.note ? { "data-note": mark.attrs.note } : {}) }],
  },
  /** The label of a clause ("a)", "1", "1bis"), at the start of its text. */
  label: {
    inclusive: false,
    parseDOM: [{ tag: "span.label" }],
    toDOM: () => ["span", { class: "label" }],
  },
  /** A reference to a footnote ("[^1]" in DL text): its text is the footnote's label. */
  note_ref: {
    inclusive: false,
    parseDOM: [{ tag: "sup.note-ref" }],
    toDOM: () => ["sup", { class: "note-ref" }],
  },
};

function domChangeAttrs(dom: HTMLElement) {
  return { id: dom.dataset.id ?? "", by: dom.dataset.by ?? "import", at: dom.dataset.at ?? null };
}

export const schema = new Schema({ nodes, marks });

/**
 * Earliest first (an unknown time first), then by id: the one order of several change
 * marks of a kind on one text (two brackets, two delegations' strikes).
 */
export function byTime(a: Mark, b: Mark): number {
  const x = (a.attrs.at as string | null) ?? "";
  const y = (b.attrs.at as string | null) ?? "";
  return x < y ? -1 : x > y ? 1 : a.attrs.id < b.attrs.id ? -1 : a.attrs.id > b.attrs.id ? 1 : 0;
}

const RANK = new Map(Object.values(schema.marks).map((type, index) => [type, index]));

/**
 * A mark set in schema rank order and, within one kind of change mark, `byTime`:
 * returns `marks` itself when it is in that order already.
 */
export function inOrder(marks: readonly Mark[]): readonly Mark[] {
  const order = (a: Mark, b: Mark) => RANK.get(a.type)! - RANK.get(b.type)! || (a.type === b.type && a.type.spec.attrs?.id ? byTime(a, b) : 0);
  for (let i = 1; i < marks.length; i++) if (order(marks[i - 1], marks[i]) > 0) return [...marks].sort(order);
  return marks;
}

// ProseMirror orders marks by rank only: several marks of one kind stand in the order
// they were added. A bracket added in this editor goes after the brackets already there,
// while y-prosemirror builds the same text elsewhere (another editor, a reload) in the
// order Yjs meets their formatting, so two clients held one text with its marks in two
// orders (nested differently on screen, unequal documents). Both ways in go through
// `inOrder`: building a text node (`schema.text`, which y-prosemirror, the DL parser and
// JSON use) and adding a change mark to a set (`addToSet`, used by every transform).
const buildText = schema.text.bind(schema);
schema.text = (text, marks) => buildText(text, marks && !(marks instanceof Mark) ? inOrder(Mark.setFrom(marks)) : marks);
for (const type of [schema.marks.insertion, schema.marks.deletion, schema.marks.bracket]) {
  const create = type.create.bind(type);
  type.create = (attrs) => {
    const mark = create(attrs);
    mark.addToSet = (set) => inOrder(Mark.prototype.addToSet.call(mark, set)) as Mark[];
    return mark;
  };
}

/** The kinds of change and bracket marks, which carry id, by and at. */
export type ChangeMarkName = "insertion" | "deletion" | "bracket";
export const CHANGE_MARKS: readonly ChangeMarkName[] = ["insertion", "deletion", "bracket"];

export interface ChangeAttrs {
  id: string;
  by: string;
  at: string | null;
}
export interface BracketAttrs extends ChangeAttrs {
  note: string | null;
}
