import type { Piece, TokenPiece, TokenKind } from "./lexer.ts";

/**
 * Pairs markup tokens. Strikes, bold, italics and insertions pair within one block,
 * left to right (the first `~~` opens, the next closes); brackets pair across the
 * whole document with a stack, so they nest and span blocks. What cannot be paired
 * stays unpaired (`partner` null) and is reported: it is literal text where it stands.
 */

export interface Unpaired {
  token: TokenPiece;
  block: number;
}

const TOGGLES: readonly TokenKind[] = ["~~", "**", "*"];

/** Pairs the tokens of every block; returns the tokens left unpaired, in text order. */
export function pairTokens(blocks: Piece[][]): Unpaired[] {
  const unpaired: Unpaired[] = [];
  const brackets: { token: TokenPiece; block: number }[] = [];
  blocks.forEach((pieces, block) => {
    const open = new Map<TokenKind, TokenPiece>();
    let insOpen: TokenPiece | null = null;
    for (const piece of pieces) {
      if (piece.kind !== "token") continue;
      const { token } = piece;
      if (TOGGLES.includes(token)) {
        const opener = open.get(token);
        if (opener) {
          link(opener, piece);
          open.delete(token);
        } else open.set(token, piece);
      } else if (token === "<ins>") {
        if (insOpen) unpaired.push({ token: piece, block });
        else insOpen = piece;
      } else if (token === "</ins>") {
        if (insOpen) {
          link(insOpen, piece);
          insOpen = null;
        } else unpaired.push({ token: piece, block });
      } else if (token === "[") {
        brackets.push({ token: piece, block });
      } else {
        const opener = brackets.pop();
        if (opener) link(opener.token, piece);
        else unpaired.push({ token: piece, block });
      }
    }
    for (const token of open.values()) unpaired.push({ token, block });
    if (insOpen) unpaired.push({ token: insOpen, block });
  });
  unpaired.push(...brackets);
  return unpaired.sort((a, b) => a.block - b.block || a.token.at - b.token.at);
}

function link(opener: TokenPiece, closer: TokenPiece): void {
  opener.partner = closer;
  closer.partner = opener;
  opener.role = "open";
  closer.role = "close";
}
