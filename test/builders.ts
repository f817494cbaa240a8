import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../shared/schema.ts";

/**
 * Small builders over the real schema, for tests:
 *   doc(symbol("Document DL/1-E"), group(heading("resolves"), clause(label("1"), " that ", t("x", ins("USA", "i1")))))
 */
export type Content = string | PMNode | PMNode[];

function inline(content: Content[]): PMNode[] {
  return content.flatMap((c) => (typeof c === "string" ? (c ? [schema.text(c)] : []) : Array.isArray(c) ? c : [c]));
}

/** Text with marks. */
export function t(text: string, ...marks: Mark[]): PMNode {
  return schema.text(text, marks);
}
export const ins = (by: string, id: string, at: string | null = null) => schema.marks.insertion.create({ id, by, at });
export const del = (by: string, id: string, at: string | null = null) => schema.marks.deletion.create({ id, by, at });
export const bracket = (by: string, id: string, note: string | null = null, at: string | null = null) =>
  schema.marks.bracket.create({ id, by, at, note });
export const strong = () => schema.marks.strong.create();
export const em = () => schema.marks.em.create();
export const labelMark = () => schema.marks.label.create();
export const noteRef = () => schema.marks.note_ref.create();

/** A clause label: text under the label mark (and any other marks). */
export function label(text: string, ...marks: Mark[]): PMNode {
  return schema.text(text, [labelMark(), ...marks]);
}

export const br = (...marks: Mark[]) => schema.nodes.line_break.create(null, null, marks);

type BlockAttrs = Record<string, unknown>;
const block = (name: string) => (attrsOrContent?: BlockAttrs | Content, ...content: Content[]) => {
  const attrs = isAttrs(attrsOrContent) ? attrsOrContent : {};
  const all = isAttrs(attrsOrContent) || attrsOrContent === undefined ? content : [attrsOrContent, ...content];
  return schema.nodes[name].create(attrs, inline(all));
};
function isAttrs(x: unknown): x is BlockAttrs {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !("type" in (x as object) && "nodeSize" in (x as object));
}

export const bodyName = block("body_name");
export const symbol = block("symbol_line");
export const date = block("date_line");
export const language = block("language_line");
export const title = block("title");
export const status = block("status_line");
export const proposal = block("proposal_marker");
export const subject = block("subject");
export const formula = block("formula");
export const heading = block("group_heading");
export const clause = block("clause");
export const para = block("paragraph");
export const footnote = block("footnote");
export const tableRow = block("table_row");

export function group(...children: PMNode[]): PMNode {
  return schema.nodes.clause_group.create(null, children);
}

export function doc(attrsOrFirst: BlockAttrs | PMNode, ...children: PMNode[]): PMNode {
  if (isAttrs(attrsOrFirst)) return schema.nodes.doc.create(attrsOrFirst, children);
  return schema.nodes.doc.create(null, [attrsOrFirst, ...children]);
}

/** Position just after (or before) the first occurrence of `text`. */
export function positionOf(doc: PMNode, text: string, before = false): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isText) return found < 0;
    const i = node.text!.indexOf(text);
    if (i >= 0) found = pos + i + (before ? 0 : text.length);
    return false;
  });
  if (found < 0) throw new RangeError(`"${text}" is not in the document`);
  return found;
}
