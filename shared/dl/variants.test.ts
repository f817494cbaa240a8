import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "./parse.ts";
import { serialize } from "./serialize.ts";
import * as b from "../../test/builders.ts";

const seed = readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

const proposal = () =>
  b.doc(
    b.symbol({ gap: 0 }, "Document DL/23-E (Rev.3)"),
    b.group(
      b.heading({ part: "operative" }, "resolves"),
      b.clause(
        b.label("1"),
        " that ITU should ",
        b.t("continue to ", b.ins("USA", "i1", "2026-11-28T10:15:00.000Z")),
        "play a ",
        b.t("facilitating", b.del("RUS", "d1")),
        b.t("leading", b.ins("RUS", "i2")),
        " role ",
        b.t("in WSIS", b.bracket("CHN", "b1", "pending decision of COM5")),
        ";",
      ),
    ),
  );

test("marked: insertions in <ins>, deletions struck, brackets square", () => {
  assert.equal(
    serialize(proposal()),
    "Document DL/23-E (Rev.3)\n\nresolves\n\n1 that ITU should <ins>continue to </ins>play a ~~facilitating~~<ins>leading</ins> role [in WSIS];",
  );
});

test("clean: deletions gone, insertions plain, brackets kept", () => {
  assert.equal(serialize(proposal(), { variant: "clean" }), "Document DL/23-E (Rev.3)\n\nresolves\n\n1 that ITU should continue to play a leading role [in WSIS];");
});

test("clean of the reference document has no strike left and keeps every bracket", () => {
  const clean = serialize(parse(seed).doc, { variant: "clean" });
  assert.ok(!clean.includes("~~"));
  assert.ok(clean.includes("RESOLUTION 140 (REV. BUSAN, 2014)"));
  assert.equal(parse(clean).report.counts.brackets, 17, "a bracket whose opening was struck still holds text, so it stays");
  assert.ok(clean.includes("\n- [6 to further modify Resolution adopted by the Council at its session as appropriate;]\n"));
});

test("attributed: each change and bracket says who, when and which", () => {
  const text = serialize(proposal(), { variant: "attributed" });
  assert.ok(text.includes("<ins>continue to </ins>{USA 2026-11-28T10:15:00.000Z #i1}"));
  assert.ok(text.includes("~~facilitating~~{RUS - #d1}"));
  assert.ok(text.includes('[in WSIS]{CHN - #b1 "pending decision of COM5"}'));
  assert.ok(parse(text).doc.eq(proposal()));
});

test("an unknown variant is refused by name", () => {
  assert.throws(() => serialize(proposal(), { variant: "pretty" as never }), /unknown variant "pretty"/);
});

test("a bracket written before a strike that opens with it keeps its place", () => {
  for (const text of ["resolves\n\n1 that [~~within~~ existing resources];", "resolves\n\n1 that ~~[66~~ existing resources];", "resolves\n\n1 that [existing ~~resources~~];", "resolves\n\n1 that [existing ~~resources];~~"]) {
    assert.equal(serialize(parse(text).doc), text);
  }
});

test("clean drops whole clauses proposed for deletion, and a group with its deleted heading", () => {
  const doc = b.doc(
    b.group(
      b.heading({ part: "operative", gap: 0 }, "resolves"),
      b.clause(b.label("1"), " stays;"),
      b.clause({ deleted: { id: "x1", by: "RUS", at: null } }, b.label("2"), b.t(" goes;", b.del("RUS", "x1"))),
      b.clause({ inserted: { id: "i9", by: "USA", at: null } }, b.t("3 new;", b.ins("USA", "i9"))),
    ),
    b.group(b.heading({ part: "operative", deleted: { id: "x2", by: "RUS", at: null } }, "invites"), b.clause(b.label("1"), " all;")),
  );
  assert.equal(serialize(doc, { variant: "clean" }), "resolves\n\n1 stays;\n\n3 new;");
});

test("clean keeps the new label where old and new are struck together, and the struck label where it stands alone", () => {
  const text = [
    "considering",
    "a) first;",
    "~~c)h)~~ that the core competences of ITU;",
    "~~e)~~ the needs of developing countries;",
    "resolves",
    "1 stays;",
    "~~2 that this goes;~~",
    "~~32~~ that ITU should continue;",
    "~~43~~ that ITU should adapt;",
    "~~3~~4 renumbered by the room;",
    "~~2110~~ that ITU should report;",
  ].join("\n\n");
  assert.equal(
    serialize(parse(text).doc, { variant: "clean" }),
    ["considering", "a) first;", "h) that the core competences of ITU;", "e) the needs of developing countries;", "resolves", "1 stays;", "2 that ITU should continue;", "3 that ITU should adapt;", "4 renumbered by the room;", "10 that ITU should report;"].join("\n\n"),
  );
});

test("clean reads as typed where struck words went: no space at a line's start, no two spaces, none before punctuation, one comma in a list", () => {
  const text = [
    "resolves",
    "1 ~~that~~ ITU ~~should~~ will act ~~at once~~;",
    "2 as outlined in *resolves* 1, ~~2~~, and 3 above, with the ~~Task Force~~, the Council ~~and others~~",
    "- ~~[43~~ to further modify Resolution ~~1282-1332~~ adopted by the Council;]",
  ].join("\n\n");
  assert.equal(
    serialize(parse(text).doc, { variant: "clean" }),
    ["resolves", "1 ITU will act;", "2 as outlined in *resolves* 1, and 3 above, with the, the Council", "- [3 to further modify Resolution adopted by the Council;]"].join("\n\n"),
  );
});

test("the clean reference document reads as a draft: every clause that stays has its label, no line starts with a space, no two spaces", () => {
  const counts = (text: string) => parse(text).report.counts;
  const clean = serialize(parse(seed).doc, { variant: "clean" });
  // 109 clauses, four of them with every word struck (considering i), resolves 2, requests the Council 6 and 9).
  assert.equal(counts(seed).clauses, 109);
  assert.equal(counts(clean).clauses, 105);
  assert.deepEqual(clean.split("\n").filter((line) => line.startsWith(" ")), []);
  assert.deepEqual(clean.split("\n").filter((line) => /\S {2,}\S/.test(line)), []);
  for (const line of ["h) that the core competences of ITU", "and its coordinated WSIS+10 High-Level Event;", "i) that the Council Working Group on WSIS (WG-WSIS) constitutes an effective mechanism", "2 that ITU should continue to play a lead facilitation role", "as outlined in *resolves* 1, and above,"]) {
    assert.ok(clean.includes(line), line);
  }
});

test("marked shows whole-block proposals: a new clause reads inserted and a clause proposed for deletion struck, even where their text carries no mark", () => {
  const doc = b.doc(
    b.group(
      b.heading({ part: "operative", gap: 0 }, "resolves"),
      b.clause(b.label("1"), " that ITU should act"),
      // The second half of RUS's split: original words in a block RUS proposed.
      b.clause({ inserted: { id: "i9", by: "RUS", at: null } }, "entrusted to ITU;"),
      b.clause({ deleted: { id: "x1", by: "USA", at: null } }, b.label("2"), " goes;"),
      b.clause({ deleted: { id: "x2", by: "USA", at: null } }, b.label("3"), b.t(" already struck;", b.del("USA", "x2"))),
    ),
  );
  assert.equal(serialize(doc), "resolves\n\n1 that ITU should act\n\n<ins>entrusted to ITU;</ins>\n\n~~2 goes;~~\n\n~~3 already struck;~~");
  assert.equal(serialize(doc, { variant: "clean" }), "resolves\n\n1 that ITU should act\n\nentrusted to ITU;");
  assert.match(serialize(doc, { variant: "attributed" }), /\n\{\+RUS - #i9\}entrusted to ITU;\n\n\{-USA - #x1\}2 goes;/, "attributed keeps saying it with block annotations");
});
