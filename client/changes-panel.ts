import type { Node as PMNode } from "prosemirror-model";
import { countByAuthor } from "../shared/track/changes.ts";
import type { ChangeEntry } from "../shared/track/changes.ts";
import { authorChip } from "./author-chip.ts";
import { changeEntry } from "./change-entry.ts";
import type { EntryActions } from "./change-entry.ts";
import { showChange } from "./change-focus.ts";
import { h } from "./dom.ts";
import { whenIdle } from "./room.ts";
import type { Room } from "./room.ts";
import { VirtualList } from "./virtual-list.ts";
import { strings } from "./ui-text/index.ts";

/** What the list shows: one author's entries or all, one clause group's or all. */
export interface ChangeFilterState {
  by: string;
  group: string;
}

/**
 * The changes panel: every tracked change and bracket in document order, with who, when and where;
 * filters by delegation and by clause group; counts per author (each count also filters); a click
 * (or Enter) on an entry selects it in the draft and scrolls to it. With `actions` (the chair) each
 * entry has its decisions. `top` (the chair's bulk and clause tools) sits above the filters.
 *
 * It keeps up with a 300-page draft: the list of changes is kept up to date block by block
 * (shared/track/changes.ts `ChangeList`), the list on screen is drawn a window at a time
 * (client/virtual-list.ts), an entry is re-drawn only when what it shows changed, and the panel
 * follows the draft when the page is idle (within 250 ms), never inside a keystroke's frame.
 */
export function changesPanel(room: Room, actions: EntryActions | null, top: HTMLElement | null, filter: ChangeFilterState = { by: "", group: "" }): HTMLElement {
  const byAuthor = h("select", { id: "filter-by", class: "filter" });
  const byGroup = h("select", { id: "filter-group", class: "filter" });
  const counts = h("ul", { class: "change-counts", "aria-label": strings.changes.countsLabel });
  const summary = h("p", { class: "change-summary", role: "status" });
  const list = h("ol", { class: "change-list", "aria-label": strings.changes.listLabel });
  const changes = room.changes;
  const alternatives = alternativesCache(room, actions);
  const entries = new VirtualList<ChangeEntry>(list, {
    key: (entry) => entry.id,
    version: (entry) => [entry.kind, entry.by, entry.at, entry.text, entry.note, entry.group?.heading, entry.clause?.label, alternatives(entry)].join("\u0000"),
    render: (entry) => changeEntry(entry, room.roster, actions && { ...actions, alternatives }),
  });

  const render = () => {
    const doc = room.view.state.doc;
    const all = changes.update(doc);
    const perAuthor = countByAuthor(all);
    fillAuthors(byAuthor, perAuthor, room, filter.by);
    fillGroups(byGroup, doc, filter.group);
    renderCounts(counts, perAuthor, room, filter, render);
    const shown = filter.by || filter.group ? all.filter((e) => (!filter.by || e.by === filter.by) && (!filter.group || String(e.group?.index ?? "header") === filter.group)) : all;
    const words = shown.length === all.length ? strings.changes.count(all.length) : strings.changes.shown(shown.length, all.length);
    if (summary.textContent !== words) summary.textContent = words;
    keepFocus(list, () => entries.set(shown));
  };
  const later = whenIdle(render);
  byAuthor.addEventListener("change", () => ((filter.by = byAuthor.value), render()));
  byGroup.addEventListener("change", () => ((filter.group = byGroup.value), render()));
  list.addEventListener("click", (event) => {
    const goTo = (event.target as Element).closest(".change-goto");
    const item = goTo?.closest<HTMLElement>("li.change");
    const entry = item?.dataset.id ? changes.at(room.view.state.doc, item.dataset.id) : undefined;
    if (entry) showChange(room.view, entry);
  });
  room.onUpdate(later);
  render();
  return h(
    "section",
    { class: "changes" },
    top,
    h("div", { class: "change-filters" }, h("label", { for: "filter-by" }, strings.changes.author), byAuthor, h("label", { for: "filter-group" }, strings.changes.clauseGroup), byGroup),
    counts,
    summary,
    list,
  );
}

/**
 * A bracket's alternatives for its entry, read from its block and the blocks either side (not
 * the whole draft) and kept with that block node: the same block gives the same answer.
 */
function alternativesCache(room: Room, actions: EntryActions | null): (entry: ChangeEntry) => string[] {
  const known = new WeakMap<PMNode, Map<string, string[]>>();
  const none: string[] = [];
  return (entry) => {
    if (!actions || entry.kind !== "bracket") return none;
    const doc = room.view.state.doc;
    if (entry.from > doc.content.size) return none;
    const $from = doc.resolve(entry.from);
    const block = $from.parent;
    let byId = known.get(block);
    if (!byId) known.set(block, (byId = new Map()));
    let options = byId.get(entry.id);
    if (!options) {
      const within = $from.depth > 0 ? { from: Math.max(0, $from.before() - 1), to: Math.min(doc.content.size, $from.after() + 1) } : undefined;
      options = actions.alternatives(entry, within);
      byId.set(entry.id, options);
    }
    return options;
  };
}

/**
 * Runs `redraw` and keeps the keyboard in the list: when the focused entry went (the chair just
 * decided it), focus moves to the same button of the entry that took its place.
 */
function keepFocus(list: HTMLElement, redraw: () => void): void {
  const active = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement : null;
  const activeItem = active?.closest<HTMLElement>("li.change");
  const activeIndex = activeItem ? Number(activeItem.getAttribute("aria-posinset") ?? 1) - 1 : -1;
  const activeAction = active?.dataset.action ?? "goto";
  const firstDrawn = Number(list.firstElementChild?.getAttribute("aria-posinset") ?? 1) - 1;
  redraw();
  if (!active || document.activeElement === active || list.contains(active)) return;
  const items = [...list.children] as HTMLElement[];
  if (items.length === 0) return;
  const item = items[Math.min(Math.max(activeIndex - firstDrawn, 0), items.length - 1)]!;
  (item.querySelector<HTMLElement>(`[data-action="${activeAction}"]`) ?? item.querySelector<HTMLElement>(".change-goto"))?.focus();
}

function fillAuthors(select: HTMLSelectElement, perAuthor: ReadonlyMap<string, number>, room: Room, value: string): void {
  const authors = new Set([...room.roster.filter((p) => p.code).map((p) => p.code!), ...perAuthor.keys()]);
  if (value) authors.add(value);
  const options: (readonly [string, string])[] = [["", strings.changes.allAuthors], ...[...authors].map((by) => [by, by === "import" ? strings.changes.importedAuthor : by] as const)];
  replaceOptions(select, options, value);
}

function fillGroups(select: HTMLSelectElement, doc: PMNode, value: string): void {
  const options: (readonly [string, string])[] = [["", strings.changes.allGroups], ["header", strings.changes.header]];
  let index = 0;
  doc.forEach((node) => {
    if (node.type.name === "clause_group") options.push([String(index++), node.firstChild?.textContent.trim() || strings.changes.untitledGroup]);
  });
  replaceOptions(select, options, value);
}

/** Refills a select only when its options changed, so an open dropdown is not disturbed by typing. */
function replaceOptions(select: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  const key = JSON.stringify(options);
  if (select.dataset.key !== key) {
    select.dataset.key = key;
    select.replaceChildren(...options.map(([v, label]) => h("option", { value: v }, label)));
  }
  if (select.value !== value) select.value = value;
}

/** Redraws the counts only when a count or the filter changed (typing leaves them alone). */
function renderCounts(counts: HTMLElement, perAuthor: ReadonlyMap<string, number>, room: Room, filter: ChangeFilterState, render: () => void): void {
  const items = [...perAuthor].sort(([a], [b]) => a.localeCompare(b));
  const key = JSON.stringify([items, filter.by]);
  if (counts.dataset.key === key) return;
  counts.dataset.key = key;
  counts.replaceChildren(
    ...items.map(([by, n]) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "count-button",
            "data-by": by,
            "aria-pressed": String(filter.by === by),
            "aria-label": strings.changes.countButton(by, n, filter.by === by),
            onclick: () => {
              filter.by = filter.by === by ? "" : by;
              render();
            },
          },
          authorChip(room.roster, by),
          h("span", { class: "count" }, String(n)),
        ),
      ),
    ),
  );
}
