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
  assert.ok(clean.includes("\n- [ to further modify Resolution  adopted by the Council at its  session as appropriate; ]\n"));
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
