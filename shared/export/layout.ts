import type { Node as PMNode } from "prosemirror-model";

/**
 * The ITU layout of a DL document, shared by the Word and HTML exports: what each
 * block looks like on the page. The document opens with a header block: the issuing
 * body on the left; symbol, date and "Original: English" on the right. Then the
 * centred committee line, titles, status and subject; the proposal marker in bold;
 * italic clause-group headings; clauses with their label hanging in the margin.
 */
export type BlockRole =
  | "header-body"
  | "header-symbol"
  | "header-line"
  | "committee"
  | "title"
  | "status"
  | "proposal"
  | "subject"
  | "formula"
  | "heading"
  | "annex-heading"
  | "clause"
  | "item"
  | "paragraph"
  | "footnote";

const HEADER_RIGHT = new Set(["symbol_line", "date_line", "language_line"]);

/**
 * How many blocks at the start form the header block: the first body name and the
 * symbol, date and language lines that follow it (in any order), stopping at any
 * other block or at a second body name.
 */
export function headerBlockCount(blocks: readonly PMNode[]): number {
  let bodies = 0;
  let count = 0;
  for (const block of blocks) {
    const type = block.type.name;
    if (type === "body_name" && bodies === 0 && count === 0) bodies++;
    else if (!HEADER_RIGHT.has(type)) break;
    count++;
  }
  return blocks.slice(0, count).some((b) => b.type.name === "symbol_line") ? count : 0;
}

/** The role of a block given whether it stands in the header block. */
export function roleOf(block: PMNode, inHeader: boolean): BlockRole {
  switch (block.type.name) {
    case "body_name":
      return inHeader ? "header-body" : "committee";
    case "symbol_line":
      return inHeader ? "header-symbol" : "committee";
    case "date_line":
    case "language_line":
      return inHeader ? "header-line" : "paragraph";
    case "title":
      return "title";
    case "status_line":
      return "status";
    case "proposal_marker":
      return "proposal";
    case "subject":
      return "subject";
    case "formula":
      return "formula";
    case "group_heading":
      return block.attrs.part === "annex" ? "annex-heading" : "heading";
    case "clause":
      return "clause";
    case "footnote":
      return "footnote";
    default:
      return block.attrs.list ? "item" : "paragraph";
  }
}

/** A clause group's heading with no words: a UN text's part, whose calls are inline ("*Recalling* ..."); not drawn. */
export function isEmptyHeading(block: PMNode): boolean {
  return block.type.name === "group_heading" && block.content.size === 0;
}
