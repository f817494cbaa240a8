import type { Piece, TokenPiece, TokenKind } from "./lexer.ts";

/**
 * Pairs markup tokens. Strikes, bold, italics and insertions pair within one block,
 * left to right (the first `~~` opens, the next closes); brackets pair across the
 * whole document with a stack, so they nest and span blocks. What cannot be paired
 * stays unpaired (`role` null) and is reported: it is literal text where it stands.
 * A pair around no text at all ("~~~~", "[]", a strike holding only a bracket) would
 * mark nothing, so it stays literal too: nothing is dropped.
 */

export interface Unpaired {
  token: TokenPiece;
  block: number;
}

const TOGGLES: readonly TokenKind[] = ["~~", "**", "*"];

/** Pairs the tokens of every block; returns the tokens left unpaired, in text order. */
export function pairTokens(blocks: Piece[][]): Unpaired[] {
  const unpaired: Unpaired[] = [];
  const brackets: { token: TokenPiece; block: number; textSeen: number }[] = [];
  let textSeen = 0;
  blocks.forEach((pieces, block) => {
    const open = new Map<TokenKind, { token: TokenPiece; textSeen: number }>();
    let insOpen: { token: TokenPiece; textSeen: number } | null = null;
    const close = (opener: { token: TokenPiece; textSeen: number }, closer: TokenPiece) => {
      if (opener.textSeen === textSeen) unpaired.push({ token: opener.token, block }, { token: closer, block });
      else link(opener.token, closer);
    };
    for (const piece of pieces) {
      if (piece.kind !== "token") {
        textSeen += 1;
        continue;
      }
      const { token } = piece;
      if (TOGGLES.includes(token)) {
        const opener = open.get(token);
        if (opener) {
          close(opener, piece);
          open.delete(token);
        } else open.set(token, { token: piece, textSeen });
      } else if (token === "<ins>") {
        if (insOpen) unpaired.push({ token: piece, block });
        else insOpen = { token: piece, textSeen };
      } else if (token === "</ins>") {
        if (insOpen) {
          close(insOpen, piece);
          insOpen = null;
        } else unpaired.push({ token: piece, block });
      } else if (token === "[") {
        brackets.push({ token: piece, block, textSeen });
      } else {
        const opener = brackets.pop();
        if (!opener) unpaired.push({ token: piece, block });
        else if (opener.textSeen === textSeen) unpaired.push({ token: opener.token, block: opener.block }, { token: piece, block });
        else link(opener.token, piece);
      }
    }
    for (const { token } of open.values()) unpaired.push({ token, block });
    if (insOpen) unpaired.push({ token: insOpen.token, block });
  });
  unpaired.push(...brackets);
  markOutsideBrackets(blocks);
  return unpaired.sort((a, b) => a.block - b.block || a.token.at - b.token.at);
}

function link(opener: TokenPiece, closer: TokenPiece): void {
  opener.partner = closer;
  closer.partner = opener;
  opener.role = "open";
  closer.role = "close";
}

const isBracket = (p: TokenPiece) => p.token === "[" || p.token === "]";

/**
 * Where a bracket and a strike (or bold, italics, insertion) open at one place, the
 * usual order is the strike first ("~~[66~~", "**[...]**"); a bracket written before
 * it ("[~~within~~ ...]") is marked `outside`, and likewise a bracket closing after.
 */
function markOutsideBrackets(blocks: Piece[][]): void {
  for (const pieces of blocks) {
    pieces.forEach((piece, i) => {
      if (piece.kind !== "token" || !piece.role || !isBracket(piece)) return;
      const step = piece.role === "open" ? 1 : -1;
      for (let j = i + step; j >= 0 && j < pieces.length; j += step) {
        const other = pieces[j];
        if (other.kind !== "token" || other.role !== piece.role) return;
        if (!isBracket(other)) {
          piece.outside = true;
          return;
        }
      }
    });
  }
}
