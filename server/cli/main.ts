import { DataDirInUse } from "../data-lock.ts";
import { Command, CommanderError } from "commander";
import { addAudit } from "./audit.ts";
import { addConvert } from "./convert.ts";
import { addCheck } from "./check.ts";
import { addExport } from "./export.ts";
import { addServe } from "./serve.ts";
import { addSession } from "./session.ts";

/**
 * The `plenary` command line. Exit codes: 0 ok, 1 input error (the message names
 * file:line:col), 2 usage.
 */
export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export function program(): Command {
  const cli = new Command("plenary")
    .description("Plenary: collaborative drafting for intergovernmental working groups")
    .showHelpAfterError()
    .exitOverride();
  addConvert(cli);
  addCheck(cli);
  addSession(cli);
  addServe(cli);
  addExport(cli);
  addAudit(cli);
  return cli;
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = program();
  try {
    await cli.parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof DataDirInUse) {
      process.stderr.write(`plenary: ${error.message}\n`);
      return EXIT_INPUT;
    }
    throw error;
  }
}
