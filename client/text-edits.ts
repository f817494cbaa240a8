import type { MarkType, Node as PMNode } from "prosemirror-model";
import type { Transaction } from "prosemirror-state";
import { AddMarkStep, Mapping, RemoveMarkStep, ReplaceStep, StepMap } from "prosemirror-transform";
import type { DecorationSet } from "prosemirror-view";
import { ySyncPluginKey } from "y-prosemirror";

/**
 * How a transaction moved the text, when it only typed, deleted or re-marked text inside text
 * blocks, away from any `mark` (a bracket); null otherwise. Decorations drawn from block
 * attributes and from those marks then stay right when they just move with the text
 * (`DecorationSet.map`), and a plugin need not read the whole draft again on a keystroke.
 *
 * A local transaction is read from its steps. A remote one (y-prosemirror replaces the whole
 * document, keeping the nodes of untouched blocks) is read by comparing the two documents,
 * which stops at the first node they share (`findDiffStart` / `findDiffEnd`).
 */
export function textEditMap(tr: Transaction, mark?: MarkType): Mapping | null {
  if (tr.getMeta(ySyncPluginKey) !== undefined) return remoteEdit(tr.before, tr.doc, mark);
  const local = tr.steps.every((step, i) => {
    const doc = tr.docs[i];
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return step.mark.type !== mark;
    if (!(step instanceof ReplaceStep)) return false;
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: { openStart: number; openEnd: number; content: { forEach(f: (node: PMNode) => void): void } } };
    if (slice.openStart > 0 || slice.openEnd > 0) return false;
    let inline = true;
    slice.content.forEach((node) => {
      if (!node.isInline || (mark && mark.isInSet(node.marks))) inline = false;
    });
    return inline && insideOneBlock(doc, from, to, mark);
  });
  return local ? tr.mapping : null;
}

function remoteEdit(before: PMNode, after: PMNode, mark?: MarkType): Mapping | null {
  const change = changeBetween(before, after);
  if (!change) return new Mapping();
  const { start, endA, endB } = change;
  if (!insideOneBlock(before, start, endA, mark) || !insideOneBlock(after, start, endB, mark)) return null;
  return new Mapping([new StepMap([start, endA - start, endB - start])]);
}

interface Change {
  start: number;
  endA: number;
  endB: number;
}

/** The one stretch in which two documents differ (null: none), read once per pair of documents. */
function changeBetween(before: PMNode, after: PMNode): Change | null {
  if (lastChange?.before === before && lastChange.after === after) return lastChange.change;
  let change: Change | null = null;
  const start = before.content.findDiffStart(after.content);
  if (start !== null) {
    let { a: endA, b: endB } = before.content.findDiffEnd(after.content)!;
    // Where the same text repeats around the change, the two ends can cross: take the shortest change.
    const overlap = start - Math.min(endA, endB);
    if (overlap > 0) {
      endA += overlap;
      endB += overlap;
    }
    change = { start, endA, endB };
  }
  lastChange = { before, after, change };
  return change;
}

let lastChange: { before: PMNode; after: PMNode; change: Change | null } | null = null;

/** Whether from..to lies inside one text block, with no `mark` in it or on either side of it. */
function insideOneBlock(doc: PMNode, from: number, to: number, mark?: MarkType): boolean {
  const $from = doc.resolve(from);
  if (!$from.parent.isTextblock || to > $from.end()) return false;
  // Next to a bracket too: a sign at its edge must not be left on the wrong side of new text.
  return !mark || !markNear(doc, Math.max($from.start(), from - 1), Math.min($from.end(), to + 1), mark);
}

function markNear(doc: PMNode, from: number, to: number, mark: MarkType): boolean {
  let found = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.isInline && mark.isInSet(node.marks)) found = true;
    return !found;
  });
  return found;
}

/** `set` moved with the text when the transaction only moved text (see {@link textEditMap}); null when it must be drawn again. */
export function textMoved(tr: Transaction, set: DecorationSet, mark?: MarkType): DecorationSet | null {
  const map = textEditMap(tr, mark);
  return map ? set.map(map, tr.doc) : null;
}
