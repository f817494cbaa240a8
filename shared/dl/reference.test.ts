import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "./parse.ts";
import { serialize, textBlocks } from "./serialize.ts";
import { schema } from "../schema.ts";
import { isDocumentReference } from "./reference.ts";

const bracketed = (text: string) => {
  const out: string[] = [];
  parse(text).doc.descendants((n) => {
    if (n.isText && schema.marks.bracket.isInSet(n.marks)) out.push(n.text!);
  });
  return out;
};

test("a document reference in brackets is a citation, not text in dispute", () => {
  const renumbered = readFileSync(new URL("../../test/fixtures/renumbered.txt", import.meta.url), "utf8");
  const { doc, report } = parse(renumbered);
  const title = textBlocks(doc).find((b) => b.textContent.startsWith("DRAFT NEW RESOLUTION"))!;
  assert.equal(title.type.name, "title");
  assert.equal(title.textContent, "DRAFT NEW RESOLUTION [WGPL/6]");
  assert.ok(title.children.every((c) => c.marks.length === 0), "no bracket mark on the reference");
  assert.equal(report.items.length, 0);
  for (const text of ["[WGPL/6]", "[PP-14/DT/12]", "[Document ACP/25A1/2]", "[A/C.2/78/L.12]", "[DL/23-E (Rev.2)]", "[WGPL/6, WGPL/7]", "[Documents WGPL/6 and WGPL/7]", "[CWG-WSIS/28/5(Add.1)]"]) {
    assert.deepEqual(bracketed(`resolves\n\n1 as proposed in ${text} by two Member States;`), [], text);
    assert.equal(serialize(parse(`resolves\n\n1 as proposed in ${text};`).doc), `resolves\n\n1 as proposed in ${text};`);
  }
});

test("words in brackets stay disputed, even with a slash or capitals", () => {
  for (const [text, inside] of [
    ["[Encourage/ Instructs]", "Encourage/ Instructs"],
    ["[AND/OR]", "AND/OR"],
    ["[2015/2016]", "2015/2016"],
    ["[Resolution 71]", "Resolution 71"],
    ["[WGPL/6 proposal]", "WGPL/6 proposal"],
  ]) assert.deepEqual(bracketed(`resolves\n\n1 that ${text} stands;`), [inside], text);
});

test("a bracket the room put around a reference's text stays a bracket through DL text", () => {
  const { doc } = parse("resolves\n\n1 as proposed in [WGPL/6]{USA 2026-12-02T10:00:00.000Z #b1} by two;", );
  assert.deepEqual(bracketed(serialize(doc, { variant: "attributed" })), ["WGPL/6"]);
  // The marked variant writes no attribution, but this bracket needs it to read back as one.
  const marked = serialize(doc);
  assert.equal(marked, "resolves\n\n1 as proposed in [WGPL/6]{USA 2026-12-02T10:00:00.000Z #b1} by two;");
  assert.deepEqual(bracketed(marked), ["WGPL/6"]);
  assert.ok(isDocumentReference("WGPL/6") && !isDocumentReference("WGPL/6 text"));
});
