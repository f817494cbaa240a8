import type { MarkType, Node as PMNode } from "prosemirror-model";
import type { Transaction } from "prosemirror-state";
import { AddMarkStep, RemoveMarkStep, ReplaceStep } from "prosemirror-transform";
import { ySyncPluginKey } from "y-prosemirror";

/**
 * Whether a transaction only typed, deleted or re-marked text inside text blocks, away from
 * any `mark` (a bracket): then decorations drawn from block attributes and from those marks
 * stay right when they just move with the text (`DecorationSet.map`), and a plugin need not
 * read the whole draft again on a keystroke. A transaction from Yjs never qualifies: a
 * remote update replaces the whole document, so nothing maps through it.
 */
export function onlyTextEdits(tr: Transaction, mark?: MarkType): boolean {
  if (tr.getMeta(ySyncPluginKey) !== undefined) return false;
  return tr.steps.every((step, i) => {
    const doc = tr.docs[i];
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return step.mark.type !== mark;
    if (!(step instanceof ReplaceStep)) return false;
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: { openStart: number; openEnd: number; content: { forEach(f: (node: PMNode) => void): void } } };
    if (slice.openStart > 0 || slice.openEnd > 0) return false;
    let inline = true;
    slice.content.forEach((node) => {
      if (!node.isInline || (mark && mark.isInSet(node.marks))) inline = false;
    });
    if (!inline) return false;
    const $from = doc.resolve(from);
    if (!$from.parent.isTextblock || to > $from.end()) return false;
    // Next to a bracket too: a sign at its edge must not be left on the wrong side of new text.
    return !mark || !markNear(doc, Math.max($from.start(), from - 1), Math.min($from.end(), to + 1), mark);
  });
}

function markNear(doc: PMNode, from: number, to: number, mark: MarkType): boolean {
  let found = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.isInline && mark.isInSet(node.marks)) found = true;
    return !found;
  });
  return found;
}
