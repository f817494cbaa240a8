import * as Y from "yjs";
import type { YView } from "../../shared/yjs/read.ts";

/**
 * The two sides of one Yjs transaction over the same items: what was visible before it
 * (items that existed and were not deleted, or were deleted by it) and after it (items
 * not deleted). Read while the transaction is being cleaned up, before Yjs collects the
 * content of what it deleted. Each side is a {@link YView} for the strict reader.
 */

/** Before or after the transaction. */
export type Side = "before" | "after";

/** Visibility of items on each side of one transaction. */
export class Views {
  readonly before: YView;
  readonly after: YView;

  constructor(readonly transaction: Y.Transaction) {
    this.before = this.view("before");
    this.after = this.view("after");
  }

  /** Whether the transaction created the item. */
  added(item: Y.Item): boolean {
    return item.id.clock >= (this.transaction.beforeState.get(item.id.client) ?? 0);
  }

  /** Whether the transaction deleted the item. */
  deletedNow(item: Y.Item): boolean {
    return item.deleted && !this.added(item) && Y.isDeleted(this.transaction.deleteSet, item.id);
  }

  /** Whether the item is visible on one side. */
  visible(item: Y.Item, side: Side): boolean {
    if (side === "after") return !item.deleted;
    return !this.added(item) && (!item.deleted || this.deletedNow(item));
  }

  side(side: Side): YView {
    return side === "before" ? this.before : this.after;
  }

  private view(side: Side): YView {
    return {
      visible: (item) => this.visible(item, side),
      attribute: (type, key) => {
        let item: Y.Item | null = type._map.get(key) ?? null;
        if (side === "before") while (item !== null && this.added(item)) item = item.left;
        if (item === null || !this.visible(item, side)) return null;
        const content = item.content.getContent();
        return { value: content[content.length - 1] };
      },
    };
  }
}
