import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";

/**
 * Where the exports put a document's footnotes. A footnote the text refers to ("[^1]")
 * goes to the foot, as Word and HTML readers expect, numbered in the order of its first
 * reference; the first footnote of a label counts. A footnote nothing refers to stays
 * where the text has it (so no words are lost), and a reference to no footnote is its
 * label in superscript.
 */
export interface FootnotePlan {
  /** The footnote's block and its number (1, 2, ...), by label, for the referenced ones. */
  notes: Map<string, { block: PMNode; number: number }>;
  /** The footnote blocks that go to the foot (left out where they stand). */
  atFoot: Set<PMNode>;
}

export function footnotePlan(blocks: readonly PMNode[]): FootnotePlan {
  const defined = new Map<string, PMNode>();
  for (const block of blocks) if (block.type === schema.nodes.footnote && !defined.has(block.attrs.label)) defined.set(block.attrs.label as string, block);
  const notes: FootnotePlan["notes"] = new Map();
  const atFoot = new Set<PMNode>();
  if (defined.size === 0) return { notes, atFoot };
  for (const block of blocks) {
    if (block.type === schema.nodes.footnote) continue;
    block.forEach((child) => {
      if (!child.isText || !schema.marks.note_ref.isInSet(child.marks)) return;
      const target = defined.get(child.text!);
      if (!target || notes.has(child.text!)) return;
      notes.set(child.text!, { block: target, number: notes.size + 1 });
      atFoot.add(target);
    });
  }
  return { notes, atFoot };
}
