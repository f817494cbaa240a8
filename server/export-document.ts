import type { Node as PMNode } from "prosemirror-model";
import { cleanDoc } from "../shared/dl/clean.ts";
import { serialize } from "../shared/dl/serialize.ts";
import { exportDocx } from "../shared/export/docx.ts";
import { exportFileName } from "../shared/export/filename.ts";
import type { ExportFormat, ExportVariant } from "../shared/export/filename.ts";
import { exportHtml } from "../shared/export/html.ts";
import { exportAkn } from "../shared/export/akn.ts";
import { withBreaksInRuns } from "../shared/yjs/line-breaks.ts";
import { readMeta, symbolWithRevision } from "../shared/meta.ts";
import { printPdf } from "./export-pdf.ts";
import type { ParticipantRecord } from "./store.ts";
import type { Thread } from "../shared/track/comment.ts";

/**
 * A session's document as a downloadable file, for the HTTP API and the CLI alike:
 * the bytes in the asked format and variant, the content type, and the file name a
 * delegate expects ("DL-23-E-Rev3.docx"). Authors are named and coloured from the roster.
 */

/** The formats and variants an export can be asked for. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["dl", "docx", "html", "pdf", "akn", "json"];
export const EXPORT_VARIANTS: readonly ExportVariant[] = ["marked", "clean", "attributed"];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  dl: "text/plain; charset=utf-8",
  json: "application/json; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  akn: "application/akn+xml; charset=utf-8",
};

/** A rendered export. */
export interface ExportFile {
  body: Uint8Array | string;
  contentType: string;
  fileName: string;
}

/** Why an export cannot be made as asked: names the bad parameter. */
export class ExportRequestError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a format and variant as asked (strings from a query or the command line). */
export function exportRequest(format: unknown, variant: unknown): { format: ExportFormat; variant: ExportVariant } {
  if (typeof format !== "string" || !EXPORT_FORMATS.includes(format as ExportFormat)) {
    throw new ExportRequestError("format", `format must be one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(format ?? null)}`);
  }
  const v = variant ?? "marked";
  if (typeof v !== "string" || !EXPORT_VARIANTS.includes(v as ExportVariant)) {
    throw new ExportRequestError("variant", `variant must be one of ${EXPORT_VARIANTS.join(", ")}, got ${JSON.stringify(v)}`);
  }
  if ((format === "docx" || format === "akn") && v === "attributed") {
    throw new ExportRequestError("variant", `variant "attributed" is for dl and html; ${format === "docx" ? "a Word file names each change's author in its revisions" : "Akoma Ntoso names each change's delegation in its refersTo"} (use marked)`);
  }
  return { format: format as ExportFormat, variant: v as ExportVariant };
}

/** The names and colours of the delegations of a roster, by code. */
export function rosterAuthors(roster: readonly ParticipantRecord[]): Record<string, { name: string; colour: string }> {
  return Object.fromEntries(roster.filter((p) => p.role === "delegation" && p.code).map((p) => [p.code!, { name: p.name, colour: p.colour }]));
}

/** Renders a document; `fileName` overrides the name made from its symbol and revision. */
export async function renderExport(
  doc: PMNode,
  format: ExportFormat,
  variant: ExportVariant,
  authors: Record<string, { name: string; colour: string }>,
  fileName?: string,
  comments: readonly Thread[] = [],
  decided: ReadonlyMap<string, string> = new Map(),
): Promise<ExportFile> {
  const names = Object.fromEntries(Object.entries(authors).map(([code, a]) => [code, a.name]));
  const name = fileName ?? exportFileName(readMeta(doc), format, variant);
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case "dl":
      // Line breaks as imported, inside the bold or strike around them (y-prosemirror keeps no mark on them).
      return { body: serialize(withBreaksInRuns(doc), { variant }), contentType, fileName: name };
    case "json":
      return { body: `${JSON.stringify((variant === "clean" ? cleanDoc(doc) : doc).toJSON(), null, 2)}\n`, contentType, fileName: name };
    case "docx":
      return { body: await exportDocx(doc, { variant: variant === "clean" ? "clean" : "marked", authors: names, comments: variant === "clean" ? [] : comments }), contentType, fileName: name };
    case "html":
      return { body: exportHtml(doc, { variant, authors, comments, decided }), contentType, fileName: name };
    case "akn":
      return { body: exportAkn(doc, { variant: variant === "clean" ? "clean" : "marked", authors: names }), contentType, fileName: name };
    case "pdf": {
      const meta = readMeta(doc);
      const html = exportHtml(doc, { variant, authors, comments, decided });
      return { body: await printPdf(html, meta.symbol ? symbolWithRevision(meta.symbol, meta.revision) : ""), contentType, fileName: name };
    }
  }
}

/** "DL-23-E-Rev2-Rev3-compare.html": the file name of a comparison. */
export function compareFileName(doc: PMNode, from: number, to: number | "live", format: ExportFormat): string {
  const base = exportFileName({ symbol: readMeta(doc).symbol, revision: null }, format).replace(/\.[a-z]+$/, "");
  const ext = exportFileName({ symbol: null, revision: null }, format).replace(/^document/, "");
  return `${base}-Rev${from}-${to === "live" ? "live" : `Rev${to}`}-compare${ext}`;
}
