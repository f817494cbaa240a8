import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Mark } from "prosemirror-model";
import { schema } from "./schema.ts";
import { parse } from "./dl/parse.ts";
import * as b from "../test/builders.ts";

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

test("every node type of a DL document builds into a valid document", () => {
  const doc = b.doc(
    b.bodyName("WORKING GROUP OF THE PLENARY"),
    b.symbol("Document DL/23-E (Rev.2)"),
    b.date({ gap: 0 }, "31 October 2014"),
    b.language({ gap: 0 }, "Original: English"),
    b.title("DRAFT RESOLUTION 140"),
    b.status("WORK IN PROGRESS"),
    b.proposal("MOD WGPL/23/1"),
    b.subject(b.t("ITU's role in implementing", b.strong()), b.br(b.strong()), b.t("the outcomes of WSIS", b.strong())),
    b.formula("The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),"),
    b.para("a free paragraph in the header area"),
    b.group(
      b.heading({ part: "preamble" }, "recalling"),
      b.clause({ list: true }, b.label("a)"), " Resolution 73 ", b.t("(Minneapolis, 1998)", b.em())),
      b.para("and other international organizations,"),
    ),
    b.group(b.heading({ part: "operative" }, "resolves"), b.clause({ status: "agreed" }, b.label("1"), " that ITU should lead;", b.t("1", b.noteRef()))),
    b.group(b.heading({ part: "operative" }, "instructs"), b.footnote({ label: "1" }, "Including the regional offices."), b.tableRow("| Goal | Target |")),
  );
  doc.check();
  const names = new Set<string>();
  doc.descendants((n) => {
    names.add(n.type.name);
    return true;
  });
  names.add("doc");
  assert.deepEqual([...names].sort(), Object.keys(schema.nodes).sort());
});

test("every mark type carries its attributes", () => {
  const marks = [b.ins("USA", "i1", "2026-11-28T10:00:00.000Z"), b.del("RUS", "d1"), b.bracket("CHN", "b1", "pending decision of COM5"), b.strong(), b.em(), b.labelMark(), b.noteRef()];
  assert.deepEqual(marks.map((m) => m.type.name).sort(), Object.keys(schema.marks).sort());
  assert.equal(marks[0].attrs.by, "USA");
  assert.equal(marks[0].attrs.at, "2026-11-28T10:00:00.000Z");
  assert.equal(marks[2].attrs.note, "pending decision of COM5");
});

test("nested brackets sit on one text as two bracket marks", () => {
  const text = b.t("looks forward", b.bracket("USA", "b1"), b.bracket("RUS", "b2"));
  assert.equal(text.marks.filter((m) => m.type === schema.marks.bracket).length, 2);
});

test("a bracket spanning clauses carries the same id on each piece", () => {
  const { doc } = parse(seed);
  const blocksWith = new Map<string, number>();
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const ids = new Set<string>();
    node.forEach((c) => c.marks.forEach((m) => m.type === schema.marks.bracket && ids.add(m.attrs.id)));
    ids.forEach((id) => blocksWith.set(id, (blocksWith.get(id) ?? 0) + 1));
    return false;
  });
  // "[Encourage/ Instructs the Secretary-General" ... "agenda].]": a heading and two clauses.
  assert.ok([...blocksWith.values()].some((n) => n === 3));
});

test("bad attributes are refused with a message naming them", () => {
  assert.throws(() => schema.marks.insertion.create({ id: "i1", by: "not a code!" }), /by must be a delegation code/);
  assert.throws(() => schema.marks.deletion.create({ id: "d1", by: "USA", at: "yesterday" }), /at must be an ISO time/);
  assert.throws(() => schema.nodes.clause.create({ status: "maybe" }), /status must be one of pending, adref, agreed/);
  assert.throws(() => schema.nodes.group_heading.create({ part: "middle" }), /part must be one of preamble, operative/);
});

test("documents parsed from every fixture pass the schema's check", () => {
  for (const name of ["dl-23-rev2.txt", "brackets.txt", "irregular.txt", "insertions.txt", "renumbered.txt", "attributed.txt"]) {
    const { doc } = parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8"));
    assert.doesNotThrow(() => doc.check(), name);
  }
});

test("a clause outside a clause group is not a valid document", () => {
  const bad = schema.nodes.doc.create(null, [schema.nodes.paragraph.create(null, schema.text("x"))]);
  bad.check();
  assert.throws(() => schema.nodes.doc.createChecked(null, [schema.nodes.clause.create(null, schema.text("1 x"))]), /Invalid content/);
});

test("several brackets or strikes on one text stand in one order however they were added", async () => {
  const { EditorState } = await import("prosemirror-state");
  const older = b.bracket("USA", "b1");
  const newer = schema.marks.bracket.create({ id: "b2", by: "RUS", at: "2026-12-01T09:00:00.000Z", note: null });
  const strikeA = schema.marks.deletion.create({ id: "d1", by: "CHN", at: "2026-12-01T10:00:00.000Z" });
  const strikeB = schema.marks.deletion.create({ id: "d2", by: "USA", at: "2026-12-01T09:30:00.000Z" });
  const docWith = (...marks: Mark[]) => b.doc(b.group(b.heading({ part: "operative" }, "resolves"), b.clause(b.t("looks forward", ...marks))));
  // Built from a mark list in either order (y-prosemirror, the parser, JSON) ...
  const built = [docWith(older, newer, strikeA, strikeB), docWith(strikeB, newer, strikeA, older)].map((d) => JSON.stringify(d.toJSON()));
  assert.equal(built[0], built[1]);
  // ... or added in either order in an editor, through ProseMirror's own transforms.
  const added = [[newer, older, strikeA, strikeB], [strikeA, older, strikeB, newer]].map((order) => {
    let state = EditorState.create({ doc: docWith() });
    let from = 0;
    state.doc.descendants((node, pos) => {
      if (node.text === "looks forward") from = pos;
    });
    for (const mark of order) state = state.apply(state.tr.addMark(from, from + "looks forward".length, mark));
    return JSON.stringify(state.doc.toJSON());
  });
  assert.equal(added[0], built[0]);
  assert.equal(added[1], built[0]);
  // The older bracket (an import has no time) stands outside: first in the set.
  const marks = docWith(newer, older).firstChild!.child(1).firstChild!.marks;
  assert.deepEqual(marks.map((m) => m.attrs.id), ["b1", "b2"]);
});
