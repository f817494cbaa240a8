import type { Node as PMNode } from "prosemirror-model";
import { Fragment } from "prosemirror-model";
import { schema } from "../schema.ts";

/**
 * The clean text of a document: proposed deletions gone, proposed insertions as
 * plain text, brackets kept. Used by the `clean` export variant.
 */
export function cleanDoc(doc: PMNode): PMNode {
  return mapTextblocks(doc, (block) => {
    const children: PMNode[] = [];
    block.forEach((child) => {
      if (schema.marks.deletion.isInSet(child.marks)) return;
      children.push(child.mark(schema.marks.insertion.removeFromSet(child.marks)));
    });
    return block.copy(Fragment.fromArray(children));
  });
}

/** Rebuilds a document with every text block replaced by `f(block)`. */
export function mapTextblocks(node: PMNode, f: (block: PMNode) => PMNode): PMNode {
  if (node.isTextblock) return f(node);
  const children: PMNode[] = [];
  node.forEach((child) => children.push(mapTextblocks(child, f)));
  return node.copy(Fragment.fromArray(children));
}
