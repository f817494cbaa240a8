import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Node as PMNode } from "prosemirror-model";
import { decodeDL, DLInputError } from "../../shared/dl/input.ts";
import { parse } from "../../shared/dl/parse.ts";
import type { ImportReport } from "../../shared/dl/report.ts";
import { docFromJSON } from "../../shared/dl/json.ts";

/** The formats the CLI reads and writes, told by the file's extension. */
export type FileFormat = "dl" | "json";

export function formatOf(file: string): FileFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === ".md" || ext === ".txt") return "dl";
  if (ext === ".json") return "json";
  return null;
}

/** The formats the CLI writes: what it reads, and Word and HTML exports. */
export type OutputFormat = FileFormat | "docx" | "html";

export function outputFormatOf(file: string): OutputFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === ".docx") return "docx";
  if (ext === ".html" || ext === ".htm") return "html";
  return formatOf(file);
}

/** Reads a DL text or ProseMirror JSON file into a document; throws DLInputError naming what is wrong. */
export function readDocument(file: string): { doc: PMNode; report: ImportReport | null } {
  const format = formatOf(file);
  const bytes = readBytes(file);
  if (format === "json") return { doc: docFromJSON(decodeDL(bytes)), report: null };
  return parse(decodeDL(bytes));
}

export function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DLInputError(code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : `cannot read (${code})`);
  }
}

/** Writes a file whole or not at all: a temporary file renamed over the target. */
export function writeAtomically(file: string, text: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
