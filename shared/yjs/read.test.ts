import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { readFileSync } from "node:fs";
import { parse } from "../dl/parse.ts";
import { MAX_BRACKET_DEPTH } from "../dl/input.ts";
import { schema } from "../schema.ts";
import { markKey } from "./mark-key.ts";
import { ModelError, readBody } from "./read.ts";

const seed = readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

/** The reference draft in a Y.Doc, as a session holds it, and its first clause's text. */
function seedDoc(): { body: Y.XmlFragment; text: Y.XmlText } {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  prosemirrorToYXmlFragment(parse(seed).doc, body);
  const group = body.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "clause_group") as Y.XmlElement;
  const clause = group.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "clause") as Y.XmlElement;
  return { body, text: clause.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText };
}

function bracketFormat(n: number): Record<string, unknown> {
  const attrs = { id: `b${n}`, by: "USA", at: null, note: null, openOutside: false, closeOutside: false };
  return { [markKey(schema.marks.bracket!.create(attrs))]: attrs };
}

test("on a valid draft the strict reader reads what y-prosemirror's own reader builds", () => {
  const { body } = seedDoc();
  assert.ok(readBody(body).eq(yXmlFragmentToProseMirrorRootNode(body, schema)));
});

test(`text under more than ${MAX_BRACKET_DEPTH} brackets is not a draft the DL text can carry`, () => {
  const { body, text } = seedDoc();
  const formats = Object.assign({}, ...Array.from({ length: MAX_BRACKET_DEPTH }, (_, i) => bracketFormat(i)));
  text.format(3, 4, formats);
  readBody(body);
  text.format(3, 4, bracketFormat(MAX_BRACKET_DEPTH));
  assert.throws(() => readBody(body), (error: unknown) => error instanceof ModelError && /clause group 1, block 2: brackets nested more than 32 deep/.test(error.message));
});

test("a mark under a key that is not its own is named, with where it stands", () => {
  const { body, text } = seedDoc();
  text.format(3, 4, { "deletion--AAAAAAAA": { id: "d9", by: "USA", at: null } });
  assert.throws(() => readBody(body), /clause group 1, block 2: a deletion mark stored under a key that is not its own/);
});
