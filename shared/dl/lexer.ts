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

/** Lexes one block's source (lines joined by "\n", which are line breaks). */
export function lexBlock(source: string): Piece[] {
  const pieces: Piece[] = [];
  let text = "";
  let textAt = 0;
  const flush = (at: number) => {
    if (text) pieces.push({ kind: "text", text, at: textAt });
    text = "";
    textAt = at;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let token: TokenKind | null = null;
    if (c === "\\" && i + 1 < source.length && ESCAPABLE.includes(source[i + 1])) {
      if (!text) textAt = i;
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (c === "\n") {
      flush(i);
      pieces.push({ kind: "break", at: i });
      i += 1;
      textAt = i;
      continue;
    }
    if (c === "~" && source[i + 1] === "~") token = "~~";
    else if (c === "*") token = source[i + 1] === "*" ? "**" : "*";
    else if (c === "[" || c === "]") token = c;
    else if (c === "<") {
      if (source.startsWith("<ins>", i)) token = "<ins>";
      else if (source.startsWith("</ins>", i)) token = "</ins>";
    }
    if (!token) {
      if (!text) textAt = i;
      text += c;
      i += 1;
      continue;
    }
    flush(i);
    const piece: TokenPiece = { kind: "token", token, at: i, annotation: null, annotationSource: "", partner: null, role: null, outside: false };
    i += token.length;
    if (CLOSERS.has(token)) {
      const found = readAnnotation(source.slice(i, i + 400));
      if (found) {
        piece.annotation = found.annotation;
        piece.annotationSource = source.slice(i, i + found.length);
        i += found.length;
      }
    }
    pieces.push(piece);
    textAt = i;
  }
  flush(i);
  return pieces;
}
