import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "../dl/parse.ts";
import { exportAkn } from "./akn.ts";
import { aknProblems } from "../../test/akn.ts";
import * as b from "../../test/builders.ts";

const fixtures = new URL("../../test/fixtures/", import.meta.url);
const seed = readFileSync(new URL("dl-23-rev2.txt", fixtures), "utf8");
const count = (xml: string, pattern: RegExp) => xml.match(pattern)?.length ?? 0;

for (const name of readdirSync(fixtures).filter((f) => f.endsWith(".txt"))) {
  test(`the Akoma Ntoso of ${name} validates against the AKN 3.0 schema, marked and clean`, () => {
    const { doc } = parse(readFileSync(new URL(name, fixtures), "utf8"));
    for (const variant of ["marked", "clean"] as const) assert.equal(aknProblems(exportAkn(doc, { variant, authors: {} })), "", `${name} ${variant}`);
  });
}

test("the reference resolution as AKN4UN lays it out: preface, recitals, operative paragraphs, proposals and brackets", () => {
  const { doc, report } = parse(seed);
  const xml = exportAkn(doc, { variant: "marked", authors: {}, generated: "2026-12-02" });
  assert.match(xml, /<statement name="resolution">/);
  assert.match(xml, /<FRBRExpression><FRBRthis value="\/akn\/un\/statement\/resolution\/itu\/2014-10-31\/dl-23-e\/eng@rev2\/!main"\/>/);
  assert.match(xml, /<p class="symbol-line"><docNumber>Document DL\/23-E \(Rev\.2\)<\/docNumber><\/p>/);
  assert.match(xml, /<docDate date="2014-10-31">31 October 2014<\/docDate>/);
  assert.match(xml, /<formula name="enactingFormula"><p>The Plenipotentiary Conference/);
  // 11 preambular calls and 8 operative ones; every clause a recital or a paragraph with its label as num.
  assert.equal(count(xml, /<recitals /g), 11);
  assert.equal(count(xml, /<hcontainer [^>]*name="operativeGroup"/g), 8);
  let items = 0;
  doc.forEach((node) => {
    if (node.type.name === "clause_group") items += node.childCount - 1;
  });
  assert.equal(items, report.counts.clauses + 8, "the 109 clauses and 8 unlabelled paragraphs of the groups");
  assert.equal(count(xml, /<recital /g) + count(xml, /<paragraph /g), items);
  assert.match(xml, /<recital eId="rec_1"><num>a\)<\/num><p>Resolution 73 \(Minneapolis, 1998\)/);
  assert.equal(count(xml, /<del refersTo="#import">/g) >= 81, true, "the imported strikes");
  assert.equal(count(xml, /<span class="bracket" refersTo="#import">\[<\/span>/g), 17, "every bracket opens");
  assert.match(xml, /<TLCOrganization eId="import" [^>]*showAs="Imported \(in the uploaded draft\)"\/>/);
});

test("a delegation's proposals name it, a code starting with a digit included, and the clean variant has none", () => {
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/23-E (Rev.3)"),
    b.group(
      b.heading({ part: "operative" }, "resolves"),
      b.clause(b.label("1"), " that ITU should ", b.t("continue to ", b.ins("USA", "i1")), "play a ", b.t("facilitating", b.del("3GPP", "d1")), " role ", b.t("in WSIS", b.bracket("CHN", "b1")), ";"),
    ),
  );
  const authors = { USA: "United States", "3GPP": "3rd Generation Partnership Project" };
  const marked = exportAkn(doc, { variant: "marked", authors });
  assert.equal(aknProblems(marked), "");
  assert.match(marked, /<paragraph eId="para_1"><num>1<\/num><content><p>that ITU should <ins refersTo="#usa">continue to <\/ins>play a <del refersTo="#org-3gpp">facilitating<\/del> role <span class="bracket" refersTo="#chn">\[<\/span>in WSIS<span class="bracket" refersTo="#chn">\]<\/span>;<\/p><\/content><\/paragraph>/);
  assert.match(marked, /<TLCOrganization eId="usa" [^>]*showAs="United States"\/>/);
  assert.match(marked, /<TLCOrganization eId="org-3gpp" [^>]*showAs="3rd Generation Partnership Project"\/>/);
  const clean = exportAkn(doc, { variant: "clean", authors });
  assert.equal(aknProblems(clean), "");
  assert.match(clean, /<p>that ITU should continue to play a role <span class="bracket" refersTo="#chn">\[<\/span>in WSIS<span class="bracket" refersTo="#chn">\]<\/span>;<\/p>/);
  assert.doesNotMatch(clean, /<(ins|del) /);
});

test("a French draft's expression is in French", () => {
  const xml = exportAkn(parse(readFileSync(new URL("dl-23-rev2-fr.txt", fixtures), "utf8")).doc, { variant: "marked", authors: {} });
  assert.match(xml, /<FRBRlanguage language="fra"\/>/);
  assert.match(xml, /<docDate date="2014-10-31">31 octobre 2014<\/docDate>/);
  assert.match(xml, /<intro><p>charge le Secrétaire général<\/p><\/intro>/);
});
