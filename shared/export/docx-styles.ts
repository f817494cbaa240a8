import { AlignmentType } from "docx";
import type { IParagraphStyleOptions, IStylesOptions } from "docx";
import type { Language } from "../language.ts";
import type { BlockRole } from "./layout.ts";

/**
 * Word styles of an ITU document: Times New Roman 12 pt, 6 pt before each paragraph,
 * tab stops every 1.4 cm (the document's default tab stop); centred titles; italic clause-group headings ("Call");
 * clauses with the label hanging in the margin. Named as in ITU templates where
 * there is one (Call, ResNo, Restitle), so a secretariat recognises them.
 */

/** Twips: 1.4 cm, ITU's indent and tab step. */
export const INDENT = 794;

function style(id: string, name: string, options: Omit<IParagraphStyleOptions, "id" | "name">): IParagraphStyleOptions {
  return { id, name, basedOn: "Normal", next: "Normal", quickFormat: true, ...options };
}

const paragraphStyles: IParagraphStyleOptions[] = [
  style("Normal", "Normal", { basedOn: undefined, run: { font: "Times New Roman", size: 24 }, paragraph: { spacing: { before: 120 } } }),
  style("HeaderBody", "Header body", { run: { bold: true }, paragraph: { spacing: { before: 0 } } }),
  style("DocNumber", "Doc number", { run: { bold: true }, paragraph: { spacing: { before: 0 } } }),
  style("HeaderLine", "Header line", { paragraph: { spacing: { before: 0 } } }),
  style("Committee", "Committee", { run: { bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 480 }, keepNext: true } }),
  style("ResNo", "ResNo", { run: { size: 28 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 360 }, keepNext: true } }),
  style("Status", "Status", { run: { bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240 }, keepNext: true } }),
  style("Proposal", "Proposal", { run: { bold: true }, paragraph: { spacing: { before: 240 }, keepNext: true } }),
  style("Restitle", "Restitle", { run: { bold: true, size: 28 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240 }, keepNext: true } }),
  style("Normalaftertitle", "Normal after title", { paragraph: { spacing: { before: 360 } } }),
  style("Call", "Call", { run: { italics: true }, paragraph: { indent: { left: INDENT }, spacing: { before: 160 }, keepNext: true, keepLines: true } }),
  style("Clause", "Clause", { paragraph: { indent: { left: INDENT, hanging: INDENT } } }),
  style("Enumlev1", "enumlev1", { paragraph: { indent: { left: INDENT, hanging: INDENT }, spacing: { before: 80 } } }),
  style("TableText", "Table_text", { run: { size: 22 }, paragraph: { spacing: { before: 40, after: 40 } } }),
  // An annex starts on a page of its own, its heading centred as ITU's AnnexNo.
  style("AnnexNo", "Annex_No", { run: { size: 28 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0 }, keepNext: true } }),
  // Word's own name, so its footnote pane and styles gallery know it.
  style("FootnoteText", "footnote text", { run: { size: 20 }, paragraph: { indent: { left: 255, hanging: 255 }, spacing: { before: 60 } } }),
];

/**
 * The document's styles in `lang`, for Word's spelling, hyphenation and layout: its `w:lang`
 * ("fr-FR"; Chinese also as East Asian text, `w:eastAsia="zh-CN"`, set in SimSun as ITU's
 * Chinese documents are; Arabic as bidirectional text, `w:bidi="ar-SA"`). An Arabic document's
 * paragraphs are right to left (`w:bidi`) and so are its runs (`w:rtl`), so Word puts the
 * labels and indents on the right.
 */
export function docxStyles(lang: Language): IStylesOptions {
  const rtl = lang.dir === "rtl";
  const language = { value: lang.tag, ...(lang.code === "zh" ? { eastAsia: lang.tag } : {}), ...(rtl ? { bidirectional: "ar-SA" } : {}) };
  const font = lang.code === "zh" ? { ascii: "Times New Roman", hAnsi: "Times New Roman", cs: "Times New Roman", eastAsia: "SimSun" } : "Times New Roman";
  const direction = rtl ? { paragraph: { bidirectional: true }, run: { rightToLeft: true } } : { paragraph: {}, run: {} };
  const [normal, ...others] = paragraphStyles;
  return {
    default: { document: { run: { font, size: 24, language, ...direction.run }, paragraph: { spacing: { before: 120 }, ...direction.paragraph } } },
    paragraphStyles: [
      { ...normal!, run: { ...normal!.run, font, ...direction.run }, paragraph: { ...normal!.paragraph, ...direction.paragraph } },
      ...others,
    ],
  };
}

/** The style of a block role. */
export function styleOf(role: BlockRole): string {
  switch (role) {
    case "header-body":
      return "HeaderBody";
    case "header-symbol":
      return "DocNumber";
    case "header-line":
      return "HeaderLine";
    case "committee":
      return "Committee";
    case "title":
      return "ResNo";
    case "status":
      return "Status";
    case "proposal":
      return "Proposal";
    case "subject":
      return "Restitle";
    case "formula":
      return "Normalaftertitle";
    case "heading":
      return "Call";
    case "annex-heading":
      return "AnnexNo";
    case "clause":
      return "Clause";
    case "item":
      return "Enumlev1";
    case "paragraph":
      return "Normal";
    case "footnote":
      return "FootnoteText";
  }
}
