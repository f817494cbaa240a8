import { Command } from "commander";
import { auditSession } from "../audit.ts";
import type { AuditEntry } from "../audit.ts";
import { Store } from "../store.ts";
import { dataDirOption } from "./session.ts";

/**
 * `plenary audit SESSION [--data DIR] [--json]`: who changed what and when, from the
 * store: accepted updates with what they changed, refused updates with why. Readable
 * by a person, or as JSON (an array of entries, oldest first).
 */

interface AuditOptions {
  data?: string;
  json?: boolean;
}

function who(entry: AuditEntry): string {
  const p = entry.participant;
  if (!p) return "server";
  return p.code ? `${p.code} (${p.name})` : p.name;
}

/** One entry as text lines. */
export function formatEntry(entry: AuditEntry): string {
  const head = `${entry.at}  ${entry.outcome === "accepted" ? `#${entry.seq}` : `refused #${entry.seq}`}  ${who(entry)}`;
  if (entry.outcome === "refused") return `${head}: ${entry.reason}`;
  const changes = entry.changes.length > 0 ? entry.changes : ["(no visible change)"];
  return [head, ...changes.map((c) => `    ${c}`)].join("\n");
}

function audit(sessionId: string, options: AuditOptions): void {
  const store = Store.open(dataDirOption(options.data));
  try {
    if (!store.session(sessionId)) {
      process.stderr.write(`error: no session "${sessionId}" in ${dataDirOption(options.data)}\n`);
      process.exitCode = 1;
      return;
    }
    const entries = auditSession(store, sessionId);
    process.stdout.write(options.json ? `${JSON.stringify(entries, null, 2)}\n` : `${entries.map(formatEntry).join("\n")}\n`);
  } finally {
    store.close();
  }
}

/** Registers `plenary audit`. */
export function addAudit(cli: Command): void {
  cli
    .command("audit")
    .description("list who changed what and when in a session: accepted and refused updates, decisions")
    .argument("<session>", "session id")
    .option("--data <dir>", "data directory (default: $DATA_DIR or ./data)")
    .option("--json", "print JSON")
    .action((sessionId: string, options: AuditOptions) => audit(sessionId, options));
}
