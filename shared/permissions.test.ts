import assert from "node:assert/strict";
import { test } from "node:test";
import type { Actor, BlockInfo, MarkInfo } from "./permissions.ts";
import {
  mayChangeBlockAttrs,
  mayChangeDocument,
  mayChangeLineBreak,
  mayChangeMarks,
  mayChangeMeta,
  mayDeleteText,
  mayInsertBlock,
  mayInsertText,
  mayRemoveBlock,
  mayWriteDecisions,
} from "./permissions.ts";

const delegations = ["USA", "RUS", "CHN"];
const usa: Actor = { role: "delegation", code: "USA", delegations };
const secretariat: Actor = { role: "secretariat", code: null, delegations };
const chair: Actor = { role: "chair", code: null, delegations };
const observer: Actor = { role: "observer", code: null, delegations };

const ins = (by: string, id = `i-${by}`): MarkInfo => ({ type: "insertion", attrs: { id, by, at: null } });
const del = (by: string, id = `d-${by}`): MarkInfo => ({ type: "deletion", attrs: { id, by, at: null } });
const bracket = (by: string, id = `b-${by}`): MarkInfo => ({ type: "bracket", attrs: { id, by, at: null, note: null } });
const strong: MarkInfo = { type: "strong", attrs: {} };
const open = { agreed: false };
const typed = { agreed: false, inherited: [] };
const clause = (attrs: Record<string, unknown> = {}): BlockInfo => ({ type: "clause", attrs: { gap: 1, status: "pending", list: false, ...attrs } });
const change = (by: string) => ({ id: `x-${by}`, by, at: null });

test("an observer changes nothing", () => {
  assert.match(mayChangeDocument(observer)!, /observers cannot change/);
  assert.match(mayInsertText(observer, [ins("USA")], typed)!, /observers/);
  assert.match(mayChangeMeta(observer)!, /observers/);
  assert.equal(mayChangeDocument(usa), null);
});

test("a delegation inserts only text carrying its own insertion", () => {
  assert.equal(mayInsertText(usa, [ins("USA")], typed), null);
  assert.equal(mayInsertText(usa, [ins("USA"), strong], typed), null);
  assert.equal(mayInsertText(usa, [], typed), "inserting text without your insertion mark");
  assert.equal(mayInsertText(usa, [ins("CHN")], typed), "writing as CHN");
  assert.equal(mayInsertText(usa, [ins("USA")], { agreed: true, inherited: [] }), "changing an agreed clause");
});

test("text typed inside another's bracket may carry that bracket, not a bracket it was not in", () => {
  assert.equal(mayInsertText(usa, [ins("USA"), bracket("RUS")], { agreed: false, inherited: [bracket("RUS")] }), null);
  assert.equal(mayInsertText(usa, [ins("USA"), bracket("RUS")], typed), "writing as RUS");
  assert.equal(mayInsertText(usa, [ins("USA"), del("RUS")], typed), "inserting text struck by RUS");
});

test("a delegation really deletes only its own insertions", () => {
  assert.equal(mayDeleteText(usa, [ins("USA")], open), null);
  assert.equal(mayDeleteText(usa, [ins("RUS")], open), "deleting text proposed by RUS");
  assert.equal(mayDeleteText(usa, [], open), "deleting original text outright (strike it instead)");
  assert.equal(mayDeleteText(usa, [ins("USA")], { agreed: true }), "changing an agreed clause");
  assert.equal(mayDeleteText(chair, [ins("RUS")], open), null);
});

test("a delegation strikes with its own deletion mark, and brackets as itself", () => {
  assert.equal(mayChangeMarks(usa, [], [del("USA")], open), null);
  assert.equal(mayChangeMarks(usa, [ins("RUS")], [ins("RUS"), del("USA")], open), null);
  assert.equal(mayChangeMarks(usa, [], [del("CHN")], open), "writing as CHN");
  assert.equal(mayChangeMarks(usa, [], [bracket("USA")], open), null);
  assert.equal(mayChangeMarks(usa, [bracket("USA")], [], open), null);
  assert.equal(mayChangeMarks(usa, [], [del("USA")], { agreed: true }), "changing an agreed clause");
});

test("a delegation leaves everyone else's marks alone", () => {
  assert.equal(mayChangeMarks(usa, [del("RUS")], [], open), "removing RUS's deletion");
  assert.equal(mayChangeMarks(usa, [bracket("RUS")], [], open), "removing RUS's bracket");
  assert.equal(mayChangeMarks(usa, [ins("RUS")], [], open), "accepting RUS's insertion is for the chair");
  assert.equal(mayChangeMarks(usa, [ins("RUS")], [ins("USA")], open), "accepting RUS's insertion is for the chair");
  assert.equal(mayChangeMarks(usa, [del("import")], [], open), "removing the imported draft's deletion");
  assert.equal(mayChangeMarks(usa, [], [ins("USA")], open), "marking existing text as your insertion");
  assert.equal(mayChangeMarks(usa, [], [strong], open), "changing formatting is for the chair");
  assert.equal(mayChangeMarks(chair, [ins("RUS")], [], open), null);
});

test("the secretariat writes as any delegation of the session or as itself, not as the chair", () => {
  assert.equal(mayInsertText(secretariat, [ins("RUS")], typed), null);
  assert.equal(mayInsertText(secretariat, [ins("secretariat")], typed), null);
  assert.equal(mayInsertText(secretariat, [ins("chair")], typed), "writing as chair");
  assert.equal(mayInsertText(secretariat, [ins("BRA")], typed), "writing as BRA");
  assert.equal(mayDeleteText(secretariat, [ins("CHN")], open), null);
});

test("whole blocks: added with the author's `inserted`, removed only when one's own", () => {
  assert.equal(mayInsertBlock(usa, clause({ inserted: change("USA") })), null);
  assert.equal(mayInsertBlock(usa, clause()), "adding a block without your insertion mark");
  assert.equal(mayInsertBlock(usa, clause({ inserted: change("RUS") })), "writing as RUS");
  assert.equal(mayInsertBlock(usa, clause({ inserted: change("USA"), status: "agreed" })), "setting a clause's status is for the chair");
  assert.equal(mayRemoveBlock(usa, clause({ inserted: change("USA") })), null);
  assert.equal(mayRemoveBlock(usa, clause({ inserted: change("RUS") })), "removing a block proposed by RUS");
  assert.equal(mayRemoveBlock(usa, clause()), "removing a block outright (propose its deletion instead)");
});

test("block attrs: only the chair sets a status; a delegation proposes a block's deletion and changes its own blocks", () => {
  assert.equal(mayChangeBlockAttrs(usa, clause(), clause({ status: "agreed" })), "setting a clause's status is for the chair");
  assert.equal(mayChangeBlockAttrs(chair, clause(), clause({ status: "agreed" })), null);
  assert.equal(mayChangeBlockAttrs(usa, clause(), clause({ deleted: change("USA") })), null);
  assert.equal(mayChangeBlockAttrs(usa, clause({ deleted: change("RUS") }), clause()), "removing RUS's deletion of this block");
  assert.equal(mayChangeBlockAttrs(usa, clause(), clause({ list: true })), "changing a block you did not add");
  assert.equal(mayChangeBlockAttrs(usa, clause({ inserted: change("USA") }), clause({ inserted: change("USA"), list: true })), null);
  assert.equal(mayChangeBlockAttrs(usa, clause(), clause({ inserted: change("USA") })), "marking an existing block as your insertion");
  assert.equal(mayChangeBlockAttrs(usa, clause({ status: "agreed" }), clause({ status: "agreed", gap: 2 })), "changing an agreed clause");
  assert.equal(mayChangeLineBreak(usa, clause(), open), "changing line breaks in a block you did not add");
});

test("the metadata and the decision log are the chair's", () => {
  assert.equal(mayChangeMeta(usa), "changing the session's metadata is for the chair");
  assert.equal(mayWriteDecisions(secretariat), "writing the decision log is for the chair");
  assert.equal(mayChangeMeta(chair), null);
  assert.equal(mayWriteDecisions(chair), null);
});
