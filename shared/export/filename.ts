import type { DocMeta } from "../meta.ts";

/** The formats an export can take. */
export type ExportFormat = "dl" | "json" | "docx" | "html" | "pdf" | "akn";
/** The variants an export can take (`attributed` is DL text and HTML only). */
export type ExportVariant = "marked" | "clean" | "attributed";

const EXTENSIONS: Record<ExportFormat, string> = { dl: "txt", json: "json", docx: "docx", html: "html", pdf: "pdf", akn: "akn.xml" };

/**
 * The file name a delegate downloads: "DL-23-E-Rev3.docx" from the symbol
 * "DL/23-E" and revision 3; the clean variant adds "-clean", attributed "-attributed".
 * Only letters, digits, ".", "-" and "_" remain, so it is safe in any file system.
 */
export function exportFileName(meta: Pick<DocMeta, "symbol" | "revision">, format: ExportFormat, variant: ExportVariant = "marked"): string {
  if (!(format in EXTENSIONS)) throw new RangeError(`unknown export format "${format}" (dl, json, docx, html, pdf or akn)`);
  const symbol = (meta.symbol ?? "document").replace(/\.{2,}/g, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "") || "document";
  const revision = meta.revision ? `-Rev${meta.revision}` : "";
  const suffix = variant === "marked" ? "" : `-${variant}`;
  return `${symbol}${revision}${suffix}.${EXTENSIONS[format]}`;
}
