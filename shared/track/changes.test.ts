import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "../dl/parse.ts";
import { bracket, clause, del, doc, group, heading, ins, label, para, symbol, t } from "../../test/builders.ts";
import { EditorState } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { ChangeList, countByAuthor, listChanges, MAX_TEXT } from "./changes.ts";
import { changeIds } from "./decide.ts";
import { prng } from "../../test/random-doc.ts";

const reference = () => parse(readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8")).doc;

test("the reference document lists 81 deletions and 17 brackets in document order", () => {
  const entries = listChanges(reference());
  assert.equal(entries.filter((e) => e.kind === "deletion").length, 81);
  assert.equal(entries.filter((e) => e.kind === "bracket").length, 17);
  assert.equal(entries.length, 98);
  for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1].from <= entries[i].from, `entry ${i} out of order`);
  assert.equal(new Set(entries.map((e) => e.id)).size, entries.length);
});

test("each change of the reference document names its clause group and clause", () => {
  const entries = listChanges(reference());
  const first = entries[0];
  assert.equal(first.text, "GUADALAJARA, 2010");
  assert.equal(first.group, null, "the title is in the header area");
  const notDecided = entries.find((e) => e.text === "not decided")!;
  assert.equal(notDecided.kind, "bracket");
  assert.deepEqual(notDecided.group, { index: 2, heading: "considering" });
  assert.equal(notDecided.clause?.label, "a)");
  const inRespectiveRoles = entries.find((e) => e.text.startsWith("within their respective roles"))!;
  assert.equal(inRespectiveRoles.group?.heading, "considering further");
  assert.equal(inRespectiveRoles.clause?.label, "g)");
  const pending = entries.find((e) => e.text === "Pending decision of COM5")!;
  assert.equal(pending.group?.heading, "requests the Council");
  assert.equal(pending.clause?.label, "4");
});

test("a bracket spanning a heading and two clauses is one entry covering all its pieces", () => {
  const entries = listChanges(reference());
  const encourage = entries.find((e) => e.kind === "bracket" && e.text.startsWith("Encourage/ Instructs"))!;
  assert.equal(encourage.clause, null, "it starts on the group heading");
  assert.match(encourage.group!.heading, /^Encourage\/ Instructs/);
  assert.match(encourage.text, /\n1 to present/);
  assert.ok(encourage.text.length <= MAX_TEXT && encourage.text.endsWith("…"));
  const inner = entries.find((e) => e.text.startsWith("and looks forward"))!;
  assert.ok(encourage.from < inner.from && inner.to <= encourage.to, "the nested bracket lies inside");
});

test("insertions, deletions and brackets keep who, when and the bracket's note", () => {
  const d = doc(
    group(
      heading("resolves"),
      clause(label("1"), " to ", t("continue", ins("USA", "i1", "2026-11-28T10:15:00.000Z")), t(" study", del("RUS", "d1")), " ", t("IP", bracket("CHN", "b1", "pending decision of COM5"))),
    ),
  );
  const [i1, d1, b1] = listChanges(d);
  assert.deepEqual(
    { id: i1.id, kind: i1.kind, by: i1.by, at: i1.at, text: i1.text, note: i1.note },
    { id: "i1", kind: "insertion", by: "USA", at: "2026-11-28T10:15:00.000Z", text: "continue", note: null },
  );
  assert.equal(d1.kind, "deletion");
  assert.equal(d1.text, " study");
  assert.equal(b1.note, "pending decision of COM5");
  assert.equal(d.textBetween(i1.from, i1.to), "continue");
  assert.equal(i1.clause?.label, "1");
  assert.equal(d.nodeAt(i1.clause!.pos)?.type.name, "clause");
  assert.deepEqual(i1.group, { index: 0, heading: "resolves" });
});

test("a clause added or proposed for deletion as a whole is a block change", () => {
  const added = { id: "x1", by: "USA", at: null };
  const gone = { id: "x2", by: "RUS", at: null };
  const d = doc(symbol("Document DL/1-E"), group(heading("resolves"), clause({ inserted: added }, label("1bis"), " new"), clause({ deleted: gone }, label("2"), " old")));
  const entries = listChanges(d);
  assert.deepEqual(entries.map((e) => [e.id, e.kind, e.by, e.text]), [["x1", "block-insertion", "USA", "1bis new"], ["x2", "block-deletion", "RUS", "2 old"]]);
  const block = d.nodeAt(entries[0].from)!;
  assert.equal(block.type.name, "clause");
  assert.equal(entries[0].to, entries[0].from + block.nodeSize);
});

test("a bracket across two clauses keeps its pieces on separate lines", () => {
  const b = bracket("USA", "b1");
  const d = doc(group(heading("considering"), clause(label("e)", b), t(" one;", b)), para(t("and", b)), clause(label("f)", b), t(" two;", b))));
  const [entry] = listChanges(d);
  assert.equal(entry.text, "e) one;\nand\nf) two;");
});

test("a strike from the end of one clause group into the next is one entry, its pieces on separate lines, wherever the groups stand", () => {
  const d1 = del("CHN", "d-across", "2026-12-01T10:00:00.000Z");
  const draft = doc(
    group(heading("considering"), clause(label("a)"), t(" one; "), t("struck here", d1))),
    group(heading("resolves"), clause(label("1"), t("and here", d1), t(" two;"))),
  );
  const list = new ChangeList();
  const [entry] = list.update(draft);
  assert.equal(entry!.text, "struck here\nand here");
  assert.equal(entry!.group!.heading, "considering");
  assert.equal(draft.textBetween(entry!.from, entry!.to, "|"), "struck here|resolves|1and here");
  // Text typed above both groups moves the entry, which still covers both pieces.
  const state = EditorState.create({ doc: draft });
  const typed = state.apply(state.tr.insertText("x", 3)).doc;
  const [moved] = list.update(typed);
  assert.equal(moved!.text, "struck here\nand here");
  assert.equal(typed.textBetween(moved!.from, moved!.to, "|"), "struck here|resolves|1and here");
});

test("counts per delegation", () => {
  const d = doc(group(heading("resolves"), clause(label("1"), t("a", ins("USA", "i1")), t("b", del("USA", "d1")), t("c", ins("RUS", "i2")))));
  assert.deepEqual([...countByAuthor(listChanges(d))], [["USA", 2], ["RUS", 1]]);
});

test("the kept list follows edits: it equals a fresh reading, and entries an edit did not touch keep their object", () => {
  const list = new ChangeList();
  const before = reference();
  const first = list.update(before);
  assert.deepEqual(first, listChanges(before));
  // USA proposes a word inside clause g) of "considering further": entries before it keep their
  // object; those after it moved (new positions); one more entry; nothing else differs from a fresh read.
  const anchor = first.find((e) => e.text.startsWith("within their respective roles"))!;
  const at = anchor.from;
  const state = EditorState.create({ doc: before });
  const after = state.apply(state.tr.insert(at, before.type.schema.text("firmly ", [ins("USA", "i-new", "2026-12-01T10:00:00.000Z")]))).doc;
  const second = list.update(after);
  assert.deepEqual(second, listChanges(after));
  assert.equal(second.length, first.length + 1);
  const earlier = first.filter((e) => e.to < at);
  assert.ok(earlier.length > 10);
  for (const entry of earlier) assert.equal(list.get(entry.id), entry, `${entry.id} ("${entry.text}") was rebuilt though the edit lies after it`);
  assert.notEqual(list.get(anchor.id), anchor, "an entry after the edit moved");
  assert.equal(list.get("i-new")?.text, "firmly ");
  // Deciding a change elsewhere drops exactly that entry.
  const dropped = second[5];
  const third = list.update(after.type.schema.nodes.doc.create(null, removeMarkOf(after, dropped.id).content));
  assert.equal(third.length, second.length - 1);
  assert.equal(third.find((e) => e.id === dropped.id), undefined);
});

function removeMarkOf(d: PMNode, id: string): PMNode {
  const state = EditorState.create({ doc: d });
  const tr = state.tr;
  d.descendants((node, pos) => {
    for (const mark of node.marks) if (mark.attrs.id === id) tr.removeMark(pos, pos + node.nodeSize, mark);
  });
  return tr.doc;
}

test("the list's insertions, deletions and block changes are the ones the chair's bulk decisions take", () => {
  const d = reference();
  const decidable = listChanges(d).filter((e) => e.kind !== "bracket");
  assert.deepEqual(decidable.map((e) => e.id), changeIds(d));
  for (const by of ["import", "USA"]) assert.deepEqual(decidable.filter((e) => e.by === by).map((e) => e.id), changeIds(d, { by }));
});

test("the kept list stays equal to a fresh reading through random edits: typed proposals, strikes across clause groups, deletions, group moves", () => {
  const random = prng(11);
  const list = new ChangeList();
  let state = EditorState.create({ doc: reference() });
  list.update(state.doc);
  const textPositions = () => {
    const out: number[] = [];
    state.doc.descendants((node, pos) => {
      if (node.isText) out.push(pos + Math.floor(random() * node.nodeSize));
    });
    return out;
  };
  for (let step = 0; step < 120; step++) {
    const places = textPositions();
    const at = places[Math.floor(random() * places.length)]!;
    const tr = state.tr;
    const kind = Math.floor(random() * 4);
    if (kind === 0) tr.insert(at, state.schema.text("firmly ", [ins(random() < 0.5 ? "USA" : "RUS", `i-${step}`, "2026-12-01T10:00:00.000Z")]));
    else if (kind === 1) {
      // A strike from here to a later text position, often in another clause or clause group.
      const to = places[Math.min(places.length - 1, places.indexOf(at) + 1 + Math.floor(random() * 40))]!;
      if (to > at) tr.addMark(at, to, del("CHN", `d-${step}`, "2026-12-01T10:00:00.000Z"));
    } else if (kind === 2) {
      const $at = state.doc.resolve(at);
      tr.delete(at, Math.min($at.end(), at + 1 + Math.floor(random() * 12)));
    } else {
      // A whole top-level node taken out and put back elsewhere (its node object, kept).
      const from = Math.floor(random() * state.doc.childCount);
      const node = state.doc.child(from);
      let pos = 0;
      for (let i = 0; i < from; i++) pos += state.doc.child(i).nodeSize;
      tr.delete(pos, pos + node.nodeSize);
      const target = Math.floor(random() * tr.doc.childCount);
      let into = 0;
      for (let i = 0; i < target; i++) into += tr.doc.child(i).nodeSize;
      tr.insert(into, node);
    }
    state = state.apply(tr);
    assert.deepEqual(list.update(state.doc), listChanges(state.doc), `step ${step}: the kept list differs from a fresh reading`);
  }
});
