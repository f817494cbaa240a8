import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { EditorState } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../dl/parse.ts";
import { schema } from "../schema.ts";
import { serialize } from "../dl/serialize.ts";
import { bracket, clause, del, doc, group, heading, label, para, t } from "../../test/builders.ts";
import { addBracket, agreeBracket, alternativesOf, dropBracket, pickAlternative, siblingBrackets } from "./bracket.ts";
import type { Refusal } from "./bracket.ts";
import { ATTRIBUTED, DECISION } from "./decide.ts";
import { listChanges } from "./changes.ts";

const USA = { by: "USA", at: "2026-11-28T10:15:00.000Z" };
const state = (d: PMNode) => EditorState.create({ doc: d });
const dl = (d: PMNode) => serialize(d).trim();
/** The reference for a document built from DL text: the text of its changes. */
const fromDL = (text: string) => parse(text).doc;
const idOf = (d: PMNode, text: string) => listChanges(d).find((e) => e.kind === "bracket" && e.text === text)!.id;
const applied = (s: EditorState, tr: Transaction | Refusal | null) => {
  assert.ok(tr && !("refused" in tr), "expected a transaction");
  return s.apply(tr).doc;
};
const oneClause = (...content: Parameters<typeof clause>) => doc(group(heading("resolves"), clause(...content)));
/** Position of the first occurrence of `text` in the document. */
function posOf(d: PMNode, text: string): number {
  let found = -1;
  d.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text);
    return found < 0;
  });
  assert.ok(found >= 0, `no "${text}"`);
  return found;
}

test("a delegation brackets a selection with its note", () => {
  const d = oneClause(label("1"), " to continue to study IP networks");
  const from = posOf(d, "continue");
  const tr = addBracket(state(d), from, from + "continue to".length, USA, "pending decision of COM5");
  const after = applied(state(d), tr);
  assert.equal(dl(after), "resolves\n\n1 to [continue to] study IP networks");
  const [entry] = listChanges(after);
  assert.deepEqual([entry.kind, entry.by, entry.at, entry.note], ["bracket", "USA", USA.at, "pending decision of COM5"]);
  assert.match(entry.id, /^b[0-9a-z]{12}$/);
  assert.equal(!("refused" in tr) && tr.getMeta(ATTRIBUTED), true, "already attributed: not tracked again");
});

test("bracketing nothing is refused", () => {
  const d = oneClause(label("1"), " text");
  const at = posOf(d, "text");
  assert.deepEqual(addBracket(state(d), at, at, USA), { refused: "select the text to bracket" });
});

test("a bracket may nest inside or around another, never cross it", () => {
  const d = fromDL("resolves\n\n1 that [the rapid growth] of IP networks");
  const s = state(d);
  const the = posOf(d, "the rapid");
  const growth = posOf(d, "growth");
  assert.ok(!("refused" in addBracket(s, posOf(d, "rapid"), growth - 1, USA)), "inside");
  assert.ok(!("refused" in addBracket(s, posOf(d, "that"), posOf(d, " of IP") + 3, USA)), "around");
  const crossing = addBracket(s, growth, posOf(d, "IP"), USA);
  assert.ok("refused" in crossing && /cross/.test(crossing.refused), "crossing the end");
  assert.ok("refused" in addBracket(s, posOf(d, "that"), the + 3, USA), "crossing the start");
});

test("a bracket over two clauses carries the same id on every piece", () => {
  const d = doc(group(heading("considering"), clause(label("e)"), " one;"), clause(label("f)"), " two;")));
  const after = applied(state(d), addBracket(state(d), posOf(d, "e)"), posOf(d, "two;") + 4, USA));
  assert.equal(dl(after), "considering\n\n[e) one;\n\nf) two;]");
  assert.equal(listChanges(after).length, 1);
});

test("a range outside the document is a misuse", () => {
  const d = oneClause(label("1"), " text");
  assert.throws(() => addBracket(state(d), 0, d.content.size + 1, USA), RangeError);
});

test("agreeing a bracket leaves its text and removes the brackets", () => {
  const d = fromDL("considering\n\na) that ITU has a role; [not decided]");
  const tr = agreeBracket(state(d), idOf(d, "not decided"))!;
  assert.equal(tr.getMeta(DECISION), true);
  assert.equal(dl(state(d).apply(tr).doc), "considering\n\na) that ITU has a role; not decided");
});

test("agreeing the outer bracket keeps the inner one", () => {
  const d = fromDL("considering\n\na) that [the [rapid] growth of IP networks] is a reality;");
  const after = applied(state(d), agreeBracket(state(d), idOf(d, "the rapid growth of IP networks")));
  assert.equal(dl(after), "considering\n\na) that the [rapid] growth of IP networks is a reality;");
});

test("dropping the inner bracket keeps the outer one around the rest", () => {
  const d = fromDL("considering\n\na) that [the [rapid] growth] is a reality;");
  const after = applied(state(d), dropBracket(state(d), idOf(d, "rapid")));
  assert.equal(dl(after), "considering\n\na) that [the growth] is a reality;");
});

test("dropping a bracket removes its text, nested brackets and strikes with it", () => {
  const d = fromDL("resolves\n\n1 that ITU shall [continue to ~~actively~~ [further]] study IP-based networks");
  const after = applied(state(d), dropBracket(state(d), idOf(d, "continue to actively further")));
  assert.equal(dl(after), "resolves\n\n1 that ITU shall study IP-based networks");
  assert.deepEqual(listChanges(after), []);
});

test("dropping a bracket that spans two clauses removes its text from both", () => {
  const d = fromDL("resolves\n\n1 to keep [this part;\n\n2 and this] but not this;");
  const after = applied(state(d), dropBracket(state(d), idOf(d, "this part;\n2 and this")));
  assert.equal(dl(after), "resolves\n\n1 to keep\n\n but not this;", "the label 2 was inside the bracket");
});

test("dropping a bracket around whole clauses removes the clauses", () => {
  const d = fromDL("considering\n\nd) stays;\n\n[e) that the text of this paragraph is not agreed;\n\nf) nor is this one;]\n\ng) stays too;");
  const after = applied(state(d), dropBracket(state(d), listChanges(d)[0].id));
  assert.equal(dl(after), "considering\n\nd) stays;\n\ng) stays too;");
});

test("dropping a bracket around a whole clause group removes the group", () => {
  const d = fromDL("considering\n\na) stays;\n\n[instructs the Director\n\n1 to support;\n\n2 to report;]\n\nresolves\n\n1 to act;");
  const after = applied(state(d), dropBracket(state(d), listChanges(d)[0].id));
  assert.equal(dl(after), "considering\n\na) stays;\n\nresolves\n\n1 to act;");
});

test("dropping a bracket from a heading into its first clauses keeps an empty heading for the clauses left", () => {
  const d = doc(group(heading(t("Encourage/ Instructs the Secretary-General", bracket("RUS", "b1"))), clause(label("1", bracket("RUS", "b1")), t(" to present;", bracket("RUS", "b1"))), clause(label("2"), " to set out;")));
  const after = applied(state(d), dropBracket(state(d), "b1"));
  assert.equal(after.firstChild!.childCount, 2);
  assert.equal(after.firstChild!.firstChild!.textContent, "");
  assert.equal(after.firstChild!.lastChild!.textContent, "2 to set out;");
});

test("a bracket inside a deletion: agreeing keeps the strike, dropping removes the text", () => {
  const d = fromDL("considering\n\nd) stakeholders cooperate, ~~[as appropriate]~~ and act;");
  const id = idOf(d, "as appropriate");
  assert.equal(dl(applied(state(d), agreeBracket(state(d), id))), "considering\n\nd) stakeholders cooperate, ~~as appropriate~~ and act;");
  assert.equal(dl(applied(state(d), dropBracket(state(d), id))), "considering\n\nd) stakeholders cooperate, and act;");
});

test("an unknown bracket gives null", () => {
  const s = state(oneClause(label("1"), " text"));
  assert.equal(agreeBracket(s, "b404"), null);
  assert.equal(dropBracket(s, "b404"), null);
  assert.equal(pickAlternative(s, "b404", 0), null);
});

test("slash alternatives: “Encourage/ Instructs” offers both words, picking one leaves it unbracketed", () => {
  const d = fromDL("considering\n\nb) [Encourage/ Instructs] the Secretary-General to act;");
  const id = idOf(d, "Encourage/ Instructs");
  assert.deepEqual(alternativesOf(d, id), ["Encourage", "Instructs"]);
  const tr = pickAlternative(state(d), id, 1)!;
  assert.equal(tr.getMeta(DECISION), true);
  assert.equal(dl(state(d).apply(tr).doc), "considering\n\nb) Instructs the Secretary-General to act;");
  assert.equal(dl(applied(state(d), pickAlternative(state(d), id, 0))), "considering\n\nb) Encourage the Secretary-General to act;");
});

test("a slash without spaces is a word, not alternatives", () => {
  const d = fromDL("considering\n\nh) that ITU is the [moderator/facilitator] for C2;");
  assert.deepEqual(alternativesOf(d, idOf(d, "moderator/facilitator")), []);
  assert.throws(() => pickAlternative(state(d), idOf(d, "moderator/facilitator"), 0), /has no alternative 0 \(it has 0\)/);
});

test("labelled options inside one bracket, without their labels", () => {
  const d = fromDL("considering\n\nc) [Option 1: that ITU should lead; Option 2: that ITU should cooperate with others];");
  const id = listChanges(d)[0].id;
  assert.deepEqual(alternativesOf(d, id), ["that ITU should lead;", "that ITU should cooperate with others"]);
  assert.equal(dl(applied(state(d), pickAlternative(state(d), id, 1))), "considering\n\nc) that ITU should cooperate with others;");
});

test("[Option 1: ...] [Option 2: ...] side by side: picking one keeps its text and drops the other", () => {
  const d = fromDL("considering\n\nc) [Option 1: that ITU should lead] [Option 2: that ITU should cooperate with others];");
  const [one, two] = listChanges(d).map((e) => e.id);
  assert.deepEqual(siblingBrackets(d, two), [one, two]);
  assert.deepEqual(alternativesOf(d, one), ["that ITU should lead", "that ITU should cooperate with others"]);
  assert.deepEqual(alternativesOf(d, two), alternativesOf(d, one));
  assert.equal(dl(applied(state(d), pickAlternative(state(d), two, 0))), "considering\n\nc) that ITU should lead;");
  assert.equal(dl(applied(state(d), pickAlternative(state(d), one, 1))), "considering\n\nc) that ITU should cooperate with others;");
});

test("side-by-side “[furtherance][pursuit]”: picking one keeps it and drops its sibling", () => {
  const d = fromDL("considering\n\nb) the Secretary-General to act in [furtherance][pursuit] of this resolution;");
  const pursuit = idOf(d, "pursuit");
  assert.deepEqual(alternativesOf(d, pursuit), ["furtherance", "pursuit"]);
  assert.equal(dl(applied(state(d), pickAlternative(state(d), pursuit, 1))), "considering\n\nb) the Secretary-General to act in pursuit of this resolution;");
  assert.equal(dl(applied(state(d), pickAlternative(state(d), pursuit, 0))), "considering\n\nb) the Secretary-General to act in furtherance of this resolution;");
});

test("brackets with words between them, or one inside the other, are not side by side", () => {
  const d = fromDL("considering\n\na) [one] and [two] [[three] four]");
  assert.deepEqual(siblingBrackets(d, idOf(d, "one")), []);
  assert.deepEqual(siblingBrackets(d, idOf(d, "two")), [idOf(d, "two"), idOf(d, "three four")]);
  assert.deepEqual(siblingBrackets(d, idOf(d, "three")), []);
});

test("a bracket spanning blocks holds no alternatives (the reference's “[Encourage/ Instructs the Secretary-General ...”)", () => {
  const d = fromDL(readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8"));
  const encourage = listChanges(d).find((e) => e.text.startsWith("Encourage/"))!;
  assert.deepEqual(alternativesOf(d, encourage.id), []);
  const before = listChanges(d).length;
  const after = applied(state(d), agreeBracket(state(d), encourage.id));
  assert.equal(listChanges(after).length, before - 1);
});

test("picking an alternative keeps the strikes inside it", () => {
  const d = oneClause(label("1"), " ", t("keep ", bracket("USA", "b1")), t("old", bracket("USA", "b1"), del("RUS", "d1")), t(" / other", bracket("USA", "b1")));
  assert.deepEqual(alternativesOf(d, "b1"), ["keep old", "other"]);
  const after = applied(state(d), pickAlternative(state(d), "b1", 0));
  assert.equal(dl(after), "resolves\n\n1 keep ~~old~~");
  void para;
});

test("every bracket of the reference document can be agreed or dropped, leaving a valid document", () => {
  const d = fromDL(readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8"));
  const brackets = listChanges(d).filter((e) => e.kind === "bracket");
  assert.equal(brackets.length, 17);
  for (const entry of brackets) {
    for (const decide of [agreeBracket, dropBracket]) {
      const after = applied(state(d), decide(state(d), entry.id));
      after.check();
      const left = listChanges(after).filter((e) => e.kind === "bracket").map((e) => e.id);
      assert.ok(!left.includes(entry.id), `${decide.name} ${entry.id}`);
      const nested = brackets.filter((b) => b.from >= entry.from && b.to <= entry.to).length;
      assert.equal(left.length, decide === agreeBracket ? 16 : 17 - nested, `${decide.name} ${entry.id}`);
    }
  }
});

test("dropping a bracket takes the space before it rather than leave a space before punctuation", () => {
  const d = fromDL("resolves\n\n19 to endorse the Report and Follow-up [(2005-2014)]; and [its] annex;");
  const dropped = (text: string, doc: PMNode) => dl(state(doc).apply(dropBracket(state(doc), idOf(doc, text))!).doc);
  assert.equal(dropped("(2005-2014)", d), "resolves\n\n19 to endorse the Report and Follow-up; and [its] annex;");
  assert.equal(dropped("its", d), "resolves\n\n19 to endorse the Report and Follow-up [(2005-2014)]; and annex;");
});

test("a bracket over a line break leaves the break bare (y-prosemirror stores marks only on text)", () => {
  const doc = schema.node("doc", null, [
    schema.node("subject", null, [schema.text("ITU's role in implementing the outcomes of the"), schema.nodes.line_break!.create(), schema.text("World Summit on the Information Society")]),
  ]);
  const state = EditorState.create({ doc });
  const tr = addBracket(state, 1, doc.content.size - 1, { by: "USA", at: "2026-11-30T10:00:00.000Z" });
  assert.ok(!("refused" in tr));
  let breaks = 0;
  tr.doc.descendants((node) => {
    if (node.type === schema.nodes.line_break) {
      breaks++;
      assert.deepEqual(node.marks, []);
    }
    if (node.isText) assert.equal(node.marks.filter((m) => m.type.name === "bracket").length, 1);
  });
  assert.equal(breaks, 1);
});
