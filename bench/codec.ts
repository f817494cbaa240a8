import { readFileSync } from "node:fs";
import { parse } from "../shared/dl/parse.ts";
import { serialize } from "../shared/dl/serialize.ts";
import { measure } from "./measure.ts";
import type { Row } from "./measure.ts";

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
  return rows;
}
