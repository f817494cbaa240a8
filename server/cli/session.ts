import { readFileSync } from "node:fs";
import { Command } from "commander";
import * as Y from "yjs";
import { checkRoster } from "../../shared/delegation.ts";
import type { Delegation } from "../../shared/delegation.ts";
import { decodeDL, DLInputError } from "../../shared/dl/input.ts";
import { createSession } from "../session.ts";
import type { CreatedSession } from "../session.ts";
import { Store } from "../store.ts";
import { COMMENTS_ARRAY } from "../../shared/track/comment.ts";
import { BODY } from "../../shared/yjs/meta.ts";
import { commentEntries } from "../../shared/word/comment-threads.ts";
import type { DocxImport } from "../../shared/word/docx-import.ts";
import { parseAuthorTable } from "../../shared/word/revisions.ts";
import { formatWordReport, readWordDocument, wordFormatOf } from "./files.ts";
import { formatLinks } from "./links.ts";

/**
 * `plenary session create`: a session from a DL text file (or a Word file: its revisions
 * the proposals of the delegations `--authors` maps their authors to, its comments the
 * session's comment threads), printed as join links
 * (or `--json`: `{ id, links }`). Writes into the same database `plenary serve` uses;
 * a running server picks the session up when its first link is opened.
 */

/** The data directory from an option, else DATA_DIR, else ./data. */
export function dataDirOption(value: string | undefined): string {
  return value ?? process.env.DATA_DIR ?? "./data";
}

/** The port from an option, else PORT, else 8080; a usage error names a bad value. */
export function portOption(value: string | undefined): number {
  const text = value ?? process.env.PORT ?? "8080";
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new RangeError(`port "${text}" is not a number from 0 to 65535`);
  return port;
}

/**
 * Parses `"USA:United States,RUS:Russian Federation"` and checks it by the roster's rule
 * (shared/delegation.ts: author codes, none reserved, none twice); throws a RangeError
 * naming a bad entry.
 */
export function parseDelegations(list: string): Delegation[] {
  if (list.trim() === "") return [];
  const delegations = list.split(",").map((entry) => {
    const colon = entry.indexOf(":");
    if (colon < 0) throw new RangeError(`delegation "${entry.trim()}" must be CODE:Name, e.g. USA:United States`);
    return { code: entry.slice(0, colon).trim(), name: entry.slice(colon + 1).trim() };
  });
  checkRoster(delegations);
  return delegations;
}

interface CreateOptions {
  title: string;
  from: string;
  delegations: string;
  authors: string;
  data?: string;
  baseUrl?: string;
  json?: boolean;
}

function readDL(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new DLInputError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return decodeDL(bytes);
}

function create(command: Command, options: CreateOptions): void {
  let delegations: Delegation[];
  let baseUrl: string;
  let authors: Record<string, string>;
  try {
    delegations = parseDelegations(options.delegations);
    authors = parseAuthorTable(options.authors);
    baseUrl = options.baseUrl ?? `http://localhost:${portOption(undefined)}`;
    new URL(baseUrl);
  } catch (error) {
    command.error(`error: ${(error as Error).message}`, { exitCode: 2, code: "plenary.usage" });
  }
  let created: CreatedSession;
  try {
    const word = wordFormatOf(options.from) ? readWordDocument(options.from, authors) : null;
    if (word) process.stderr.write(formatWordReport(options.from, word));
    const text = word ? word.text : readDL(options.from);
    const store = Store.open(dataDirOption(options.data));
    try {
      created = store.transaction(() => {
        const session = createSession(store, { title: options.title, text, delegations }, baseUrl);
        if (word?.comments.length) storeComments(store, session.id, word);
        return session;
      });
    } finally {
      store.close();
    }
  } catch (error) {
    if (error instanceof DLInputError) {
      process.stderr.write(`${error.format(options.from)}\n`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof RangeError) command.error(`error: ${error.message}`, { exitCode: 2, code: "plenary.usage" });
    throw error;
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    return;
  }
  const names = Object.fromEntries(delegations.map((d) => [d.code, d.name]));
  process.stdout.write(`Session ${created.id}: ${options.title.trim()}\n${formatLinks(created.links, names)}\n`);
}

/**
 * A Word file's comments as the new session's comment threads: one more update after the
 * import, by no participant (as the import), anchored in the document the store holds.
 */
function storeComments(store: Store, id: string, word: DocxImport): void {
  const ydoc = new Y.Doc();
  try {
    for (const record of store.updatesAfter(id, 0)) Y.applyUpdate(ydoc, record.update);
    const before = Y.encodeStateVector(ydoc);
    const entries = commentEntries(ydoc.getXmlFragment(BODY), word.doc, word.comments, new Date().toISOString());
    ydoc.getArray(COMMENTS_ARRAY).push(entries);
    store.appendUpdate(id, null, Y.encodeStateAsUpdate(ydoc, before));
  } finally {
    ydoc.destroy();
  }
}

/** Registers `plenary session create`. */
export function addSession(cli: Command): void {
  const session = cli.command("session").description("create and manage drafting sessions");
  const command: Command = session
    .command("create")
    .description("create a session from a DL text file, or a Word file (.docx, .odt) with its tracked changes and comments, and print its join links")
    .requiredOption("--title <title>", "session title")
    .requiredOption("--from <file>", "DL text file (.md, .txt) or Word file (.docx, .odt) of the draft")
    .option("--delegations <list>", 'delegations as "CODE:Name,CODE:Name"', "")
    .option("--authors <list>", 'for a Word file: whose revisions are whose, as "Word author=CODE,Word author=CODE"; others are "import"', "")
    .option("--data <dir>", "data directory (default: $DATA_DIR or ./data)")
    .option("--base-url <url>", "base of the join links (default: http://localhost:$PORT)")
    .option("--json", "print { id, links } as JSON")
    .action((options: CreateOptions) => create(command, options));
}
