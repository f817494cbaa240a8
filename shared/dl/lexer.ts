import { readAnnotation } from "./annotation.ts";
import type { Annotation } from "./annotation.ts";

/**
 * Splits the text of one DL block into text, line breaks and markup tokens.
 * Whether a token really opens or closes something is decided later, by pairing
 * (./pairing.ts): a token that cannot be paired goes back to being literal text.
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
export interface TokenPiece {
  kind: "token";
  token: TokenKind;
  at: number;
  /** An annotation written right after this token ({USA ... #i1}), if any. */
  annotation: Annotation | null;
  /** Source length of the annotation, to give it back as text when unused. */
  annotationSource: string;
  /** Set by pairing: the partner token, or null while unpaired (literal). */
  partner: TokenPiece | null;
  /** Set by pairing: whether this token opens or closes its pair; null when literal. */
  role: "open" | "close" | null;
  /** Set by pairing: a bracket written outside a strike, bold or insertion that opens (closes) with it. */
  outside: boolean;
}
export type Piece = TextPiece | BreakPiece | TokenPiece;

/** Characters a backslash escapes. */
export const ESCAPABLE = "\\[]~*<{";

const CLOSERS: ReadonlySet<TokenKind> = new Set(["~~", "]", "</ins>"]);

const SPECIAL = /[\\\n~*[\]<]/g;

/** Lexes one block's source (lines joined by "\n", which are line breaks). */
export function lexBlock(source: string): Piece[] {
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
  SPECIAL.lastIndex = 0;
  while (i < source.length) {
    SPECIAL.lastIndex = i;
    const found = SPECIAL.exec(source);
    const next = found ? found.index : source.length;
    if (next > i) addText(source.slice(i, next), i);
    if (!found) break;
    i = next;
    const c = source[i];
    if (c === "\\" && i + 1 < source.length && ESCAPABLE.includes(source[i + 1])) {
      addText(source[i + 1], i);
      i += 2;
      continue;
    }
    if (c === "\n") {
      flush();
      pieces.push({ kind: "break", at: i });
      i += 1;
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
    const piece: TokenPiece = { kind: "token", token, at: i, annotation: null, annotationSource: "", partner: null, role: null, outside: false };
    i += token.length;
    if (CLOSERS.has(token) && source.charCodeAt(i) === 123 /* { */) {
      const annotated = readAnnotation(source.slice(i, i + 400));
      if (annotated) {
        piece.annotation = annotated.annotation;
        piece.annotationSource = source.slice(i, i + annotated.length);
        i += annotated.length;
      }
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

/** True when a strike, bold, italics or insertion is left open in the block. */
export function hasOpenToggle(pieces: Piece[]): boolean {
  const counts = new Map<TokenKind, number>();
  for (const p of pieces) if (p.kind === "token" && p.token !== "[" && p.token !== "]") counts.set(p.token, (counts.get(p.token) ?? 0) + 1);
  const odd = (k: TokenKind) => (counts.get(k) ?? 0) % 2 === 1;
  return odd("~~") || odd("**") || odd("*") || (counts.get("<ins>") ?? 0) > (counts.get("</ins>") ?? 0);
}

