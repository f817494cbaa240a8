import { AUTHOR_CODE_SOURCE } from "../schema.ts";

/**
 * Attribution in DL text: the `attributed` variant writes who proposed a change or
 * bracket right after its closing token, where a reader sees it:
 *
 *   <ins>new words</ins>{USA 2026-11-28T10:15:00.000Z #i7}
 *   ~~old words~~{RUS - #d3}
 *   ~~words struck by two~~{USA - #d1}{RUS - #d2}
 *   [disputed text]{CHN 2026-11-28T10:16:00.000Z #b2 "pending decision of COM5"}
 *
 * Fields: author code, time (ISO, or "-" when unknown), "#" and the stable id, and for
 * brackets an optional note as a JSON string. An author, time or id that does not have
 * its plain form (a code, an ISO time, letters, digits and `_.:-`) is written as a JSON
 * string instead (`#"an id"`), so whatever it holds it cannot end the annotation.
 */
export interface Annotation {
  by: string;
  at: string | null;
  id: string;
  note: string | null;
}

const JSON_STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
const PLAIN_AT = String.raw`\d{4}-\d\d-\d\dT[0-9:.]+Z`;
const PLAIN_ID = "[A-Za-z0-9_.:-]{1,64}";
const BY = `(${AUTHOR_CODE_SOURCE}|${JSON_STRING})`;
const AT = `(-|${PLAIN_AT}|${JSON_STRING})`;
const ID = `#(${PLAIN_ID}|${JSON_STRING})`;

const ANNOTATION = new RegExp(String.raw`\{${BY} ${AT} ${ID}(?: (${JSON_STRING}))?\}`, "y");
const BLOCK_ANNOTATION = new RegExp(String.raw`\{([+-])${BY} ${AT} ${ID}\}`, "y");

const PLAIN_BY_RE = new RegExp(`^${AUTHOR_CODE_SOURCE}$`);
const PLAIN_AT_RE = new RegExp(`^${PLAIN_AT}$`);
const PLAIN_ID_RE = new RegExp(`^${PLAIN_ID}$`);

/** A field as read: plain as written, or the JSON string's value; undefined when the JSON is bad. */
function field(raw: string): string | undefined {
  if (raw.charCodeAt(0) !== 34 /* " */) return raw;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/** A field in its plain form when it has one, else as a JSON string. */
function writeField(value: string, plain: RegExp): string {
  return plain.test(value) ? value : JSON.stringify(value);
}

/** Reads an annotation at `at` in `text` (default its start); null when there is none. */
export function readAnnotation(text: string, at = 0): { annotation: Annotation; length: number } | null {
  if (text.charCodeAt(at) !== 123 /* { */) return null;
  ANNOTATION.lastIndex = at;
  const m = ANNOTATION.exec(text);
  if (!m) return null;
  const by = field(m[1]);
  const time = m[2] === "-" ? null : field(m[2]);
  const id = field(m[3]);
  const note = m[4] === undefined ? null : field(m[4]);
  if (by === undefined || time === undefined || id === undefined || note === undefined) return null;
  return { annotation: { by, at: time, id, note }, length: m[0].length };
}

/** Writes an annotation; the note is written only when given. */
export function writeAnnotation(a: Annotation): string {
  const note = a.note != null ? ` ${JSON.stringify(a.note)}` : "";
  return `{${fields(a)}${note}}`;
}

function fields(a: { by: string; at: string | null; id: string }): string {
  return `${writeField(a.by, PLAIN_BY_RE)} ${a.at == null ? "-" : writeField(a.at, PLAIN_AT_RE)} #${writeField(a.id, PLAIN_ID_RE)}`;
}

/**
 * Whole-block changes in the `attributed` variant, at the start of the block's line:
 * `{+USA 2026-11-28T10:15:00.000Z #x4}` the block was added, `{-RUS - #x5}` it is
 * proposed for deletion.
 */
export interface BlockAnnotation {
  sign: "+" | "-";
  by: string;
  at: string | null;
  id: string;
}

export function readBlockAnnotation(text: string, at = 0): { annotation: BlockAnnotation; length: number } | null {
  if (text.charCodeAt(at) !== 123 /* { */) return null;
  BLOCK_ANNOTATION.lastIndex = at;
  const m = BLOCK_ANNOTATION.exec(text);
  if (!m) return null;
  const by = field(m[2]);
  const time = m[3] === "-" ? null : field(m[3]);
  const id = field(m[4]);
  if (by === undefined || time === undefined || id === undefined) return null;
  return { annotation: { sign: m[1] as "+" | "-", by, at: time, id }, length: m[0].length };
}

export function writeBlockAnnotation(a: BlockAnnotation): string {
  return `{${a.sign}${fields(a)}}`;
}
