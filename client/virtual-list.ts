/**
 * A long list drawn a window at a time: only the items on screen and {@link OVERSCAN} items on
 * either side are in the DOM; the rest is padding sized from measured (or estimated) heights,
 * so the scroll bar, "jump to" and the keyboard behave as if every item were there. Each item
 * keeps its element while its `version` stays the same: an update re-draws only what changed.
 *
 * The list scrolls with whatever scrolls it (the side panel, or the page on a narrow screen):
 * it listens to every scroll in the document and to resizes.
 */
export interface VirtualListOptions<T> {
  /** A stable key per item. */
  key(item: T): string;
  /** What the item's element depends on: a new version re-draws it. */
  version(item: T): unknown;
  /** Draws one item (an `li`). */
  render(item: T): HTMLElement;
}

/** Items drawn beyond the visible ones on each side: a short list is drawn whole. */
export const OVERSCAN = 100;
const ESTIMATE = 96;

export class VirtualList<T> {
  private items: readonly T[] = [];
  private readonly drawn = new Map<string, { version: unknown; element: HTMLElement }>();
  private readonly heights = new Map<string, number>();
  private queued = false;
  /** The part of the list on screen, from its top (px), read after layout: on scroll and resize. */
  private view = { top: 0, bottom: 0, known: false };
  private gap = 0;
  /** Measures drawn items after layout (never forcing one): their heights size the padding. */
  private readonly sizes = new ResizeObserver((records) => {
    let changed = false;
    for (const record of records) {
      const key = (record.target as HTMLElement).dataset.key;
      const height = record.borderBoxSize?.[0]?.blockSize ?? (record.target as HTMLElement).offsetHeight;
      if (key && height > 0 && this.heights.get(key) !== height) {
        this.heights.set(key, height);
        changed = true;
      }
    }
    if (!changed && this.view.known) return;
    this.measure(); // layout is fresh here: reading it costs nothing
    this.later();
  });

  constructor(
    readonly element: HTMLElement,
    private readonly options: VirtualListOptions<T>,
  ) {
    const later = () => this.later(true);
    document.addEventListener("scroll", later, { capture: true, passive: true });
    window.addEventListener("resize", later, { passive: true });
  }

  /** Replaces the items and re-draws the window. */
  set(items: readonly T[]): void {
    if (items.length < this.heights.size / 2) {
      // Most measured items are gone (a filter, a bulk decision): forget their heights.
      const present = new Set(items.map((item) => this.options.key(item)));
      for (const key of [...this.heights.keys()]) if (!present.has(key)) this.heights.delete(key);
    }
    this.items = items;
    this.draw();
  }

  /** The index of the item with this key, or -1. */
  private indexOf(key: string): number {
    return this.items.findIndex((item) => this.options.key(item) === key);
  }

  /** Draws in the next frame; `measure`: read where the list is on screen first. */
  private later(measure = false): void {
    this.measureNext ||= measure;
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      if (this.measureNext) this.measure();
      this.measureNext = false;
      this.draw();
    });
  }

  private measureNext = false;

  /** Reads the part of the list on screen: the viewport, cut by every scrolling ancestor. */
  private measure(): void {
    const box = this.element.getBoundingClientRect();
    let top = 0;
    let bottom = window.innerHeight;
    for (let parent = this.element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowY;
      if (overflow !== "auto" && overflow !== "scroll") continue;
      const rect = parent.getBoundingClientRect();
      top = Math.max(top, rect.top);
      bottom = Math.min(bottom, rect.bottom);
    }
    this.gap = parseFloat(getComputedStyle(this.element).rowGap) || 0;
    this.view = { top: top - box.top, bottom: bottom - box.top, known: true };
  }

  /** Draws the window on screen (widened to include the focused item). */
  private draw(): void {
    const { items, options, gap } = this;
    const offsets = new Float64Array(items.length + 1);
    let measured = 0;
    let measuredCount = 0;
    for (const height of this.heights.values()) (measured += height), measuredCount++;
    const estimate = measuredCount ? measured / measuredCount : ESTIMATE;
    for (let i = 0; i < items.length; i++) offsets[i + 1] = offsets[i] + (this.heights.get(options.key(items[i])) ?? estimate) + gap;

    // Until the list was first laid out, the top of it counts as on screen.
    const viewTop = this.view.known ? this.view.top : 0;
    const viewBottom = this.view.known ? this.view.bottom : window.innerHeight;
    let first = upperBound(offsets, viewTop) - 1;
    let last = upperBound(offsets, viewBottom) - 1;
    first = Math.max(0, first - OVERSCAN);
    last = Math.min(items.length - 1, last + OVERSCAN);
    // The focused item stays drawn (typing elsewhere must not take focus out of the list).
    const active = document.activeElement?.closest<HTMLElement>("[data-key]");
    const focused = active && this.element.contains(active) ? this.indexOf(active.dataset.key!) : -1;
    if (focused >= 0) {
      first = Math.min(first, focused);
      last = Math.max(last, focused);
    }

    const next: HTMLElement[] = [];
    const keys = new Set<string>();
    for (let i = first; i <= last && i >= 0; i++) {
      const item = items[i];
      const key = options.key(item);
      const version = options.version(item);
      let drawn = this.drawn.get(key);
      if (!drawn || drawn.version !== version) {
        if (drawn) this.sizes.unobserve(drawn.element);
        drawn = { version, element: options.render(item) };
        drawn.element.dataset.key = key;
        this.drawn.set(key, drawn);
        this.sizes.observe(drawn.element);
      }
      drawn.element.setAttribute("aria-posinset", String(i + 1));
      drawn.element.setAttribute("aria-setsize", String(items.length));
      keys.add(key);
      next.push(drawn.element);
    }
    for (const [key, drawn] of [...this.drawn]) {
      if (keys.has(key)) continue;
      this.sizes.unobserve(drawn.element);
      this.drawn.delete(key);
    }

    patchChildren(this.element, next);
    const padTop = first >= 0 ? offsets[first] : 0;
    const padBottom = last >= 0 ? offsets[items.length] - offsets[last + 1] : 0;
    this.element.style.paddingTop = `${padTop}px`;
    this.element.style.paddingBottom = `${padBottom}px`;
  }
}

/**
 * Makes `next` the children of `list`, touching only what differs: elements that went are
 * removed, new ones inserted in place, the rest stay (so the browser lays out only the new
 * entries, and the focused button keeps its focus).
 */
function patchChildren(list: HTMLElement, next: readonly HTMLElement[]): void {
  const keep = new Set<Element>(next);
  for (const child of [...list.children]) if (!keep.has(child)) child.remove();
  let cursor = list.firstElementChild;
  for (const element of next) {
    if (cursor === element) {
      cursor = cursor.nextElementSibling;
      continue;
    }
    list.insertBefore(element, cursor);
  }
}

/** The first index whose offset is greater than `value` (offsets ascending). */
function upperBound(offsets: Float64Array, value: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
