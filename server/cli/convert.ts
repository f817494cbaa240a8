import type { Command } from "commander";
import { Option } from "commander";
import type { Node as PMNode } from "prosemirror-model";
import { DLInputError } from "../../shared/dl/input.ts";
import { serialize, VARIANTS } from "../../shared/dl/serialize.ts";
import type { Variant } from "../../shared/dl/serialize.ts";
import { exportDocx } from "../../shared/export/docx.ts";
import { exportHtml } from "../../shared/export/html.ts";
import { formatOf, outputFormatOf, readDocument, writeAtomically } from "./files.ts";
import type { OutputFormat } from "./files.ts";
import { parseDelegations } from "./session.ts";

interface ConvertOptions {
  variant: Variant;
  delegations: string;
}

/**
 * `plenary convert IN OUT [--variant ...] [--delegations ...]`: between DL text
 * (.md/.txt) and ProseMirror JSON (.json), and to Word (.docx, revisions by
 * delegation; `attributed` is `marked` there, Word's revisions carry the authors)
 * and HTML (.html). `--delegations` names the authors of changes in Word and HTML.
 */
export function addConvert(cli: Command): void {
  cli
    .command("convert")
    .description("convert between DL text (.md, .txt) and ProseMirror JSON (.json), or export to Word (.docx) or HTML (.html); the format comes from the extension")
    .argument("<in>", "input file (.md, .txt or .json)")
    .argument("<out>", "output file (.md, .txt, .json, .docx or .html)")
    .addOption(new Option("--variant <variant>", "variant to write").choices([...VARIANTS]).default("marked"))
    .option("--delegations <list>", 'names of the delegations for Word and HTML, as "CODE:Name,CODE:Name"', "")
    .action(async (input: string, output: string, options: ConvertOptions) => {
      if (!formatOf(input)) cli.error(`error: ${input}: unknown format (use .md, .txt or .json)`, { exitCode: 2 });
      const format = outputFormatOf(output);
      if (!format) cli.error(`error: ${output}: unknown format (use .md, .txt, .json, .docx or .html)`, { exitCode: 2 });
      let names: Record<string, string> = {};
      try {
        names = Object.fromEntries(parseDelegations(options.delegations).map((d) => [d.code, d.name]));
      } catch (error) {
        cli.error(`error: --delegations: ${(error as Error).message}`, { exitCode: 2 });
      }
      try {
        const { doc } = readDocument(input);
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
