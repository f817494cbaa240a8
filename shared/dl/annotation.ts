import { AUTHOR_CODE_SOURCE } from "../schema.ts";

/**
 * Attribution in DL text: the `attributed` variant writes who proposed a change or
 * bracket right after its closing token, where a reader sees it:
 *
 *   <ins>new words</ins>{USA 2026-11-28T10:15:00.000Z #i7}
 *   ~~old words~~{RUS - #d3}
 *   [disputed text]{CHN 2026-11-28T10:16:00.000Z #b2 "pending decision of COM5"}
 *
 * Fields: author code, time (ISO, or "-" when unknown), "#" and the stable id, and for
 * brackets an optional note as a JSON string.
 */
export interface Annotation {
  by: string;
  at: string | null;
  id: string;
  note: string | null;
}

const ANNOTATION = new RegExp(`^\\{(${AUTHOR_CODE_SOURCE}) (-|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z) #([A-Za-z0-9_.:-]{1,64})(?: ("(?:[^"\\\\\\n]|\\\\.)*"))?\\}`);

/** Reads an annotation at the start of `text`; null when there is none. */
export function readAnnotation(text: string): { annotation: Annotation; length: number } | null {
  if (text.charCodeAt(0) !== 123 /* { */) return null;
  const m = ANNOTATION.exec(text);
  if (!m) return null;
  let note: string | null = null;
  if (m[4] !== undefined) {
    try {
      note = JSON.parse(m[4]) as string;
    } catch {
      return null;
    }
  }
  return { annotation: { by: m[1], at: m[2] === "-" ? null : m[2], id: m[3], note }, length: m[0].length };
}

/** Writes an annotation; the note is written only when given. */
export function writeAnnotation(a: Annotation): string {
  const note = a.note != null ? ` ${JSON.stringify(a.note)}` : "";
  return `{${a.by} ${a.at ?? "-"} #${a.id}${note}}`;
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

const BLOCK_ANNOTATION = new RegExp(`^\\{([+-])(${AUTHOR_CODE_SOURCE}) (-|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z) #([A-Za-z0-9_.:-]{1,64})\\}`);

export function readBlockAnnotation(text: string): { annotation: BlockAnnotation; length: number } | null {
  const m = BLOCK_ANNOTATION.exec(text);
  if (!m) return null;
  return { annotation: { sign: m[1] as "+" | "-", by: m[2], at: m[3] === "-" ? null : m[3], id: m[4] }, length: m[0].length };
}

export function writeBlockAnnotation(a: BlockAnnotation): string {
  return `{${a.sign}${a.by} ${a.at ?? "-"} #${a.id}}`;
}
