import type { Command } from "commander";
import { Option } from "commander";
import { exportRequest, ExportRequestError, renderExport, rosterAuthors, EXPORT_FORMATS, EXPORT_VARIANTS } from "../export-document.ts";
import { PdfUnavailableError } from "../export-pdf.ts";
import { Revisions } from "../revisions.ts";
import { liveDocument } from "../session-document.ts";
import { Store } from "../store.ts";
import { writeAtomically } from "./files.ts";
import { dataDirOption } from "./session.ts";

/**
 * `plenary export SESSION --format ... --variant ... [--rev N] --out FILE [--data DIR]`:
 * a session's live text, or one of its revisions, as a file (the same exports as the
 * HTTP API); and `plenary revision issue SESSION`: issues the live text as the next
 * revision, as the secretariat would. Exit 1 for an unknown session or revision, 2 for usage.
 */

interface ExportOptions {
  format: string;
  variant: string;
  rev?: string;
  out: string;
  data?: string;
}

/** Opens the store, runs `work`, closes it; an unknown session is an input error (exit 1). */
function withSession<T>(sessionId: string, data: string | undefined, work: (store: Store) => T): T | undefined {
  const store = Store.open(dataDirOption(data));
  try {
    if (!store.session(sessionId)) {
      process.stderr.write(`error: no session ${sessionId} in ${dataDirOption(data)}\n`);
      process.exitCode = 1;
      return undefined;
    }
    return work(store);
  } finally {
    store.close();
  }
}

async function exportSession(command: Command, sessionId: string, options: ExportOptions): Promise<void> {
  let request;
  try {
    request = exportRequest(options.format, options.variant);
    if (options.rev !== undefined && !/^\d{1,6}$/.test(options.rev)) throw new ExportRequestError("rev", `--rev must be a revision number, got "${options.rev}"`);
  } catch (error) {
    command.error(`error: ${(error as Error).message}`, { exitCode: 2, code: "plenary.usage" });
  }
  const file = await withSession(sessionId, options.data, async (store) => {
    const doc = options.rev === undefined ? liveDocument(store, null, sessionId) : new Revisions(store).document(sessionId, Number(options.rev));
    if (!doc) {
      process.stderr.write(`error: session ${sessionId} has no revision ${options.rev}\n`);
      process.exitCode = 1;
      return undefined;
    }
    const authors = rosterAuthors(store.participants(sessionId));
    try {
      return await renderExport(doc, request!.format, request!.variant, authors);
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
      return undefined;
    }
  });
  if (!file) return;
  writeAtomically(options.out, file.body);
  process.stdout.write(`${options.out} (${file.fileName})\n`);
}

/** Registers `plenary export` and `plenary revision issue`. */
export function addExport(cli: Command): void {
  const command: Command = cli
    .command("export")
    .description("write a session's live text, or one of its revisions, as DL text, Word, HTML, PDF, Akoma Ntoso or JSON")
    .argument("<session>", "session id")
    .addOption(new Option("--format <format>", "dl, docx, html, pdf, akn or json").choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .addOption(new Option("--variant <variant>", "marked, clean or attributed").choices([...EXPORT_VARIANTS]).default("marked"))
    .option("--rev <n>", "an issued revision instead of the live text")
    .requiredOption("--out <file>", "output file")
    .option("--data <dir>", "data directory (default: $DATA_DIR or ./data)")
    .action((sessionId: string, options: ExportOptions) => exportSession(command, sessionId, options));
  cli
    .command("revision")
    .description("issue revisions of a session")
    .command("issue")
    .description("issue the live text as the next revision (Rev.N+1), dated today")
    .argument("<session>", "session id")
    .option("--data <dir>", "data directory (default: $DATA_DIR or ./data)")
    .action((sessionId: string, options: { data?: string }) => {
      const issued = withSession(sessionId, options.data, (store) => {
        try {
          return new Revisions(store).issue(sessionId, null, { id: null, name: "Secretariat (command line)", role: null });
        } catch (error) {
          // A draft without a symbol line has nothing to carry the revision: an input error, nothing written.
          if (!(error instanceof RangeError)) throw error;
          process.stderr.write(`error: session ${sessionId}: ${error.message}\n`);
          process.exitCode = 1;
          return undefined;
        }
      });
      if (issued) process.stdout.write(`Rev.${issued.number} issued, dated ${issued.date}\n`);
    });
}
