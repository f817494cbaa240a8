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
export function collectTouched(
  views: Views,
  body: Y.XmlFragment,
  carried: ReadonlySet<string> = new Set(),
  links: readonly (readonly [Y.Item, Y.Item])[] = [],
): Touched {
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
  // Text moved from one block to another (check/carry.ts): both ends, and what lies
  // between, are one stretch, so the moved text is read as moved, not as new.
  for (const [from, to] of links) link(from, to, views, body, anchors);
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

/**
 * The block attribute that proposes a block's removal: set on a block that was removed
 * meanwhile, it loses nothing (RUS's Delete at the end of a clause proposed deleting the
 * empty clause after it, which CHN had meanwhile taken back: refused, fuzz seed 6 op #400).
 */
export const REMOVAL_PROPOSAL = "deleted";

/** Why a change that landed in removed content is refused (here, and in the room for content Yjs collected on arrival). */
export const LOST_WRITE = "your change went into text that was removed meanwhile";

/** Whether a new item with content (text, a line break, a block) lies under a type that was removed before this transaction. */
function landsInRemoved(item: Y.Item, views: Views): boolean {
  // Formatting (a strike, a bracket) on text that is gone has nothing left to mark: no loss.
  if (item.content instanceof Y.ContentDeleted || !item.content.isCountable()) return false;
  // Nor a proposal to delete (or not) a block that is gone.
  if (item.parentSub === REMOVAL_PROPOSAL) return false;
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
  const found = anchorOf(item, views, body);
  if (!found) return;
  if ("root" in found) {
    let items = touched.roots.get(found.root);
    if (!items) touched.roots.set(found.root, (items = new Set()));
    items.add(found.item);
  } else if (found.container === body && found.item.parentSub !== null) {
    touched.strange ??= "setting attributes on the document body";
  } else {
    add(anchors, found.container, found.item);
  }
}

type Anchor = { container: Y.AbstractType<any>; item: Y.Item } | { root: string; item: Y.Item };

function anchorOf(item: Y.Item, views: Views, body: Y.XmlFragment): Anchor | null {
  let x = item;
  for (;;) {
    const parent = x.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent === body) return { container: body, item: x };
    if (parent._item === null) return { root: rootName(parent, views.transaction.doc), item: x };
    if (x.parentSub === null && isStableGroup(parent, views)) return { container: parent, item: x };
    x = parent._item;
  }
}

/** Marks both ends of a move, and every child between them, as touched. */
function link(from: Y.Item, to: Y.Item, views: Views, body: Y.XmlFragment, anchors: Map<Y.AbstractType<any>, Set<Y.Item>>): void {
  const a = anchorOf(from, views, body);
  const b = anchorOf(to, views, body);
  if (!a || !b || "root" in a || "root" in b) return;
  if (a.container === b.container) return fill(a.container, a.item, b.item, anchors);
  // Between clause groups: the groups (or header blocks) that hold the two ends, with the body.
  const top = (x: { container: Y.AbstractType<any>; item: Y.Item }) => (x.container === body ? x.item : x.container._item!);
  fill(body, top(a), top(b), anchors);
}

function fill(container: Y.AbstractType<any>, a: Y.Item, b: Y.Item, anchors: Map<Y.AbstractType<any>, Set<Y.Item>>): void {
  for (const [start, end] of [[a, b], [b, a]] as const) {
    const run: Y.Item[] = [];
    for (let x: Y.Item | null = start; x !== null; x = x.right) {
      if (x.parentSub === null) run.push(x);
      if (x === end) {
        for (const item of run) add(anchors, container, item);
        return;
      }
    }
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
