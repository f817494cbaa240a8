import type { Command } from "commander";
import { Option } from "commander";
import { DLInputError } from "../../shared/dl/input.ts";
import { serialize, VARIANTS } from "../../shared/dl/serialize.ts";
import type { Variant } from "../../shared/dl/serialize.ts";
import { formatOf, readDocument, writeAtomically } from "./files.ts";

/** `plenary convert IN OUT [--variant ...]`: between DL text (.md/.txt) and ProseMirror JSON (.json). */
export function addConvert(cli: Command): void {
  cli
    .command("convert")
    .description("convert between DL text (.md, .txt) and ProseMirror JSON (.json); the format comes from the extension")
    .argument("<in>", "input file (.md, .txt or .json)")
    .argument("<out>", "output file (.md, .txt or .json)")
    .addOption(new Option("--variant <variant>", "DL text variant to write").choices([...VARIANTS]).default("marked"))
    .action((input: string, output: string, options: { variant: Variant }) => {
      for (const file of [input, output]) {
        if (!formatOf(file)) cli.error(`error: ${file}: unknown format (use .md, .txt or .json)`, { exitCode: 2 });
      }
      try {
        const { doc } = readDocument(input);
        const text = formatOf(output) === "json" ? `${JSON.stringify(doc.toJSON(), null, 2)}\n` : serialize(doc, { variant: options.variant });
        writeAtomically(output, text);
      } catch (error) {
        if (!(error instanceof DLInputError)) throw error;
        process.stderr.write(`${error.format(input)}\n`);
        process.exitCode = 1;
      }
    });
}
