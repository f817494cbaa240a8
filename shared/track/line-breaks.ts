import type { Transaction } from "prosemirror-state";
import { schema } from "../schema.ts";

/**
 * Line breaks carry no marks. ProseMirror puts a range's marks on every inline node in
 * it, a line break included, but y-prosemirror stores marks only on text: a mark on a
 * line break would stay in the editor that made it and nowhere else (every other copy,
 * and the same editor after a reload, reads the break bare). So after a mark is added
 * over a range, or content is inserted, the breaks in it are bare again.
 */
export function bareLineBreaks(tr: Transaction, from: number, to: number): void {
  const marked: number[] = [];
  tr.doc.nodesBetween(Math.max(0, from), Math.min(to, tr.doc.content.size), (node, pos) => {
    if (node.type === schema.nodes.line_break && node.marks.length > 0) marked.push(pos);
    return !node.isInline;
  });
  for (const pos of marked) tr.setNodeMarkup(pos, undefined, undefined, []);
}
