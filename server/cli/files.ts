import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, extname, join } from "node:path";
import type { Node as PMNode } from "prosemirror-model";
import { decodeDL, DLInputError } from "../../shared/dl/input.ts";
import { parse } from "../../shared/dl/parse.ts";
import type { ImportReport } from "../../shared/dl/report.ts";
import { docFromJSON } from "../../shared/dl/json.ts";
import { importDocx } from "../../shared/word/docx-import.ts";
import type { DocxImport, ImportedComment } from "../../shared/word/docx-import.ts";
import { WordInputError } from "../../shared/word/ooxml.ts";

/** The formats the CLI reads and writes, told by the file's extension. */
export type FileFormat = "dl" | "json";

export function formatOf(file: string): FileFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === ".md" || ext === ".txt") return "dl";
  if (ext === ".json") return "json";
  return null;
}

/** Word files the CLI reads: a .docx, or an .odt LibreOffice turns into one. */
export type WordFormat = "docx" | "odt";

export function wordFormatOf(file: string): WordFormat | null {
  const ext = extname(file).toLowerCase();
  return ext === ".docx" ? "docx" : ext === ".odt" ? "odt" : null;
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

/**
 * Reads a Word file (.docx, or .odt through LibreOffice) into a draft with its report and
 * comments; `authors` maps Word author names to delegation codes. Throws DLInputError
 * (WordInputError) naming what is wrong: not a Word file, LibreOffice missing for an .odt.
 */
export function readWordDocument(file: string, authors: Record<string, string>): DocxImport {
  const bytes = readBytes(file);
  return importDocx(wordFormatOf(file) === "odt" ? docxOfOdt(bytes) : bytes, { authors });
}

/** LibreOffice's soffice: PLENARY_SOFFICE, else where Debian puts it, else on the PATH; null when absent. */
export function sofficePath(): string | null {
  if (process.env.PLENARY_SOFFICE !== undefined) return existsSync(process.env.PLENARY_SOFFICE) ? process.env.PLENARY_SOFFICE : null;
  const candidates = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "soffice"))];
  return candidates.find((path) => existsSync(path)) ?? null;
}

/**
 * An OpenDocument text as a .docx: LibreOffice converts it (headless, its own throwaway
 * profile so a running LibreOffice is not disturbed), keeping recorded changes as w:ins /
 * w:del and comments as Word comments, which the Word importer then reads.
 */
function docxOfOdt(bytes: Uint8Array): Uint8Array {
  const soffice = sofficePath();
  if (!soffice) throw new WordInputError("reading an .odt needs LibreOffice (soffice), which is not installed: install it (apt-get install -y libreoffice-writer-nogui), set PLENARY_SOFFICE, or save the file as .docx");
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new WordInputError("not an OpenDocument text (.odt): it is not a zip archive");
  const dir = mkdtempSync(join(tmpdir(), "plenary-odt-"));
  try {
    writeFileSync(join(dir, "in.odt"), bytes);
    try {
      execFileSync(soffice, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "docx", "--outdir", dir, join(dir, "in.odt")], { stdio: "pipe", timeout: 180_000 });
    } catch (error) {
      throw new WordInputError(`LibreOffice could not convert it to .docx (${(error as Error).message.split("\n")[0]})`);
    }
    const out = join(dir, "in.docx");
    if (!existsSync(out)) throw new WordInputError("LibreOffice could not convert it to .docx: is it an OpenDocument text?");
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Word import report as `plenary check` prints one: counts, authors, each thing to look at, each comment. */
export function formatWordReport(file: string, imported: DocxImport): string {
  const { counts: c, authors, items } = imported.report;
  const lines = [`${file}: ${c.blocks} blocks, ${c.groups} clause groups, ${c.clauses} clauses, ${c.brackets} brackets, ${c.insertions} insertions, ${c.deletions} deletions, ${imported.comments.length} comments`];
  if (authors.length) lines.push(`${file}: authors: ${authors.map((a) => `${a.name || "(no name)"} = ${a.code ?? "import (not mapped)"} (${a.count})`).join(", ")}`);
  for (const item of items) lines.push(`${file}: ${item.where}: ${item.message}`);
  for (const comment of imported.comments) lines.push(`${file}: ${commentLine(comment)}`);
  return `${lines.join("\n")}\n`;
}

function commentLine(c: ImportedComment): string {
  const quote = c.quote ? ` on “${c.quote.length > 80 ? `${c.quote.slice(0, 80)} …` : c.quote}”` : "";
  return `comment by ${c.author || "(no name)"} (${c.code})${c.at ? `, ${c.at}` : ""}${quote}, block ${c.blockIndex + 1}: ${c.text.replace(/\s+/g, " ")}`;
}
