import { readFileSync } from "node:fs";
import { parse } from "../shared/dl/parse.ts";
import { serialize } from "../shared/dl/serialize.ts";
import { DLInputError } from "../shared/dl/input.ts";
import { measure } from "./measure.ts";
import type { Row } from "./measure.ts";
import { ADVERSARIAL_SHAPES, nestedBrackets } from "../test/fixtures/adversarial.ts";

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

/**
 * A 300-page session: the seed's body (everything after the enacting formula)
 * repeated until the text is about 1 MB, as one long DL document.
 */
export function largeDocument(targetBytes = 1_000_000): string {
  const bodyStart = seed.indexOf("\n\nrecalling\n\n");
  const head = seed.slice(0, bodyStart);
  const body = seed.slice(bodyStart);
  let text = head;
  while (Buffer.byteLength(text) < targetBytes) text += body;
  return text;
}

export function codecRows(): Row[] {
  const large = largeDocument();
  const rows: Row[] = [];
  for (const [name, text] of [["seed (28 KB)", seed], [`300 pages (${(Buffer.byteLength(large) / 1e6).toFixed(2)} MB)`, large]] as const) {
    const { doc } = parse(text);
    if (serialize(doc) !== text) throw new Error(`${name} did not round-trip`);
    rows.push(measure(`parse ${name}`, () => parse(text)));
    rows.push(measure(`serialize marked ${name}`, () => serialize(doc)));
    rows.push(measure(`serialize attributed ${name}`, () => serialize(doc, { variant: "attributed" })));
  }
  rows.push(...adversarialRows());
  return rows;
}

/** The shapes of issue 10 (point 6) the importer must read in linear time, at 100 KB and 1 MB. */
const ISSUE_SHAPES = ["unbalanced [", "unbalanced ]", "unbalanced ~", "unbalanced *", "unbalanced <ins>", "a line continuing the block, every line", "brackets nested to the limit, again and again"];

/** Text made to slow the importer down: parse times (deep nesting is refused, which is the figure). */
export function adversarialRows(): Row[] {
  const rows: Row[] = [];
  const nested = nestedBrackets(20_000);
  rows.push(
    measure(`parse 20,000 nested brackets (${(nested.length / 1e3).toFixed(0)} KB, refused)`, () => {
      try {
        parse(nested);
      } catch (error) {
        if (!(error instanceof DLInputError)) throw error;
      }
    }, 5),
  );
  for (const [size, label, runs] of [[100_000, "100 KB", 5], [1_000_000, "1 MB", 3]] as const) {
    for (const name of ISSUE_SHAPES) {
      const text = ADVERSARIAL_SHAPES[name](size);
      rows.push(measure(`parse ${label} of ${name}`, () => parse(text), runs));
    }
  }
  return rows;
}
