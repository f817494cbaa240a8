import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../dl/parse.ts";
import { serialize } from "../dl/serialize.ts";
import { listChanges } from "../track/changes.ts";
import { withRevision } from "../meta.ts";
import { compareDocuments } from "./compare.ts";
import { exportHtml } from "../export/html.ts";
import { seedText, sessionDocument } from "../../test/session-doc.ts";
import * as b from "../../test/builders.ts";

const seed = parse(seedText).doc;
const AT = "2026-11-28T12:00:00.000Z";

test("a document compared with itself has no differences", () => {
  const compared = compareDocuments(seed, seed, { at: AT });
  compared.check();
  assert.equal(listChanges(compared).filter((c) => c.kind !== "bracket").length, 0);
});

test("the session's proposals are differences by their delegations; the new symbol is the revision's", () => {
  const newer = withRevision(sessionDocument(), 3, "28 November 2026");
  const compared = compareDocuments(seed, newer, { at: AT });
  compared.check();
  const changes = listChanges(compared).filter((c) => c.kind === "insertion" || c.kind === "deletion").map((c) => [c.kind, c.by, c.text.trim()]);
  assert.deepEqual(changes, [
    ["deletion", "secretariat", "(Rev.2)"],
    ["insertion", "secretariat", "(Rev.3)"],
    ["deletion", "secretariat", "31 October 2014"],
    ["insertion", "secretariat", "28 November 2026"],
    ...changes.slice(4),
  ]);
  assert.ok(changes.some(([kind, by, text]) => kind === "insertion" && by === "USA" && text === "effectively"), "USA's words");
  assert.ok(changes.some(([kind, by, text]) => kind === "deletion" && by === "RUS" && text === "and leading"), "RUS's words");
  assert.ok(changes.some(([kind, by, text]) => kind === "insertion" && by === "USA" && String(text).startsWith("e) Resolution 200")), "USA's clause");
  assert.ok(changes.some(([kind, by, text]) => kind === "deletion" && by === "RUS" && String(text).includes("Ministerial Round Table")), "RUS's clause");
  assert.equal(changes.length, 8, JSON.stringify(changes));
  const text = serialize(compared, { variant: "attributed" });
  assert.match(text, /<ins>effectively <\/ins>\{USA /);
});

test("words changed by nobody's proposal are the revision's, struck and underlined", () => {
  const older = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " to act now;")));
  const newer = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " to act soon;")));
  const compared = compareDocuments(older, newer, { at: AT });
  assert.equal(serialize(compared, { variant: "attributed" }).trim().split("\n").pop(), "1 to act ~~now;~~{secretariat 2026-11-28T12:00:00.000Z #cd1}<ins>soon;</ins>{secretariat 2026-11-28T12:00:00.000Z #ci2}");
});

test("words the chair accepted are credited to their proposer, words the chair rejected or dropped are the chair's deletion", () => {
  const older = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " to act now and here today;")));
  const newer = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading("resolves"), b.clause(b.label("1"), " to act swiftly now today;")));
  const decision = (action: "accept" | "drop-bracket", target: string, text: string) => ({ id: `x${text}`, at: AT, by: "chair", action, target, text });
  const decisions = [decision("accept", "USA's insertion", "swiftly "), decision("drop-bracket", "RUS's bracket", "and here")];
  const decided = new Map<string, string>();
  const compared = compareDocuments(older, newer, { at: AT, decisions, decided });
  const changes = listChanges(compared).map((c) => [c.kind, c.by, c.text.trim()]);
  // The decision is the chair's: said with each change it made ("USA, accepted by the chair").
  assert.deepEqual([...decided.values()].sort(), ["accepted by the chair", "removed by the chair's decision"]);
  assert.match(exportHtml(compared, { variant: "marked", authors: {}, decided }), /title="USA: inserted by USA, accepted by the chair/);
  assert.deepEqual(changes, [
    ["insertion", "USA", "swiftly"],
    ["deletion", "chair", "and here"],
  ]);
  // Without the decisions, the same differences are the revision's (the secretariat's).
  const bare = listChanges(compareDocuments(older, newer, { at: AT })).map((c) => c.by);
  assert.deepEqual(bare, ["secretariat", "secretariat"]);
});
