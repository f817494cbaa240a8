/**
 * Checks what comes in before it is parsed: DL text must be UTF-8 text of a sane
 * size. A refusal is a DLInputError naming what is wrong and where (line, column).
 */

/** The largest DL text accepted: 300 pages are about 1 MB. */
export const MAX_DL_BYTES = 8 * 1024 * 1024;

/**
 * The deepest bracket nesting a DL text may hold (real drafts nest two or three deep).
 * Deeper nesting is refused: every level is a mark on every piece of text inside it.
 */
export const MAX_BRACKET_DEPTH = 32;

/** The most changes of one kind over one text (several delegations striking the same words). */
export const MAX_CHANGES_PER_TEXT = 32;

export class DLInputError extends Error {
  override name = "DLInputError";
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
  }
  /** "file:line:col: message", or "file: message" when there is no position. */
  format(file: string): string {
    const where = this.line != null ? `${file}:${this.line}:${this.column ?? 1}` : file;
    return `${where}: ${this.message}`;
  }
}

/** Decodes the bytes of a DL text file, refusing binary, non-UTF-8 and oversized input. */
export function decodeDL(bytes: Uint8Array): string {
  if (bytes.length > MAX_DL_BYTES) {
    throw new DLInputError(`file too large: ${(bytes.length / 1048576).toFixed(1)} MB, the limit is ${MAX_DL_BYTES / 1048576} MB`);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    throw new DLInputError("binary file, not DL text: it holds a NUL byte", line, column);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const { line, column } = positionOfByte(bytes, at);
    throw new DLInputError(`not UTF-8 text: invalid byte 0x${bytes[at].toString(16).padStart(2, "0")}`, line, column);
  }
  checkText(text);
  return text;
}

/** Refuses text that cannot be a DL document: oversized, or with control characters (binary). */
export function checkText(text: string): void {
  if (text.length > MAX_DL_BYTES) {
    throw new DLInputError(`text too large: ${text.length} characters, the limit is ${MAX_DL_BYTES}`);
  }
  // Tab, line feed and carriage return are text; other C0 controls mean binary.
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (bad) {
    const { line, column } = positionOf(text, bad.index);
    const code = bad[0].charCodeAt(0).toString(16).padStart(4, "0");
    throw new DLInputError(`not a text file: control character U+${code.toUpperCase()}`, line, column);
  }
}

/** 1-based line and column (in characters) of a UTF-16 offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).position(offset);
}

/**
 * Line starts of a text, to tell many offsets' lines and columns without rescanning:
 * offsets asked in increasing order (as the import report's are) cost, all together,
 * one pass over the text.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The last position told, to count on from it. */
  private last = { line: 0, offset: 0, column: 1 };
  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const from = this.last.line === lo && this.last.offset <= offset ? this.last : { line: lo, offset: this.starts[lo], column: 1 };
    const column = from.column + this.characters(this.starts[lo], from.offset, offset);
    this.last = { line: lo, offset, column };
    return { line: lo + 1, column };
  }
  /**
   * Characters from `from` to `to` in a line starting at `start`, counted as
   * `[...text.slice(start, to)]` counts them: a character outside the BMP counts once.
   */
  private characters(start: number, from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (!(c >= 0xdc00 && c <= 0xdfff && i > start && isHigh(this.text.charCodeAt(i - 1)))) n++;
    }
    return n;
  }
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

function positionOfByte(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) if (bytes[i] === 10) { line += 1; lineStart = i + 1; }
  const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, at)).length + 1;
  return { line, column };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, bytes.length - 1);
}
