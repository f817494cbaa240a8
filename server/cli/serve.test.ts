import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";
import { PLENARY } from "../test-support.ts";
import { main, program } from "./main.ts";

/** `plenary serve --help` documents every option it takes (issue 14, operations). */

test("serve --help documents every option, with what it does", async () => {
  const serve = program().commands.find((c) => c.name() === "serve")!;
  const { stdout } = await promisify(execFile)(process.execPath, [PLENARY, "serve", "--help"], { timeout: 20_000 });
  const help = stdout.replace(/\s+/g, " ");
  const options = serve.options.map((o) => o.long!);
  for (const flag of ["--port", "--data", "--host", "--base-url", "--demo", "--log-level", "--metrics-token"]) assert.ok(options.includes(flag), `serve takes ${flag}`);
  for (const option of serve.options) {
    assert.ok(option.description.length > 10, `${option.long} says what it does`);
    assert.ok(help.includes(`${option.flags} ${option.description.replace(/\s+/g, " ")}`), `the help lists ${option.flags} with its description`);
  }
  assert.match(help, /choices: "fatal", "error", "warn", "info", "debug", "trace", "silent"/);
  assert.match(help, /GET \/healthz/);
  assert.match(help, /GET \/metrics/);
});

test("serve refuses a log level it does not know, as a usage error", async () => {
  const write = process.stderr.write;
  let said = "";
  process.stderr.write = ((chunk: string) => {
    said += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    assert.equal(await main(["serve", "--log-level", "loud"]), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.match(said, /--log-level <level>' argument 'loud' is invalid/);
});
