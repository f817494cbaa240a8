import * as Y from "yjs";

/**
 * Takes back a refused transaction in place, so a refusal costs in proportion to the
 * update (issue 9) instead of a reload of the whole session from the store.
 *
 * Called from the doc's `beforeObserverCalls` event, while Yjs cleans the transaction
 * up and before it garbage-collects what was deleted or emits the `update`: every item
 * the transaction added is unlinked from its parent and dropped from the struct store,
 * every item it deleted is live again, and the transaction is emptied so that the rest
 * of the cleanup (observers, GC, merging, the `update` event) has nothing to do. Items
 * that integration split in two stay split: the same content, which Yjs merges back.
 *
 * This reaches into Yjs internals (`_start`, `_map`, `_length`, `info`, the struct
 * store) as of yjs 13.6; `server/check/rollback.test.ts` holds it to Yjs's behaviour.
 */

/** Item.info's "deleted" bit (yjs src/structs/Item.js, `markDeleted`). */
const DELETED = 0b100;

/** Yjs internals this module touches, typed. */
interface Parent {
  _start: Y.Item | null;
  _map: Map<string, Y.Item>;
  _length: number;
  _searchMarker: unknown[] | null;
}

/** Undoes everything `transaction` did to its doc; after this it emits no update. */
export function rollback(transaction: Y.Transaction): void {
  const doc = transaction.doc;
  const store = doc.store;
  const parents = new Set<Parent>();
  reviveDeleted(transaction, parents);
  for (const [client, structs] of store.clients) {
    const before = transaction.beforeState.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= before) continue;
    const first = before === 0 ? 0 : Y.findIndexSS(structs, before);
    for (let i = structs.length - 1; i >= first; i--) {
      const struct = structs[i]!;
      if (struct instanceof Y.Item) unlink(struct, parents);
    }
    structs.length = first;
    if (structs.length === 0) store.clients.delete(client);
  }
  for (const parent of parents) if (parent._searchMarker) parent._searchMarker.length = 0;
  store.pendingStructs = null;
  store.pendingDs = null;
  transaction.deleteSet.clients.clear();
  transaction.afterState = new Map(transaction.beforeState);
  // In place: Yjs's cleanup holds this very array (it read it before the event).
  const merge = transaction._mergeStructs;
  const kept = merge.filter((s) => s.id.clock < (transaction.beforeState.get(s.id.client) ?? 0));
  merge.length = 0;
  for (const s of kept) merge.push(s);
  transaction.changed.clear();
  transaction.changedParentTypes.clear();
  transaction.subdocsAdded.clear();
  transaction.subdocsRemoved.clear();
  transaction.subdocsLoaded.clear();
  (transaction as unknown as { _needFormattingCleanup: boolean })._needFormattingCleanup = false;
}

/** Makes the items the transaction deleted (and that existed before it) live again. */
function reviveDeleted(transaction: Y.Transaction, parents: Set<Parent>): void {
  const store = transaction.doc.store;
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      if (clock >= before) continue;
      const end = Math.min(clock + len, before);
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        const item = structs[i];
        if (!(item instanceof Y.Item) || !item.deleted) continue;
        (item as unknown as { info: number }).info &= ~DELETED;
        const parent = item.parent as unknown as Parent;
        if (item.countable && item.parentSub === null) parent._length += item.length;
        parents.add(parent);
      }
    }
  }
}

/** Takes an item the transaction added out of its parent's list (or map entry). */
function unlink(item: Y.Item, parents: Set<Parent>): void {
  const parent = item.parent as unknown as Parent | null;
  if (!parent || !(parent as object instanceof Y.AbstractType)) return;
  parents.add(parent);
  if (item.parentSub !== null) {
    if (parent._map.get(item.parentSub) === item) {
      if (item.left !== null) parent._map.set(item.parentSub, item.left);
      else parent._map.delete(item.parentSub);
    }
  } else {
    if (item.countable && !item.deleted) parent._length -= item.length;
    if (parent._start === item) parent._start = item.right;
  }
  if (item.left !== null) item.left.right = item.right;
  if (item.right !== null) item.right.left = item.left;
}
