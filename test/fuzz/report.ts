import type { FuzzResult, RefusalRecord } from "./harness.ts";
import type { RefusalClass } from "./oracle.ts";

/** Plain-text tables of fuzz results, for `npm run fuzz` and the test's failure messages. */

const CLASSES: RefusalClass[] = ["self", "concurrent", "unexplained", "chair-race"];

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/** A refusal reason as a pattern: numbers become N, the delegations' codes <D> ("writing as <D>"). */
export function reasonOf(r: RefusalRecord): string {
  const pattern = r.reason.replace(/\d+/g, "N").replace(/\b(USA|RUS|CHN)\b/g, "<D>");
  return pattern.length > 80 ? `${pattern.slice(0, 79)}…` : pattern;
}

function count<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** One line per seed: what the run did and how it ended. */
export function seedTable(results: readonly FuzzResult[]): string {
  return table(
    ["seed", "ops", "changed", "locked", "msgs", "accepted", "refused", "non-race", "race", "lost ops", "disconn.", "binding", "converged", "valid", "s"],
    results.map((r) => {
      const race = r.refusals.filter((x) => x.cls === "chair-race").length;
      return [
        r.seed,
        r.ops,
        r.changed,
        r.locked,
        r.messages,
        r.accepted,
        r.refusals.length,
        r.refusals.length - race,
        race,
        r.lostOps,
        r.disconnects,
        r.bindingWrites.length,
        r.divergences.length === 0 ? "yes" : "NO",
        r.invalid.length === 0 ? "yes" : "NO",
        (r.durationMs / 1000).toFixed(1),
      ];
    }),
  );
}

/** Refusals by reason: how many of each class, and the operations behind them. */
export function reasonTable(refusals: readonly RefusalRecord[]): string {
  if (refusals.length === 0) return "no refusals";
  const byReason = count(refusals, reasonOf);
  return table(
    ["reason", "total", ...CLASSES, "by operation"],
    [...byReason].map(([reason, total]) => {
      const mine = refusals.filter((r) => reasonOf(r) === reason);
      const ops = [...count(mine, (r) => r.op)].map(([op, n]) => `${op} ${n}`).join(", ");
      return [reason, total, ...CLASSES.map((c) => mine.filter((r) => r.cls === c).length || ""), ops];
    }),
  );
}

/** Refusals by operation, against how often the operation changed the document. */
export function operationTable(results: readonly FuzzResult[]): string {
  const refusals = results.flatMap((r) => r.refusals);
  const kinds = new Map<string, { tried: number; changed: number }>();
  for (const r of results) {
    for (const [kind, s] of Object.entries(r.opKinds)) {
      const k = kinds.get(kind) ?? { tried: 0, changed: 0 };
      k.tried += s.tried;
      k.changed += s.changed;
      kinds.set(kind, k);
    }
  }
  const refusedKinds = new Set(refusals.map((r) => r.op));
  const rows = [...new Set([...kinds.keys(), ...refusedKinds])]
    .map((kind) => {
      const mine = refusals.filter((r) => r.op === kind);
      const s = kinds.get(kind) ?? { tried: 0, changed: 0 };
      const nonRace = mine.filter((r) => r.cls !== "chair-race").length;
      return { kind, s, mine, nonRace };
    })
    .sort((a, b) => b.mine.length - a.mine.length || b.s.changed - a.s.changed);
  return table(
    ["operation", "tried", "changed", "refused", ...CLASSES, "non-race %"],
    rows.map(({ kind, s, mine, nonRace }) => [
      kind,
      s.tried || "",
      s.changed || "",
      mine.length || "",
      ...CLASSES.map((c) => mine.filter((r) => r.cls === c).length || ""),
      s.changed ? ((100 * nonRace) / s.changed).toFixed(1) : "",
    ]),
  );
}

/** A refusal in full, to reproduce it. */
export function refusalLine(r: RefusalRecord): string {
  const who = r.role === "secretariat" ? `secretariat as ${r.author}` : r.participant;
  const oracle = r.oracleReason && r.oracleReason !== r.reason ? ` (the oracle's check: "${r.oracleReason}")` : "";
  return (
    `seed ${r.seed} op #${r.opIndex} ${who} ${r.op} [${r.cls}; unseen: chair ${r.concurrentChair}, others ${r.concurrentOthers}] ` +
    `refused "${r.reason}"${oracle}\n    did: ${r.detail}\n    update: ${r.update}` +
    r.racers.map((x) => `\n    raced with: ${x.length > 200 ? `${x.slice(0, 199)}…` : x}`).join("")
  );
}

/** Everything about one seed: its refusals by reason and operation. */
export function seedReport(result: FuzzResult): string {
  const lines = [`seed ${result.seed}: ${result.ops} ops, ${result.refusals.length} refused (${result.refusals.filter((r) => r.cls !== "chair-race").length} non-race), ${(result.durationMs / 1000).toFixed(1)} s`];
  if (result.refusals.length > 0) {
    const byKey = count(result.refusals, (r) => `${r.cls.padEnd(11)} ${r.op.padEnd(18)} ${reasonOf(r)}`);
    for (const [key, n] of byKey) lines.push(`  ${String(n).padStart(3)}  ${key}`);
  }
  for (const d of result.divergences) lines.push(`  DIVERGED: ${d}`);
  for (const i of result.invalid) lines.push(`  INVALID: ${i}`);
  for (const c of result.serverCloses) lines.push(`  server closed: ${c}`);
  for (const b of result.bindingWrites) lines.push(`  the editor wrote by itself: ${b}`);
  return lines.join("\n");
}
