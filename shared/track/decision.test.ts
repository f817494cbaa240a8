import { test } from "node:test";
import assert from "node:assert/strict";
import { clipDecisionWords, describeDecision, isDecision, MAX_DECISION_WORDS } from "./decision.ts";
import type { Decision } from "./decision.ts";

const base = { id: "x1", at: "2026-11-28T10:15:00.000Z", by: "chair" };

test("accepting one change reads who, whose change, which text and where", () => {
  const d: Decision = { ...base, action: "accept", target: "USA's insertion", text: "continue to", where: "resolves 1" };
  assert.equal(describeDecision(d), "Chair accepted USA's insertion “continue to” in resolves 1");
});

test("a bulk decision reads its scope and count", () => {
  assert.equal(describeDecision({ ...base, action: "reject-all", target: "all changes of RUS", text: "", count: 12 }), "Chair rejected all changes of RUS (12)");
});

test("brackets: agreed, dropped, an alternative picked", () => {
  assert.equal(describeDecision({ ...base, action: "agree-bracket", target: "CHN's bracket", text: "not decided", where: "considering a)" }), "Chair agreed CHN's bracket “not decided” in considering a)");
  assert.equal(describeDecision({ ...base, action: "drop-bracket", target: "the bracket", text: "as appropriate" }), "Chair dropped the bracket “as appropriate”");
  assert.equal(describeDecision({ ...base, action: "pick-alternative", target: "RUS's bracket", text: "Instructs" }), "Chair picked “Instructs” in RUS's bracket");
});

test("status and renumbering", () => {
  assert.equal(describeDecision({ ...base, action: "status", target: "resolves 1", text: "agreed ad referendum" }), "Chair marked resolves 1 agreed ad referendum");
  assert.equal(describeDecision({ ...base, action: "status", target: "resolves 1", text: "reopened" }), "Chair reopened resolves 1");
  assert.equal(describeDecision({ ...base, action: "renumber", target: "resolves", text: "", count: 3 }), "Chair renumbered resolves (3 labels)");
});

test("a long text is quoted short, on one line", () => {
  const text = "word ".repeat(40) + "\nend";
  const out = describeDecision({ ...base, by: "USA", action: "reject", target: "RUS's deletion", text });
  assert.match(out, /^USA rejected RUS's deletion “word word .*…”$/);
  assert.ok(!out.includes("\n"));
});

test("undoing a decision reads as that decision, undone", () => {
  const accepted: Decision = { id: "1", at: "2026-11-28T10:00:00.000Z", by: "chair", action: "accept", target: "USA's insertion", text: "fully", where: "resolves 19" };
  const undo: Decision = { id: "2", at: "2026-11-28T10:01:00.000Z", by: "chair", action: "undo", target: accepted.target, text: describeDecision(accepted) };
  assert.equal(describeDecision(undo), "Chair accepted USA's insertion “fully” in resolves 19: undone by Chair");
});

test("a decision named after a long heading or proposal is cut to what the log holds, so the server takes it", () => {
  const heading = "The Plenipotentiary Conference of the International Telecommunication Union, ".repeat(7);
  const long = { action: "status" as const, target: `${heading} 3`, text: "agreed", where: "x".repeat(401) };
  assert.equal(isDecision({ ...base, ...long }), false, "the log refuses more than 400 characters");
  const clipped = clipDecisionWords(long);
  assert.equal(clipped.target.length, MAX_DECISION_WORDS);
  assert.ok(clipped.target.endsWith("…") && clipped.target.startsWith("The Plenipotentiary Conference"));
  assert.equal(clipped.text, "agreed", "short words are left alone");
  assert.equal(clipped.where!.length, MAX_DECISION_WORDS);
  assert.equal(isDecision({ ...base, ...clipped }), true);
  assert.equal("where" in clipDecisionWords({ target: "resolves 1", text: "" }), false, "no where is added");
});
