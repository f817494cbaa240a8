import type { Command } from "commander";
import { DLInputError } from "../../shared/dl/input.ts";
import { formatReport } from "../../shared/dl/report.ts";
import { readDocument } from "./files.ts";

/** `plenary check IN`: the import report of a DL text (what it holds, what could not be paired). */
export function addCheck(cli: Command): void {
  cli
    .command("check")
    .description("read a DL text and print the import report: counts, and each unpaired bracket or mark by line and column")
    .argument("<in>", "DL text file (.md, .txt) or ProseMirror JSON (.json)")
    .option("--json", "print the report as JSON")
    .action((input: string, options: { json?: boolean }) => {
      try {
        const { report } = readDocument(input);
        if (!report) {
          process.stdout.write(options.json ? "{}\n" : `${input}: valid Plenary document\n`);
          return;
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        const c = report.counts;
        // What only some documents hold is said when they hold it: texts of a compilation, annexes, footnotes, tables.
        const more = [
          c.texts > 1 ? `${c.texts} texts` : "",
          c.annexes > 0 ? `${c.annexes} annex${c.annexes === 1 ? "" : "es"}` : "",
          c.footnotes > 0 || c.references > 0 ? `${c.footnotes} footnotes (${c.references} references)` : "",
          c.rows > 0 ? `${c.rows} table rows` : "",
        ].filter(Boolean);
        process.stdout.write(
          `${input}: ${c.blocks} blocks, ${c.groups} clause groups, ${c.clauses} clauses, ` +
            `${c.brackets} brackets, ${c.insertions} insertions, ${c.deletions} deletions${more.map((m) => `, ${m}`).join("")}\n`,
        );
        if (report.items.length === 0) process.stdout.write("everything is paired\n");
        else process.stdout.write(`${report.items.length} to look at (kept as literal text):\n${formatReport(report, input)}\n`);
      } catch (error) {
        if (!(error instanceof DLInputError)) throw error;
        process.stderr.write(`${error.format(input)}\n`);
        process.exitCode = 1;
      }
    });
}
