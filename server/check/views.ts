import * as Y from "yjs";

/**
 * The two sides of one Yjs transaction over the same items: what was visible before it
 * (items that existed and were not deleted, or were deleted by it) and after it (items
 * not deleted). Read while the transaction is being cleaned up, before Yjs collects the
 * content of what it deleted.
 */

/** Before or after the transaction. */
export type Side = "before" | "after";

/** Visibility of items on each side of one transaction. */
export class Views {
  constructor(readonly transaction: Y.Transaction) {}

  /** Whether the transaction created the item. */
  added(item: Y.Item): boolean {
    return item.id.clock >= (this.transaction.beforeState.get(item.id.client) ?? 0);
  }

  /** Whether the transaction deleted the item. */
  deletedNow(item: Y.Item): boolean {
    return item.deleted && Y.isDeleted(this.transaction.deleteSet, item.id);
  }

  /** Whether the item is visible on one side. */
  visible(item: Y.Item, side: Side): boolean {
    if (side === "after") return !item.deleted;
    return !this.added(item) && (!item.deleted || this.deletedNow(item));
  }

  /** The visible child items of a type on one side, in order. */
  children(type: Y.AbstractType<any>, side: Side): Y.Item[] {
    const items: Y.Item[] = [];
    for (let item = type._start; item !== null; item = item.right) if (this.visible(item, side)) items.push(item);
    return items;
  }

  /** The attributes of an element on one side (the map entries of a Y.XmlElement). */
  attributes(type: Y.AbstractType<any>, side: Side): Record<string, unknown> {
    const attrs: Record<string, unknown> = {};
    for (const [key, latest] of type._map) {
      let item: Y.Item | null = latest;
      if (side === "before") while (item !== null && this.added(item)) item = item.left;
      if (item === null || !this.visible(item, side)) continue;
      const content = item.content.getContent();
      const value = content[content.length - 1];
      if (value !== null && value !== undefined) attrs[key] = value;
    }
    return attrs;
  }
}
