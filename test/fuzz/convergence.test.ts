import assert from "node:assert/strict";
import { before, test } from "node:test";
import { runFuzz } from "./harness.ts";
import type { FuzzResult } from "./harness.ts";
import { operationTable, reasonTable, refusalLine, seedTable } from "./report.ts";

/**
 * Issue 9's randomized convergence test, the short run of `npm test` (`npm run fuzz`
 * is the long one): for each fixed seed, five participants (the chair, the secretariat
 * typing for a delegation, USA, RUS, CHN) make honest random edits, proposals,
 * brackets and decisions through a real server and its check, with seeded delays,
 * disconnects and reconnects (harness.ts). Then every participant's editor and Y.Doc,
 * the server's JSON export, and a fresh client joining a restarted server from the
 * store must hold one and the same schema-valid document, and the server must have
 * refused no honest update except in a race with the chair (oracle.ts says which).
 */

const SEEDS = [1, 2, 3];
const OPS = 120;

let results: FuzzResult[] = [];

before(async () => {
  results = [];
  for (const seed of SEEDS) results.push(await runFuzz({ seed, ops: OPS, disconnectEvery: 40 }));
});

const summary = () => `\n${seedTable(results)}\n`;

test("every participant, the server's export and a fresh client from the store end with the same document", () => {
  const divergences = results.flatMap((r) => r.divergences.map((d) => `seed ${r.seed}: ${d}`));
  assert.deepEqual(divergences, [], summary());
});

test("every copy of the document is schema-valid", () => {
  const invalid = results.flatMap((r) => r.invalid.map((d) => `seed ${r.seed}: ${d}`));
  assert.deepEqual(invalid, [], summary());
});

test("no editor deleted what it could not render (y-prosemirror's repair)", () => {
  const repairs = results.flatMap((r) => r.bindingWrites.filter((b) => b.includes("binding-repair")).map((b) => `seed ${r.seed}: ${b}`));
  assert.deepEqual(repairs, []);
});

test("the runs did real work: proposals, decisions, brackets, offline edits, reconnects", () => {
  for (const r of results) {
    const kinds = Object.entries(r.opKinds).filter(([, s]) => s.changed > 0).map(([k]) => k);
    const has = (prefix: string) => kinds.some((k) => k.startsWith(prefix));
    assert.ok(r.changed >= OPS * 0.6, `seed ${r.seed}: only ${r.changed} of ${r.ops} operations changed the document`);
    for (const kind of ["type", "deleteRange", "enter", "bracket", "accept", "reject"]) assert.ok(has(kind), `seed ${r.seed}: no "${kind}" changed the document (${kinds.join(", ")})`);
    assert.ok(r.disconnects >= 3, `seed ${r.seed}: only ${r.disconnects} disconnects`);
    assert.ok(r.accepted > OPS * 0.8, `seed ${r.seed}: only ${r.accepted} updates accepted`);
  }
});

// Issue 9, "Done when" asks that the check refuse zero honest updates. Not there yet.
// The server now finishes the moves y-prosemirror writes as delete-and-copy (a split,
// a join, a paste; server/check/carry.ts), which removed most refusals of honest
// concurrent edits and the silent loss of strikes made into moved text; what remains
// are rarer shapes (a delete across blocks beside another's new block, a paste racing a
// split of the same clause) and races with the chair. Which and how many depends on the
// network's timing, so this run reports them (`npm run fuzz -- --verbose` lists each with
// a reproduction) rather than asserting a number that would be flaky.
test("refusals of honest updates are reported by class (issue 9, still open)", (t) => {
  const refusals = results.flatMap((r) => r.refusals);
  const count = (cls: string) => refusals.filter((r) => r.cls === cls).length;
  t.diagnostic(`refused: ${count("self")} on the sender's own view, ${count("concurrent")} only with others' concurrent edits, ${count("chair-race")} in races with the chair, ${count("unexplained")} unexplained; of ${results.reduce((n, r) => n + r.accepted, 0)} accepted`);
  for (const r of refusals) t.diagnostic(refusalLine(r));
  const accepted = results.reduce((n, r) => n + r.accepted, 0);
  assert.ok(refusals.length * 20 < accepted, `more than 1 in 20 honest updates refused:\n${reasonTable(refusals)}`);
});
