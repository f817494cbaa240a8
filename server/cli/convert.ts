import type { Command } from "commander";
import { Option } from "commander";
import type { Node as PMNode } from "prosemirror-model";
import { DLInputError } from "../../shared/dl/input.ts";
import { serialize, VARIANTS } from "../../shared/dl/serialize.ts";
import type { Variant } from "../../shared/dl/serialize.ts";
import { exportDocx } from "../../shared/export/docx.ts";
import { exportHtml } from "../../shared/export/html.ts";
import { parseAuthorTable } from "../../shared/word/revisions.ts";
import { formatOf, formatWordReport, outputFormatOf, readDocument, readWordDocument, wordFormatOf, writeAtomically } from "./files.ts";
import type { OutputFormat } from "./files.ts";
import { parseDelegations } from "./session.ts";

interface ConvertOptions {
  variant: Variant;
  delegations: string;
  authors: string;
}

/**
 * `plenary convert IN OUT [--variant ...] [--delegations ...]`: between DL text
 * (.md/.txt) and ProseMirror JSON (.json), and to Word (.docx, revisions by
 * delegation; `attributed` is `marked` there, Word's revisions carry the authors)
 * and HTML (.html). `--delegations` names the authors of changes in Word and HTML.
 * A Word file (.docx, or .odt through LibreOffice) is read too: its revisions become
 * proposals of the delegations `--authors` maps their Word authors to, and the import
 * report (authors, what was not read, the comments) goes to stderr.
 */
export function addConvert(cli: Command): void {
  cli
    .command("convert")
    .description("convert between DL text (.md, .txt) and ProseMirror JSON (.json), export to Word (.docx) or HTML (.html), or read a Word file (.docx, .odt) with its tracked changes; the format comes from the extension")
    .argument("<in>", "input file (.md, .txt, .json, or a Word file: .docx, .odt)")
    .argument("<out>", "output file (.md, .txt, .json, .docx or .html)")
    .addOption(new Option("--variant <variant>", "variant to write").choices([...VARIANTS]).default("marked"))
    .option("--delegations <list>", 'names of the delegations for Word and HTML, as "CODE:Name,CODE:Name"', "")
    .option("--authors <list>", 'for a Word file: whose revisions are whose, as "Word author=CODE,Word author=CODE"; others are "import"', "")
    .action(async (input: string, output: string, options: ConvertOptions) => {
      const word = wordFormatOf(input);
      if (!formatOf(input) && !word) cli.error(`error: ${input}: unknown format (use .md, .txt, .json, .docx or .odt)`, { exitCode: 2 });
      const format = outputFormatOf(output);
      if (!format) cli.error(`error: ${output}: unknown format (use .md, .txt, .json, .docx or .html)`, { exitCode: 2 });
      let names: Record<string, string> = {};
      try {
        names = Object.fromEntries(parseDelegations(options.delegations).map((d) => [d.code, d.name]));
      } catch (error) {
        cli.error(`error: --delegations: ${(error as Error).message}`, { exitCode: 2 });
      }
      let authors: Record<string, string> = {};
      try {
        authors = parseAuthorTable(options.authors);
      } catch (error) {
        cli.error(`error: --authors: ${(error as Error).message}`, { exitCode: 2 });
      }
      try {
        let doc: PMNode;
        if (word) {
          const imported = readWordDocument(input, authors);
          doc = imported.doc;
          process.stderr.write(formatWordReport(input, imported));
          if (imported.comments.length) process.stderr.write(`${input}: the ${imported.comments.length === 1 ? "comment is" : `${imported.comments.length} comments are`} not in ${output} (converted files carry no comments); \`plenary session create --from ${input}\` keeps them as comment threads\n`);
        } else doc = readDocument(input).doc;
        writeAtomically(output, await render(doc, format!, options.variant, names));
      } catch (error) {
        if (!(error instanceof DLInputError)) throw error;
        process.stderr.write(`${error.format(input)}\n`);
        process.exitCode = 1;
      }
    });
}

async function render(doc: PMNode, format: OutputFormat, variant: Variant, names: Record<string, string>): Promise<string | Uint8Array> {
  switch (format) {
    case "json":
      return `${JSON.stringify(doc.toJSON(), null, 2)}\n`;
    case "docx":
      return exportDocx(doc, { variant: variant === "clean" ? "clean" : "marked", authors: names });
    case "html":
      return exportHtml(doc, { variant, authors: Object.fromEntries(Object.entries(names).map(([code, name]) => [code, { name, colour: "" }])) });
    default:
      return serialize(doc, { variant });
  }
}
