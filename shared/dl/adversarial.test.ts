import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "./parse.ts";
import { serialize } from "./serialize.ts";
import { MAX_BRACKET_DEPTH, MAX_CHANGES_PER_TEXT } from "./input.ts";
import { lexerWork } from "./lexer.ts";
import { ADVERSARIAL_SHAPES, nestedBrackets } from "../../test/fixtures/adversarial.ts";
import { refusal } from "../../test/dl-refusal.ts";

/**
 * Issue 10, point 6: text made to slow the importer down is read in time linear in
 * its size. No clock here (the figures are in `npm run bench`): the lexer's work is
 * bounded by a multiple of the text's size, which re-reading a block for each line
 * joined to it, as the importer once did, breaks at once; every shape completes, and
 * reads back from its own DL text.
 */

const SIZE = 100_000;


for (const [name, shape] of Object.entries(ADVERSARIAL_SHAPES)) {
  test(`100 KB of ${name}: lexed at most twice over; 20 KB of it written back to the same document`, () => {
    const text = shape(SIZE);
    lexerWork.chars = 0;
    parse(text);
    assert.ok(lexerWork.chars <= 2 * text.length, `parse lexed ${lexerWork.chars} characters of a ${text.length}-character text`);
    const { doc } = parse(shape(SIZE / 5));
    for (const variant of ["marked", "attributed"] as const) {
      lexerWork.chars = 0;
      const written = serialize(doc, { variant });
      assert.ok(lexerWork.chars <= 16 * written.length, `serialize ${variant} lexed ${lexerWork.chars} characters for ${written.length} written`);
      const back = parse(written).doc;
      // `marked` keeps no authors: what it writes must read back to what it wrote.
      if (variant === "attributed") assert.ok(back.eq(doc), "attributed reads back to the same document");
      else assert.equal(serialize(back), written);
    }
  });
}

test("20,000 nested brackets are refused at once, at the first bracket too deep", () => {
  const error = refusal(() => parse(nestedBrackets(20_000)));
  assert.match(error.message, new RegExp(`brackets nested more than ${MAX_BRACKET_DEPTH} deep`));
  assert.deepEqual([error.line, error.column], [3, 3 + MAX_BRACKET_DEPTH]);
});

test(`brackets nested ${MAX_BRACKET_DEPTH} deep are read, and come back`, () => {
  const text = nestedBrackets(MAX_BRACKET_DEPTH);
  const { doc, report } = parse(text);
  assert.equal(report.counts.brackets, MAX_BRACKET_DEPTH);
  assert.equal(serialize(doc), text);
  refusal(() => parse(nestedBrackets(MAX_BRACKET_DEPTH + 1)));
});

test(`more than ${MAX_CHANGES_PER_TEXT} strikes written over one text are refused; unpaired, they are text`, () => {
  const annotations = (n: number) => Array.from({ length: n }, (_, i) => `{USA - #d${i + 1}}`).join("");
  const { doc } = parse(`resolves\n\n1 that ~~x~~${annotations(MAX_CHANGES_PER_TEXT)};`);
  let strikes = 0;
  doc.descendants((n) => {
    if (n.isText && n.text === "x") strikes = n.marks.length;
    return true;
  });
  assert.equal(strikes, MAX_CHANGES_PER_TEXT);
  const error = refusal(() => parse(`resolves\n\n1 that ~~x~~${annotations(MAX_CHANGES_PER_TEXT + 1)};`));
  assert.match(error.message, /more than 32 changes written over one text/);
  assert.deepEqual([error.line, error.column], [3, 11], "at the closing ~~");
  const literal = `resolves\n\n1 that ~~${annotations(100)};`;
  assert.equal(serialize(parse(literal).doc), literal);
});

test("a report of 100,000 unpaired tokens on one line tells each column", () => {
  const { report } = parse(`resolves\n\n1 ${"[".repeat(SIZE)}`);
  assert.equal(report.items.length, SIZE);
  assert.deepEqual([report.items[0].line, report.items[0].column], [3, 3]);
  assert.deepEqual([report.items[SIZE - 1].line, report.items[SIZE - 1].column], [3, SIZE + 2]);
});
