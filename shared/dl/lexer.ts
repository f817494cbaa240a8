import { readAnnotation } from "./annotation.ts";
import type { Annotation } from "./annotation.ts";
import { documentReferenceAt } from "./reference.ts";
import { NOTE_LABEL_SOURCE } from "../schema.ts";

/**
 * Splits the text of one DL block into text, line breaks and markup tokens.
 * Whether a token really opens or closes something is decided later, by pairing
 * (./pairing.ts): a token that cannot be paired goes back to being literal text.
 * Lexing is local to a line: the pieces of `a + "\n" + b` are the pieces of `a`, a
 * break and the pieces of `b` (shifted), which lets the parser lex each line once.
 */

/** Markup tokens of the DL dialect. */
export type TokenKind = "~~" | "**" | "*" | "<ins>" | "</ins>" | "[" | "]";

export interface TextPiece {
  kind: "text";
  text: string;
  /** Offset of the piece in the block's source text. */
  at: number;
}
export interface BreakPiece {
  kind: "break";
  at: number;
}
/** A footnote reference, "[^1]": its label is the text it shows (under the `note_ref` mark). */
export interface NotePiece {
  kind: "note";
  label: string;
  at: number;
}
export interface TokenPiece {
  kind: "token";
  token: TokenKind;
  at: number;
  /**
   * The annotations written right after this token ({USA ... #i1}): at most one after
   * "]", any number after "~~" and "</ins>" (one change each over the same text).
   */
  annotations: Annotation[];
  /** Source of the annotations, to give them back as text when unused. */
  annotationSource: string;
  /** Set by pairing: the partner token, or null while unpaired (literal). */
  partner: TokenPiece | null;
  /** Set by pairing: whether this token opens or closes its pair; null when literal. */
  role: "open" | "close" | null;
  /** Set by pairing: a bracket written outside a strike, bold or insertion that opens (closes) with it. */
  outside: boolean;
}
export type Piece = TextPiece | BreakPiece | NotePiece | TokenPiece;

/** "[^1]", "[^a]", "[^*]": a footnote reference, read before any bracket. */
const NOTE_REF = new RegExp(`\\[\\^(${NOTE_LABEL_SOURCE})\\]`, "uy");

/** The footnote reference at `at` in `source`: its label and length; null when none starts there. */
export function noteRefAt(source: string, at: number): { label: string; length: number } | null {
  if (source.charCodeAt(at + 1) !== 94 /* ^ */) return null;
  NOTE_REF.lastIndex = at;
  const m = NOTE_REF.exec(source);
  return m ? { label: m[1]!, length: m[0].length } : null;
}

/** "[^1]: " opening a line: the line is that footnote's text. */
const NOTE_DEFINITION = new RegExp(`^\\[\\^(${NOTE_LABEL_SOURCE})\\]: `, "u");

/** The label and prefix length of a footnote's line ("[^1]: text"); null when the line is none. */
export function noteDefinition(line: string): { label: string; length: number } | null {
  const m = NOTE_DEFINITION.exec(line);
  return m ? { label: m[1]!, length: m[0].length } : null;
}

/** Characters a backslash escapes. */
export const ESCAPABLE = "\\[]~*<{";

const CLOSERS: ReadonlySet<TokenKind> = new Set(["~~", "]", "</ins>"]);
/** Closers after which several annotations mean several changes over the same text. */
const MULTI: ReadonlySet<TokenKind> = new Set(["~~", "</ins>"]);

const SPECIAL = /[\\\n~*[\]<]/g;

/**
 * Characters that never stand raw in DL text: C0 controls but tab (line feed and
 * carriage return included: inside text they are not line endings), DEL, and lone
 * surrogates (which UTF-8 cannot hold). The serializer writes them as `\u{HEX}`
 * (upper-case hex, no leading zeros), and the lexer reads exactly those escapes back.
 */
export function mustEscapeCode(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f || (code >= 0xd800 && code <= 0xdfff);
}

/** The characters of `mustEscapeCode` in a string (lone surrogates only, not pairs). */
export const MUST_ESCAPE = /[\u0000-\u0008\u000A-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `\u{HEX}` for a character that cannot stand raw. */
export const codeEscape = (c: string) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`;

const CODE_ESCAPE = /u\{(0|[1-9A-F][0-9A-F]{0,3})\}/y;

/** Length and character of a `\u{HEX}` escape at `i` (the backslash), or null. */
export function readCodeEscape(source: string, i: number): { char: string; length: number } | null {
  if (source.charCodeAt(i + 1) !== 117 /* u */) return null;
  CODE_ESCAPE.lastIndex = i + 1;
  const m = CODE_ESCAPE.exec(source);
  if (!m) return null;
  const code = parseInt(m[1], 16);
  return mustEscapeCode(code) ? { char: String.fromCharCode(code), length: m[0].length + 1 } : null;
}

/** Work done by the lexer (characters lexed), for tests that bound it by the input's size. */
export const lexerWork = { chars: 0 };

/** Lexes one block's source (lines joined by "\n", which are line breaks). */
export function lexBlock(source: string): Piece[] {
  lexerWork.chars += source.length;
  const pieces: Piece[] = [];
  let text = "";
  let textAt = 0;
  const flush = () => {
    if (text) pieces.push({ kind: "text", text, at: textAt });
    text = "";
  };
  const addText = (chunk: string, at: number) => {
    if (!text) textAt = at;
    text += chunk;
  };
  let i = 0;
  while (i < source.length) {
    SPECIAL.lastIndex = i;
    const found = SPECIAL.exec(source);
    const next = found ? found.index : source.length;
    if (next > i) addText(source.slice(i, next), i);
    if (!found) break;
    i = next;
    const c = source[i];
    if (c === "\\") {
      if (i + 1 < source.length && ESCAPABLE.includes(source[i + 1])) {
        addText(source[i + 1], i);
        i += 2;
        continue;
      }
      const code = readCodeEscape(source, i);
      if (code) {
        addText(code.char, i);
        i += code.length;
        continue;
      }
    }
    if (c === "\n") {
      flush();
      pieces.push({ kind: "break", at: i });
      i += 1;
      continue;
    }
    const note = c === "[" ? noteRefAt(source, i) : null;
    if (note) {
      flush();
      pieces.push({ kind: "note", label: note.label, at: i });
      i += note.length;
      continue;
    }
    // "[WGPL/6]" cites a document: literal text, not a bracket (./reference.ts).
    const reference = c === "[" ? documentReferenceAt(source, i) : 0;
    if (reference) {
      addText(source.slice(i, i + reference), i);
      i += reference;
      continue;
    }
    let token: TokenKind | null = null;
    if (c === "~") token = source[i + 1] === "~" ? "~~" : null;
    else if (c === "*") token = source[i + 1] === "*" ? "**" : "*";
    else if (c === "[" || c === "]") token = c;
    else if (c === "<") token = source.startsWith("<ins>", i) ? "<ins>" : source.startsWith("</ins>", i) ? "</ins>" : null;
    if (!token) {
      addText(c, i);
      i += 1;
      continue;
    }
    flush();
    const piece: TokenPiece = { kind: "token", token, at: i, annotations: [], annotationSource: "", partner: null, role: null, outside: false };
    i += token.length;
    if (CLOSERS.has(token)) {
      const start = i;
      const most = MULTI.has(token) ? Infinity : 1;
      while (piece.annotations.length < most && source.charCodeAt(i) === 123 /* { */) {
        const annotated = readAnnotation(source, i);
        if (!annotated) break;
        piece.annotations.push(annotated.annotation);
        i += annotated.length;
      }
      piece.annotationSource = source.slice(start, i);
    }
    pieces.push(piece);
  }
  flush();
  return pieces;
}

/** An odd number of backslashes at the end of a line: an explicit line break. */
export function endsWithBreakEscape(source: string): boolean {
  let n = 0;
  for (let i = source.length - 1; i >= 0 && source[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/** Counts of toggle tokens in a block, to tell whether one is left open. */
export class ToggleCounts {
  private strike = 0;
  private bold = 0;
  private italic = 0;
  private ins = 0;
  add(pieces: readonly Piece[]): this {
    for (const p of pieces) {
      if (p.kind !== "token") continue;
      if (p.token === "~~") this.strike++;
      else if (p.token === "**") this.bold++;
      else if (p.token === "*") this.italic++;
      else if (p.token === "<ins>") this.ins++;
      else if (p.token === "</ins>") this.ins--;
    }
    return this;
  }
  /** True when a strike, bold, italics or insertion is left open. */
  get open(): boolean {
    return this.strike % 2 === 1 || this.bold % 2 === 1 || this.italic % 2 === 1 || this.ins > 0;
  }
}

/** True when a strike, bold, italics or insertion is left open in the block. */
export function hasOpenToggle(pieces: Piece[]): boolean {
  return new ToggleCounts().add(pieces).open;
}
