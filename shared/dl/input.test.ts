import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeDL, MAX_DL_BYTES } from "./input.ts";
import { parse } from "./parse.ts";
import { serialize } from "./serialize.ts";
import { refusal } from "../../test/dl-refusal.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);


test("a binary file is refused, naming where its first NUL byte is", () => {
  const bytes = new Uint8Array([...utf8("Document DL/1-E\nabc"), 0, 1, 2, 3]);
  const error = refusal(() => decodeDL(bytes));
  assert.match(error.message, /binary file/);
  assert.deepEqual([error.line, error.column], [2, 4]);
  assert.equal(error.format("in.txt"), "in.txt:2:4: binary file, not DL text: it holds a NUL byte");
});

test("a Latin-1 file is refused as not UTF-8, at the offending byte", () => {
  const bytes = new Uint8Array([...utf8("resolves\n\n1 that the caf"), 0xe9, ...utf8(" is open;")]);
  const error = refusal(() => decodeDL(bytes));
  assert.match(error.message, /not UTF-8 text: invalid byte 0xe9/);
  assert.deepEqual([error.line, error.column], [3, 15]);
});

test("a 50 MB file is refused at once for its size", () => {
  const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
  const started = process.hrtime.bigint();
  const error = refusal(() => decodeDL(big));
  assert.match(error.message, /file too large: 50\.0 MB, the limit is 8 MB/);
  assert.ok(big.length > MAX_DL_BYTES);
  assert.ok(process.hrtime.bigint() - started < 5_000_000_000n, "refused without reading it through");
});

test("text with control characters is refused by parse, with line and column", () => {
  const error = refusal(() => parse("resolves\n\n1 that\u0007 rings;"));
  assert.match(error.message, /control character U\+0007/);
  assert.deepEqual([error.line, error.column], [3, 7]);
});

test("a byte order mark and tabs are text, kept as they were", () => {
  const text = "\uFEFFWORKING GROUP OF THE PLENARY\n\nresolves\n\n1\tthat tabs stay;";
  const decoded = decodeDL(utf8(text));
  assert.equal(decoded, text);
  assert.equal(serialize(parse(decoded).doc), text);
});

test("empty text is an empty document, and comes back empty", () => {
  assert.equal(serialize(parse("").doc), "");
  assert.equal(serialize(parse("\n\n").doc), "\n\n");
});

test("more blank lines than a layout needs are refused at the line they end on", () => {
  const between = refusal(() => parse(`WORKING GROUP${"\n".repeat(150)}recalling\n\na) text`));
  assert.match(between.message, /149 blank lines before this line: at most 100/);
  assert.deepEqual([between.line, between.column], [151, 1]);
  const atEnd = refusal(() => parse(`recalling\n\na) text${"\n".repeat(150)}`));
  assert.match(atEnd.message, /blank lines at the end: at most 100/);
  // 100 blank lines are a layout, kept byte for byte.
  const text = `WORKING GROUP${"\n".repeat(101)}recalling\n\na) text`;
  assert.equal(serialize(parse(text).doc), text);
});
