import type { Node as PMNode } from "prosemirror-model";
import { Fragment } from "prosemirror-model";
import { schema } from "../schema.ts";

/**
 * The clean text of a document: proposed deletions gone (struck text, and whole blocks
 * proposed for deletion; a deleted heading takes its clause group), proposed insertions
 * as plain text, brackets kept. Used by the `clean` variants of every export.
 */
export function cleanDoc(doc: PMNode): PMNode {
  return mapTextblocks(withoutBlocks(doc, (block) => block.attrs.deleted !== null), (block) => {
    const children: PMNode[] = [];
    block.forEach((child) => {
      if (schema.marks.deletion.isInSet(child.marks)) return;
      children.push(child.mark(schema.marks.insertion.removeFromSet(child.marks)));
    });
    return block.type.create({ ...block.attrs, inserted: null }, Fragment.fromArray(children));
  });
}

/** The document without the text blocks `gone` picks; a clause group goes with its heading. */
export function withoutBlocks(node: PMNode, gone: (block: PMNode) => boolean): PMNode {
  const children: PMNode[] = [];
  node.forEach((child) => {
    if (child.isTextblock ? gone(child) : child.type.name === "clause_group" && !!child.firstChild && gone(child.firstChild)) return;
    children.push(child.isTextblock ? child : withoutBlocks(child, gone));
  });
  return node.copy(Fragment.fromArray(children));
}

/** Rebuilds a document with every text block replaced by `f(block)`. */
export function mapTextblocks(node: PMNode, f: (block: PMNode) => PMNode): PMNode {
  if (node.isTextblock) return f(node);
  const children: PMNode[] = [];
  node.forEach((child) => children.push(mapTextblocks(child, f)));
  return node.copy(Fragment.fromArray(children));
}
