import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { Mark } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./parse.ts";
import { markedDoc, serialize, VARIANTS } from "./serialize.ts";
import { checkText } from "./input.ts";
import { mapTextblocks } from "./clean.ts";
import { randomDoc } from "../../test/random-doc.ts";
import { canonical, withoutAttribution } from "../../test/normalize.ts";

/** What `marked` keeps: withoutAttribution, where several strikes on one text, now alike, count once. */
function readingForm(doc: PMNode): PMNode {
  return mapTextblocks(withoutAttribution(doc), (block) => {
    const children: PMNode[] = [];
    block.forEach((child) => children.push(child.mark(child.marks.reduce((set: readonly Mark[], m) => m.addToSet(set), Mark.none))));
    return block.type.create(block.attrs, children);
  });
}

const fixtures = new URL("../../test/fixtures/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), "utf8");

test("the reference document DL/23-E (Rev.2) comes back byte for byte", () => {
  const seed = read("dl-23-rev2.txt");
  assert.equal(serialize(parse(seed).doc), seed);
});

for (const name of readdirSync(fixtures).filter((f) => f.endsWith(".txt"))) {
  test(`fixture ${name} comes back byte for byte`, () => {
    const text = read(name);
    const variant = name.startsWith("attributed") ? "attributed" : "marked";
    assert.equal(serialize(parse(text).doc, { variant }), text);
  });
}

test("a text with Windows line endings comes back with them", () => {
  const text = read("renumbered.txt").replace(/\n/g, "\r\n") + "\r\n";
  const { doc } = parse(text);
  assert.equal(doc.attrs.eol, "\r\n");
  assert.equal(serialize(doc), text);
});

test("leading and trailing blank lines and wider gaps come back", () => {
  const text = "\n\n\nWORKING GROUP OF THE PLENARY\n\n\n\nresolves\n1 that a clause follows with no blank line;\n\n";
  assert.equal(serialize(parse(text).doc), text);
});

test("the attributed variant of a random editor document reads back as the same document", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const doc = randomDoc(seed, { times: true });
    doc.check();
    const text = serialize(doc, { variant: "attributed" });
    const back = parse(text).doc;
    assert.ok(canonical(back).eq(canonical(doc)), `seed ${seed}:\n${text}`);
  }
});

test("the marked variant of a random document reads back with the same text, changes and brackets", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const doc = randomDoc(seed);
    const text = serialize(doc);
    const back = parse(text).doc;
    assert.ok(withoutAttribution(back).eq(withoutAttribution(markedDoc(doc))), `seed ${seed}:\n${text}`);
    assert.equal(serialize(back), text, `seed ${seed}: a second round changes nothing`);
  }
});

test("literal markup characters in the text survive a round trip, escaped only where needed", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const doc = randomDoc(seed, { literals: true, times: true });
    const text = serialize(doc, { variant: "attributed" });
    assert.ok(canonical(parse(text).doc).eq(canonical(doc)), `seed ${seed}:\n${text}`);
  }
});

test("text struck by several delegations: attributed reads back every strike, marked one strike over the union", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const doc = randomDoc(seed, { overlaps: true, times: true });
    const attributed = serialize(doc, { variant: "attributed" });
    assert.ok(canonical(parse(attributed).doc).eq(canonical(doc)), `seed ${seed}:\n${attributed}`);
    const marked = serialize(doc);
    const back = parse(marked).doc;
    assert.ok(readingForm(back).eq(readingForm(markedDoc(doc))), `seed ${seed}:\n${marked}`);
    assert.equal(serialize(back), marked, `seed ${seed}: a second round changes nothing`);
  }
});

test("any text a client can insert reads back from the attributed DL text as the same document (issue 10, point 7)", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const doc = randomDoc(seed, { hostile: true, overlaps: true, times: true });
    doc.check();
    const text = serialize(doc, { variant: "attributed" });
    assert.ok(canonical(parse(text).doc).eq(canonical(doc)), `seed ${seed}:\n${text}`);
    const marked = serialize(doc);
    assert.ok(readingForm(parse(marked).doc).eq(readingForm(markedDoc(doc))), `seed ${seed}:\n${marked}`);
  }
});

test("the serializer never writes what the parser refuses: no control character, no bare carriage return", () => {
  for (let seed = 1; seed <= 100; seed++) {
    const doc = randomDoc(seed, { hostile: true, overlaps: true, times: true });
    for (const variant of VARIANTS) {
      const text = serialize(doc, { variant });
      assert.doesNotThrow(() => checkText(text), `seed ${seed} ${variant}`);
      assert.doesNotMatch(text, /\r/, `seed ${seed} ${variant}: a carriage return in text is written \\u{D}`);
    }
  }
});
