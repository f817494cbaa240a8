import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runFuzz } from "./harness.ts";
import type { FuzzResult } from "./harness.ts";
import type { BindingMode } from "./editor.ts";
import { defaultLogLevel, setLogLevel } from "../../server/log.ts";
import { operationTable, reasonTable, refusalLine, seedReport, seedTable } from "./report.ts";

/**
 * `npm run fuzz -- [--seeds 10] [--from 1] [--seed S] [--ops 1000] [--mode plugin|rebuild]
 *  [--jobs 1] [--verbose] [--json FILE]`
 *
 * The long randomized convergence run (harness.ts): seeds `from` .. `from + seeds - 1`
 * (or the one `--seed`), each with `ops` operations, `jobs` seeds at a time in child
 * processes. Prints each seed's refusals by reason and operation, then the totals; with
 * `--verbose` every refusal as it happens, in full. Exits 1 when a run diverged, left an
 * invalid document, or had an honest update refused that no race with the chair explains.
 *
 * To reproduce a refusal: the same seed gives the same run, so `--seed S --ops N
 * --until-refusal R --verbose` replays it and stops right after its R-th refusal
 * (the final checks are skipped), printing each with the unseen updates it raced with.
 */

// The run reports every refusal itself: the server's own warning for each is noise here.
// PLENARY_LOG_LEVEL still wins (the child processes read it too).
process.env.PLENARY_LOG_LEVEL ??= "error";
setLogLevel(defaultLogLevel());

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "10" },
    from: { type: "string", default: "1" },
    seed: { type: "string" },
    ops: { type: "string", default: "1000" },
    mode: { type: "string", default: "plugin" },
    jobs: { type: "string", default: "1" },
    "disconnect-every": { type: "string", default: "120" },
    "until-refusal": { type: "string" },
    verbose: { type: "boolean", default: false },
    json: { type: "string" },
    worker: { type: "boolean", default: false },
  },
});

const int = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
};

const mode = values.mode as BindingMode;
if (mode !== "plugin" && mode !== "rebuild") {
  console.error(`--mode must be plugin or rebuild, got ${JSON.stringify(values.mode)}`);
  process.exit(2);
}
const ops = int("ops", values.ops);
const disconnectEvery = int("disconnect-every", values["disconnect-every"]) || 120;
const seeds = values.seed !== undefined ? [int("seed", values.seed)] : Array.from({ length: int("seeds", values.seeds) }, (_, i) => int("from", values.from) + i);
const jobs = Math.max(1, int("jobs", values.jobs));

/** One seed in this process. */
async function runOne(seed: number, verbose: boolean): Promise<FuzzResult> {
  return runFuzz({
    seed,
    ops,
    mode,
    disconnectEvery,
    ...(values["until-refusal"] !== undefined ? { untilRefusal: int("until-refusal", values["until-refusal"]) } : {}),
    log: (line) => {
      if (verbose) console.error(line);
    },
  });
}

/** One seed in a child process (its result as JSON on the last line of its output). */
function runChild(seed: number): Promise<FuzzResult> {
  const script = fileURLToPath(import.meta.url);
  const args = ["--import", "tsx", script, "--worker", "--seed", String(seed), "--ops", String(ops), "--mode", mode, "--disconnect-every", String(disconnectEvery)];
  if (values.verbose) args.push("--verbose");
  if (values["until-refusal"] !== undefined) args.push("--until-refusal", values["until-refusal"]);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
    });
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as FuzzResult);
      } catch {
        reject(new Error(`seed ${seed}: the child process exited with ${code}: ${out.slice(-2000)}`));
      }
    });
  });
}

if (values.worker) {
  const result = await runOne(seeds[0]!, values.verbose);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const started = performance.now();
const results: FuzzResult[] = [];
const queue = [...seeds];
const failures: string[] = [];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
      try {
        const result = jobs > 1 ? await runChild(seed) : await runOne(seed, values.verbose);
        results.push(result);
        console.log(seedReport(result));
      } catch (error) {
        failures.push(`seed ${seed}: ${(error as Error).stack ?? error}`);
        console.log(`seed ${seed}: FAILED ${(error as Error).message}`);
      }
    }
  }),
);
results.sort((a, b) => a.seed - b.seed);
const refusals = results.flatMap((r) => r.refusals);
const nonRace = refusals.filter((r) => r.cls !== "chair-race");
const seconds = (performance.now() - started) / 1000;
console.log(`\n${results.length} seeds × ${ops} operations, binding "${mode}", ${seconds.toFixed(1)} s (${jobs} at a time)\n`);
console.log(seedTable(results));
console.log("\nRefusals by reason (classes: see test/fuzz/oracle.ts)\n");
console.log(reasonTable(refusals));
console.log("\nRefusals by operation\n");
console.log(operationTable(results));
const firsts = new Map<string, (typeof refusals)[number]>();
for (const r of nonRace) if (!firsts.has(r.reason)) firsts.set(r.reason, r);
if (firsts.size > 0) {
  console.log(`\nThe first non-race refusal of each reason (reproduce with --seed S --ops ${ops} --until-refusal R --verbose)\n`);
  for (const r of firsts.values()) console.log(refusalLine(r));
}
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
for (const f of failures) console.error(f);
const diverged = results.filter((r) => r.divergences.length > 0 || r.invalid.length > 0);
if (failures.length > 0 || diverged.length > 0 || nonRace.length > 0) {
  console.log(`\nFAIL: ${failures.length} seeds failed, ${diverged.length} diverged or invalid, ${nonRace.length} honest updates refused without a race with the chair`);
  process.exit(1);
}
console.log("\nOK: every copy converged and is valid; no honest update was refused except in races with the chair");
