import * as Y from "yjs";

/**
 * What an undo step of one's own holds: y-prosemirror writes every edit of a paragraph
 * by re-applying the whole paragraph's marks (sync-plugin.js `updateYText`), and Yjs, in
 * doing so, deletes the formatting items that repeat or cancel one another and writes
 * others in their place. That clean-up changes no character's marks, but Yjs's
 * UndoManager keeps it in the undo step like the edit itself, and undoing the step writes
 * the deleted items again as they were. Meanwhile others may have changed those marks: the
 * chair, accepting its own insertion, deletes the items that begin and end it; an undo
 * that then writes back an item beginning that insertion, where the paragraph's clean-up
 * had taken out a redundant "end, begin again", makes the chair's insertion run on over
 * every word after it, to the end of the paragraph (fuzz seed 3 op #307: USA's undo,
 * refused "writing as chair").
 *
 * So a step keeps only the formatting changes that changed marks: the ones in a gap
 * between two characters where the marks of the characters on either side are the same
 * before and after the step, and no character was typed or deleted in between, are taken
 * out of it. Undoing the step then leaves that gap as it stands: what the step did there
 * was nothing, and what others did there since is kept.
 */

type StackItem = Y.UndoManager["undoStack"][number];
type DeleteSet = StackItem["insertions"];

/** Keeps formatting clean-ups out of `undoManager`'s steps, undo and redo (see the module comment). */
export function keepCleanupsOutOfUndo(undoManager: Y.UndoManager): void {
  const strip = ({ stackItem }: { stackItem: StackItem }) => {
    const neutral = neutralFormatting(undoManager.doc.store, stackItem);
    if (neutral.size === 0) return;
    // Never changed in place: a new step's deletions are its transaction's own delete set.
    stackItem.insertions = withoutItems(stackItem.insertions, neutral);
    stackItem.deletions = withoutItems(stackItem.deletions, neutral);
  };
  undoManager.on("stack-item-added", strip);
  undoManager.on("stack-item-updated", strip);
}

/**
 * The formatting items a step wrote or deleted that changed no character's marks: those
 * in a gap between two characters that stand before and after the step (or the text's
 * start or end), with no character typed or deleted in the gap, and the marks in force on
 * both sides of the gap the same before and after.
 */
function neutralFormatting(store: Y.Doc["store"], step: StackItem): Set<Y.Item> {
  const neutral = new Set<Y.Item>();
  for (const text of textsWithFormatting(store, step)) {
    for (const item of neutralIn(text, step)) neutral.add(item);
  }
  return neutral;
}

/** The texts in which the step wrote or deleted a formatting item. */
function textsWithFormatting(store: Y.Doc["store"], step: StackItem): Set<Y.AbstractType<unknown>> {
  const texts = new Set<Y.AbstractType<unknown>>();
  for (const ds of [step.insertions, step.deletions]) {
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        for (let at = clock; at < clock + len; ) {
          const struct = Y.getItem(store, Y.createID(client, at)) as Y.Item | Y.GC;
          if (struct instanceof Y.Item && struct.content instanceof Y.ContentFormat && struct.parent instanceof Y.AbstractType) texts.add(struct.parent);
          at = struct.id.clock + struct.length;
        }
      }
    }
  }
  return texts;
}

/** One text's neutral formatting changes (see neutralFormatting), in one walk of its items. */
function neutralIn(text: Y.AbstractType<unknown>, step: StackItem): Y.Item[] {
  const neutral: Y.Item[] = [];
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  let leftSame = true;
  let changes: Y.Item[] = [];
  let textChanged = false;
  const closeGap = () => {
    const rightSame = sameAttributes(before, after);
    if (leftSame && rightSame && !textChanged) for (const item of changes) neutral.push(item);
    leftSame = rightSame;
    changes = [];
    textChanged = false;
  };
  for (let item = text._start; item !== null; item = item.right) {
    const added = Y.isDeleted(step.insertions, item.id);
    const stoodBefore = !added && (!item.deleted || Y.isDeleted(step.deletions, item.id));
    const standsAfter = !item.deleted;
    if (item.content instanceof Y.ContentFormat) {
      if (stoodBefore) setAttribute(before, item.content);
      if (standsAfter) setAttribute(after, item.content);
      if (stoodBefore !== standsAfter) changes.push(item);
    } else if (item.countable) {
      if (stoodBefore && standsAfter) closeGap();
      else if (stoodBefore || standsAfter) textChanged = true;
    }
  }
  closeGap();
  return neutral;
}

/** Yjs's reading of a formatting item: its key set to its value, or taken off by null. */
function setAttribute(attributes: Map<string, unknown>, format: Y.ContentFormat): void {
  if (format.value === null) attributes.delete(format.key);
  else attributes.set(format.key, format.value);
}

function sameAttributes(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (!b.has(key) || JSON.stringify(b.get(key)) !== JSON.stringify(value)) return false;
  }
  return true;
}

/** A copy of `ds` without the given items (formatting items: one clock each). */
function withoutItems(ds: DeleteSet, items: ReadonlySet<Y.Item>): DeleteSet {
  const skip = new Map<number, number[]>();
  for (const item of items) {
    const clocks = skip.get(item.id.client);
    if (clocks) clocks.push(item.id.clock);
    else skip.set(item.id.client, [item.id.clock]);
  }
  for (const clocks of skip.values()) clocks.sort((a, b) => a - b);
  const copy = Y.createDeleteSet();
  for (const [client, ranges] of ds.clients) {
    const clocks = skip.get(client) ?? [];
    const kept: typeof ranges = [];
    for (const { clock, len } of ranges) {
      let start = clock;
      for (const at of clocks) {
        if (at < start || at >= clock + len) continue;
        if (at > start) kept.push({ clock: start, len: at - start });
        start = at + 1;
      }
      if (start < clock + len) kept.push({ clock: start, len: clock + len - start });
    }
    if (kept.length > 0) copy.clients.set(client, kept);
  }
  return copy;
}
