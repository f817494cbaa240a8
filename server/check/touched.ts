import * as Y from "yjs";
import type { Container } from "../../shared/yjs/read.ts";
import type { Views } from "./views.ts";

/**
 * Where one transaction changed the session's Y.Doc, found from the items it added and
 * deleted (so in proportion to the change, never to the document): stretches of
 * neighbouring blocks in the body or in one clause group, the other root types it
 * wrote (`meta`, `decisions` ...), and anything y-prosemirror never writes.
 */

/** A run of neighbouring children of one container that the transaction touched. */
export interface Stretch {
  container: Container;
  items: Y.Item[];
}

/** Everything one transaction touched. */
export interface Touched {
  stretches: Stretch[];
  /** Root types other than the body that changed, with their changed direct children. */
  roots: Map<string, Set<Y.Item>>;
  /** A change y-prosemirror never makes, in words; null when none. */
  strange: string | null;
  /**
   * New content written into a block, text or group that was already removed (by a
   * decision or another change the sender had not seen): Yjs keeps it, invisible, so
   * accepting it would lose the sender's words without a word. Null when none.
   */
  lost: string | null;
}

/** Collects what `views.transaction` touched under the `body` fragment and elsewhere. */
export function collectTouched(views: Views, body: Y.XmlFragment, carried: ReadonlySet<string> = new Set()): Touched {
  const transaction = views.transaction;
  const store = transaction.doc.store;
  const anchors = new Map<Y.AbstractType<any>, Set<Y.Item>>();
  const touched: Touched = { stretches: [], roots: new Map(), strange: null, lost: null };
  const note = (struct: Y.Item | Y.GC) => {
    if (struct instanceof Y.Item) anchor(struct, views, body, anchors, touched);
  };
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      note(struct);
      if (struct instanceof Y.Item && touched.lost === null && !carried.has(`${struct.id.client}:${struct.id.clock}`) && landsInRemoved(struct, views)) {
        touched.lost = LOST_WRITE;
      }
    }
  }
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const structs = store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) note(structs[i]!);
    }
  }
  // When the body's own list changed (a group or a header block came or went), text may
  // have moved between groups: the groups touched inside are checked whole, with the body.
  const inBody = anchors.get(body);
  if (inBody && anchors.size > 1) {
    for (const container of [...anchors.keys()]) {
      if (container === body || container._item === null) continue;
      inBody.add(container._item);
      anchors.delete(container);
    }
  }
  for (const [container, items] of anchors) {
    const kind: Container = container === body ? "body" : "group";
    for (const items_ of stretchesOf(items, views)) touched.stretches.push({ container: kind, items: items_ });
  }
  return touched;
}

/** Why a change that landed in removed content is refused (here, and in the room for content Yjs collected on arrival). */
export const LOST_WRITE = "your change went into text that was removed meanwhile";

/** Whether a new item (with content) lies under a type that was removed before this transaction. */
function landsInRemoved(item: Y.Item, views: Views): boolean {
  if (item.content instanceof Y.ContentDeleted) return false;
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item !== null) {
    const holder: Y.Item = parent._item;
    if (!views.added(holder)) return holder.deleted && !views.deletedNow(holder);
    parent = holder.parent;
  }
  return false;
}

/** A clause group that existed before the transaction and still exists: its children are checked on their own. */
function isStableGroup(type: Y.AbstractType<any>, views: Views): boolean {
  const item = type._item;
  return type instanceof Y.XmlElement && type.nodeName === "clause_group" && item !== null && !views.added(item) && !item.deleted;
}

/** Climbs from a changed item to the child of the body (or of a stable clause group) it lies in. */
function anchor(
  item: Y.Item,
  views: Views,
  body: Y.XmlFragment,
  anchors: Map<Y.AbstractType<any>, Set<Y.Item>>,
  touched: Touched,
): void {
  let x = item;
  for (;;) {
    const parent = x.parent;
    if (!(parent instanceof Y.AbstractType)) return;
    if (parent === body) {
      if (x.parentSub !== null) touched.strange ??= "setting attributes on the document body";
      else add(anchors, body, x);
      return;
    }
    if (parent._item === null) {
      const name = rootName(parent, views.transaction.doc);
      let items = touched.roots.get(name);
      if (!items) touched.roots.set(name, (items = new Set()));
      items.add(x);
      return;
    }
    if (x.parentSub === null && isStableGroup(parent, views)) {
      add(anchors, parent, x);
      return;
    }
    x = parent._item;
  }
}

function add(anchors: Map<Y.AbstractType<any>, Set<Y.Item>>, container: Y.AbstractType<any>, item: Y.Item): void {
  let set = anchors.get(container);
  if (!set) anchors.set(container, (set = new Set()));
  set.add(item);
}

function rootName(type: Y.AbstractType<any>, doc: Y.Doc): string {
  for (const [name, root] of doc.share) if (root === type) return name;
  return "(unnamed)";
}

/**
 * Groups touched children into runs of neighbours: a run grows over touched items and
 * over items invisible on both sides (older tombstones), and ends at an untouched child.
 */
function stretchesOf(items: Set<Y.Item>, views: Views): Y.Item[][] {
  const idle = (item: Y.Item) => !views.visible(item, "before") && !views.visible(item, "after");
  const covered = new Set<Y.Item>();
  const runs: Y.Item[][] = [];
  for (const item of items) {
    if (covered.has(item)) continue;
    let left = item;
    while (left.left !== null && (items.has(left.left) || idle(left.left))) left = left.left;
    const run: Y.Item[] = [];
    let x: Y.Item | null = left;
    while (x !== null && (x === left || items.has(x) || idle(x))) {
      run.push(x);
      covered.add(x);
      x = x.right;
    }
    runs.push(run);
  }
  return runs;
}
