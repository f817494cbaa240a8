import type { Mark, Node as PMNode } from "prosemirror-model";

/**
 * Where a bracket lies: its pieces (text runs carrying its mark, possibly in several
 * blocks) and the span from its first piece to its last. Shared by the bracket
 * operations and the search for alternatives.
 */

/** A run of inline content carrying one bracket mark. */
export interface BracketPiece {
  from: number;
  to: number;
  /** The mark instance on this run (attrs may differ per piece, e.g. openOutside). */
  mark: Mark;
  /** Position of the text block holding it. */
  block: number;
}

/** One bracket: its id, pieces in document order, and the span covering them. */
export interface BracketSpan {
  id: string;
  pieces: BracketPiece[];
  from: number;
  to: number;
  /** Whether all its pieces lie in one text block. */
  oneBlock: boolean;
}

/** A stretch of a document to look in (positions). */
export interface Within {
  from: number;
  to: number;
}

/** Every bracket of `doc` (or of the text blocks `within` touches), in the order they open. */
export function bracketSpans(doc: PMNode, within?: Within): BracketSpan[] {
  const spans = new Map<string, BracketSpan>();
  const each = (f: (node: PMNode, pos: number) => boolean) => (within ? doc.nodesBetween(within.from, within.to, f) : doc.descendants(f));
  each((node, block) => {
    if (!node.isTextblock) return true;
    node.forEach((child, offset) => {
      const from = block + 1 + offset;
      for (const mark of child.marks) if (mark.type.name === "bracket") addPiece(spans, { from, to: from + child.nodeSize, mark, block });
    });
    return false;
  });
  return [...spans.values()];
}

/** One bracket by id, or null when the document (or the stretch `within`) has none with that id. */
export function bracketSpan(doc: PMNode, id: string, within?: Within): BracketSpan | null {
  return bracketSpans(doc, within).find((s) => s.id === id) ?? null;
}

function addPiece(spans: Map<string, BracketSpan>, piece: BracketPiece): void {
  const id = piece.mark.attrs.id as string;
  const span = spans.get(id);
  if (!span) {
    spans.set(id, { id, pieces: [piece], from: piece.from, to: piece.to, oneBlock: true });
    return;
  }
  span.pieces.push(piece);
  span.to = Math.max(span.to, piece.to);
  if (piece.block !== span.pieces[0].block) span.oneBlock = false;
}
