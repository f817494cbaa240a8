import { ToggleCounts } from "./lexer.ts";
import type { Piece, TokenPiece, TokenKind } from "./lexer.ts";

/**
 * Pairs markup tokens. Strikes, bold, italics and insertions pair within one block,
 * left to right (the first `~~` opens, the next closes); brackets pair across the
 * whole document with a stack, so they nest and span blocks. What cannot be paired
 * stays unpaired (`role` null) and is reported: it is literal text where it stands.
 * A pair around no text at all ("~~~~", "[]", a strike holding only a bracket) would
 * mark nothing, so it stays literal too: nothing is dropped.
 *
 * Every step is linear in the number of pieces (the report's sort aside).
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
  for (const bracket of brackets) unpaired.push(bracket);
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
 * "At one place" is a run of consecutive tokens that all open (or all close): an
 * opening bracket is outside when a strike opens after it in its run, a closing one
 * when a strike closes before it.
 */
function markOutsideBrackets(blocks: Piece[][]): void {
  for (const pieces of blocks) {
    let start = 0;
    while (start < pieces.length) {
      const first = pieces[start];
      if (first.kind !== "token" || !first.role) {
        start++;
        continue;
      }
      let end = start;
      while (end + 1 < pieces.length) {
        const next = pieces[end + 1];
        if (next.kind !== "token" || next.role !== first.role) break;
        end++;
      }
      let toggleSeen = false;
      for (let k = 0; k <= end - start; k++) {
        const piece = pieces[first.role === "open" ? end - k : start + k] as TokenPiece;
        if (!isBracket(piece)) toggleSeen = true;
        else if (toggleSeen) piece.outside = true;
      }
      start = end + 1;
    }
  }
}

/**
 * A block read line by line: the pairing state at its end, as `pairTokens` would pair
 * the block alone, so that whether the next line closes something opened above it
 * costs only that line. (A token closing one opened above a line break always pairs:
 * the break stands between them, so the pair is never empty.)
 */
export class BlockPairing {
  /** Toggle tokens open at the end of the block. */
  private readonly toggles = new Set<TokenKind>();
  private ins = false;
  private brackets = 0;
  private readonly counts = new ToggleCounts();

  constructor(pieces: readonly Piece[]) {
    this.feed(pieces);
  }

  /** A strike, bold, italics or insertion token is left open (an odd count). */
  get toggleOpen(): boolean {
    return this.counts.open;
  }

  /** Whether `line`, read after a line break, closes a token opened in the block above it. */
  closesAcross(line: readonly Piece[]): boolean {
    const openedHere = new Set<TokenKind>();
    let insHere = false;
    let bracketsHere = 0;
    for (const piece of line) {
      if (piece.kind !== "token") continue;
      const { token } = piece;
      if (TOGGLES.includes(token)) {
        if (openedHere.has(token)) openedHere.delete(token);
        else if (this.toggles.has(token)) return true;
        else openedHere.add(token);
      } else if (token === "<ins>") {
        if (!this.ins) insHere = true;
      } else if (token === "</ins>") {
        if (insHere) insHere = false;
        else if (this.ins) return true;
      } else if (token === "[") bracketsHere++;
      else if (bracketsHere > 0) bracketsHere--;
      else if (this.brackets > 0) return true;
    }
    return false;
  }

  /** Reads on: `line` (after a line break, which changes no pairing state). */
  feed(pieces: readonly Piece[]): void {
    this.counts.add(pieces);
    for (const piece of pieces) {
      if (piece.kind !== "token") continue;
      const { token } = piece;
      if (TOGGLES.includes(token)) {
        if (this.toggles.has(token)) this.toggles.delete(token);
        else this.toggles.add(token);
      } else if (token === "<ins>") this.ins = true;
      else if (token === "</ins>") this.ins = false;
      else if (token === "[") this.brackets++;
      else if (this.brackets > 0) this.brackets--;
    }
  }
}
