import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { EditorState } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../dl/parse.ts";
import { serialize } from "../dl/serialize.ts";
import { bracket, clause, doc, group, heading, ins, label, t } from "../../test/builders.ts";
import { labelsToRenumber, renumberGroup } from "./renumber.ts";
import { ATTRIBUTED } from "./decide.ts";
import { listChanges } from "./changes.ts";

const CHAIR = { by: "chair", at: "2026-11-28T10:15:00.000Z" };
const dl = (d: PMNode) => serialize(d).trim();
const renumbered = (d: PMNode, groupIndex = 0) => {
  const s = EditorState.create({ doc: d });
  const tr = renumberGroup(s, groupPos(d, groupIndex), CHAIR);
  assert.ok(tr, "expected a renumbering");
  assert.equal(tr.getMeta(ATTRIBUTED), true);
  return s.apply(tr).doc;
};
function groupPos(d: PMNode, index: number): number {
  const positions: number[] = [];
  d.forEach((node, pos) => {
    if (node.type.name === "clause_group") positions.push(pos);
  });
  return positions[index];
}

test("renumbering 'resolves' after a clause was deleted shows ~~3~~2", () => {
  const d = parse("resolves\n\n1 to continue;\n\n~~2 to study;~~\n\n3 to report;").doc;
  const after = renumbered(d);
  assert.equal(dl(after), "resolves\n\n1 to continue;\n\n~~2 to study;~~\n\n~~3~~<ins>2</ins> to report;");
  const changes = listChanges(after).filter((e) => e.by === "chair");
  assert.deepEqual(changes.map((e) => [e.kind, e.text]), [["deletion", "3"], ["insertion", "2"]]);
  assert.equal(changes[0].clause?.label, "2", "the new label is the clause's label now");
});

test("a clause whose block is proposed for deletion is not counted", () => {
  const d = doc(group(heading({ part: "operative" }, "resolves"), clause(label("1"), " a;"), clause({ deleted: { id: "x1", by: "USA", at: null } }, label("2"), " b;"), clause(label("3"), " c;")));
  assert.deepEqual(labelsToRenumber(d, groupPos(d, 0)).map((r) => [r.from, r.to]), [["3", "2"]]);
});

test("a preamble group is lettered a), b), c) ...", () => {
  const d = parse("considering\n\na) one;\n\nc) two;\n\na)bis) three;").doc;
  const after = renumbered(d);
  assert.equal(dl(after), "considering\n\na) one;\n\n~~c)~~<ins>b)</ins> two;\n\n~~a)bis)~~<ins>c)</ins> three;");
});

test("the UN style (a), (b) is kept", () => {
  const d = parse("recalling\n\n(a) one;\n\n(c) two;").doc;
  assert.deepEqual(labelsToRenumber(d, groupPos(d, 0)).map((r) => r.to), ["(b)"]);
});

test("an operative group is numbered 1, 2, 3 ..., 1bis included; sub-paragraphs i) stay", () => {
  const d = parse("resolves\n\n1 to continue;\n\n1bis to cooperate;\n\ni) with others;\n\n2 to report;").doc;
  assert.deepEqual(labelsToRenumber(d, groupPos(d, 0)).map((r) => [r.from, r.to]), [["1bis", "2"], ["2", "3"]]);
});

test("the reference's renumbered fixture: old labels struck, new ones inserted after them", () => {
  const d = parse(readFileSync(new URL("../../test/fixtures/renumbered.txt", import.meta.url), "utf8")).doc;
  const resolves = 2;
  assert.deepEqual(labelsToRenumber(d, groupPos(d, resolves)).map((r) => [r.from, r.to]), [["1bis", "2"], ["2", "3"], ["3.", "4"]]);
  const after = renumbered(d, resolves);
  assert.match(dl(after), /\n~~1bis~~<ins>2<\/ins> to cooperate/);
  assert.match(dl(after), /\n~~3~~~~2~~<ins>3<\/ins> to encourage/);
  assert.match(dl(after), /\n~~4~~ ~~to report to the Council;~~\n/, "a clause struck whole is not counted");
  assert.match(dl(after), /\n~~3\.~~<ins>4<\/ins> to assist developing countries, in line with \*resolves\* 1 and ~~3~~2 above;/, "cross-references are left");
});

test("a clause with its label struck gets a new one after the struck one", () => {
  const d = parse("considering further\n\na) one;\n\n~~c)~~ the need for ITU;").doc;
  assert.equal(dl(renumbered(d)), "considering further\n\na) one;\n\n~~c)~~<ins>b)</ins> the need for ITU;");
});

test("a struck label that already reads the new one is restored, not struck and written again (~~8~~8)", () => {
  const d = parse("resolves\n\n1 one;\n\n~~2~~ two;\n\n3 three;").doc;
  assert.equal(dl(renumbered(d)), "resolves\n\n1 one;\n\n2 two;\n\n3 three;");
  assert.deepEqual(listChanges(renumbered(d)).filter((e) => e.by === "chair"), [], "no change of the chair's left: the label simply stands again");
});

test("a clause without a label gets one, with a space", () => {
  const d = doc(group(heading({ part: "operative" }, "resolves"), clause(label("1"), " a;"), clause(t("to cooperate", ins("USA", "i1")))));
  const after = renumbered(d);
  assert.equal(after.firstChild!.lastChild!.textContent, "2 to cooperate");
});

test("the chair's own inserted label is replaced, not struck, when renumbering again", () => {
  const d = parse("resolves\n\n1 a;\n\n3 b;\n\n4 c;").doc;
  const once = renumbered(d);
  assert.equal(dl(once), "resolves\n\n1 a;\n\n~~3~~<ins>2</ins> b;\n\n~~4~~<ins>3</ins> c;");
  const s = EditorState.create({ doc: once });
  assert.equal(renumberGroup(s, groupPos(once, 0), CHAIR), null, "already in order");
  const first = once.firstChild!.child(1);
  const withoutFirst = s.apply(s.tr.delete(groupPos(once, 0) + 1 + once.firstChild!.firstChild!.nodeSize, groupPos(once, 0) + 1 + once.firstChild!.firstChild!.nodeSize + first.nodeSize)).doc;
  assert.equal(dl(renumbered(withoutFirst)), "resolves\n\n~~3~~<ins>1</ins> b;\n\n~~4~~<ins>2</ins> c;");
});

test("a new label inside a bracket stays inside it", () => {
  const b = bracket("RUS", "b1");
  const d = doc(group(heading({ part: "operative" }, "resolves"), clause(label("1"), " a;"), clause(label("3", b), t(" b;", b))));
  const after = renumbered(d);
  const brackets = listChanges(after).filter((e) => e.kind === "bracket");
  assert.deepEqual(brackets.map((e) => e.text), ["32 b;"]);
  assert.equal(dl(after), "resolves\n\n1 a;\n\n~~[3~~<ins>2</ins> b;]");
});

test("no group at the position is a misuse", () => {
  const d = parse("DRAFT RESOLUTION 1\n\nresolves\n\n1 a;").doc;
  assert.throws(() => renumberGroup(EditorState.create({ doc: d }), 1, CHAIR), /no clause group at position 1/);
});

test("every group of the reference document renumbers to a valid document that is then in order", () => {
  const d = parse(readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8")).doc;
  let groups = 0;
  d.forEach((node) => void (node.type.name === "clause_group" && groups++));
  for (let i = 0; i < groups; i++) {
    const s = EditorState.create({ doc: d });
    const tr = renumberGroup(s, groupPos(d, i), CHAIR);
    if (!tr) continue;
    const after = s.apply(tr).doc;
    after.check();
    assert.deepEqual(labelsToRenumber(after, groupPos(after, i)), [], `group ${i}`);
  }
  const resolves = labelsToRenumber(d, groupPos(d, 11)).map((r) => `${r.from}>${r.to}`);
  assert.equal(d.child(d.childCount - groups + 11).firstChild!.textContent, "resolves");
  // "~~2~~ to continue", "~~32~~ to ...": the labels are all struck, so each gets a new one after the struck one
  assert.deepEqual(resolves.slice(0, 3), [">2", ">3", ">4"]);
});

test("a reference to a relabelled clause follows it, as the chair's tracked change; other numbers and struck text stay", () => {
  const d = parse("resolves\n\n1 to continue;\n\n~~2 to study;~~\n\n3 to report, in line with resolves 1 above;\n\ninstructs the Secretary-General\n\n1 to act under resolves 3 above, and resolves 1, 3 and 4, not resolves 31, nor ~~resolves 3~~ struck;").doc;
  const after = renumbered(d);
  assert.equal(
    dl(after),
    "resolves\n\n1 to continue;\n\n~~2 to study;~~\n\n~~3~~<ins>2</ins> to report, in line with resolves 1 above;\n\ninstructs the Secretary-General\n\n1 to act under resolves ~~3~~<ins>2</ins> above, and resolves 1, ~~3~~<ins>2</ins> and 4, not resolves 31, nor ~~resolves 3~~ struck;",
  );
});
