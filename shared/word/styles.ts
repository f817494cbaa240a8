import type { Document, Element } from "@xmldom/xmldom";
import { attr, child, childrenW, rootOf } from "./ooxml.ts";

/**
 * Paragraph styles (word/styles.xml) and what each tells about a paragraph. ITU's
 * templates name their styles for what the paragraph is: `Call` a clause-group heading
 * (recalling, resolves ...), `ResNo`/`RecNo` a title, `Restitle` the subject,
 * `enumlev1` and `Clause` a clause (label, tab, text), `Normalaftertitle` the text after
 * the title, `Heading_b` a run-in heading. The document's structure itself is read from
 * the text by the DL classifier (one set of rules for DL text and Word alike); a style
 * says what the block is expected to be, and the report names a paragraph whose text
 * does not read so.
 */

/** What a style says a paragraph is: the schema's block it should read as, if any. */
export type StyleRole = "group_heading" | "title" | "subject" | "clause" | null;

export interface ParagraphStyle {
  id: string;
  /** The name Word shows ("Call", "Heading 1"). */
  name: string;
  role: StyleRole;
  /** The subject styles are bold: the DL text writes a subject as a bold line. */
  bold: boolean;
  /** Numbering the style itself carries (Word's "List Number"), as w:numId and level. */
  numbering: { numId: string; level: number } | null;
}

/** A style name as compared: "Heading_b", "Headingb" and "heading b" alike. */
export function styleKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

const ROLES: Record<string, StyleRole> = {
  call: "group_heading",
  resno: "title",
  recno: "title",
  decno: "title",
  opino: "title",
  questionno: "title",
  title: "title",
  title1: "title",
  restitle: "subject",
  rectitle: "subject",
  dectitle: "subject",
  opititle: "subject",
  questiontitle: "subject",
  enumlev1: "clause",
  enumlev2: "clause",
  enumlev3: "clause",
  clause: "clause",
};

/** The paragraph styles of a document by id; styles without a part are known by id alone. */
export class StyleSheet {
  private readonly byId = new Map<string, ParagraphStyle>();

  constructor(part: Document | null) {
    if (!part) return;
    const raw = new Map<string, Element>();
    for (const el of childrenW(rootOf(part), "style")) {
      if (attr(el, "type") === "paragraph" && attr(el, "styleId")) raw.set(attr(el, "styleId")!, el);
    }
    for (const id of raw.keys()) this.byId.set(id, readStyle(id, raw));
  }

  /** The style of a paragraph's w:pStyle value (a style id; one the part lacks is taken by its id as name). */
  style(id: string | null): ParagraphStyle | null {
    if (!id) return null;
    return this.byId.get(id) ?? { id, name: id, role: ROLES[styleKey(id)] ?? null, bold: false, numbering: null };
  }
}

/** A style with what it inherits (w:basedOn): role, bold and numbering come from the nearest style that says. */
function readStyle(id: string, raw: Map<string, Element>): ParagraphStyle {
  const name = attr(child(raw.get(id)!, "name"), "val") ?? id;
  let role: StyleRole = null;
  let numbering: ParagraphStyle["numbering"] = null;
  const seen = new Set<string>();
  for (let at: string | null = id; at && raw.has(at) && !seen.has(at); at = attr(child(raw.get(at)!, "basedOn"), "val")) {
    seen.add(at);
    const el = raw.get(at)!;
    role ??= ROLES[styleKey(attr(child(el, "name"), "val") ?? at)] ?? ROLES[styleKey(at)] ?? null;
    const numPr = child(child(el, "pPr"), "numPr");
    if (!numbering && numPr) {
      const numId = attr(child(numPr, "numId"), "val");
      if (numId && numId !== "0") numbering = { numId, level: Number(attr(child(numPr, "ilvl"), "val") ?? 0) };
    }
  }
  return { id, name, role, bold: role === "subject", numbering };
}
