import type { Node as PMNode } from "prosemirror-model";
import { countByAuthor, listChanges } from "../shared/track/changes.ts";
import type { ChangeEntry } from "../shared/track/changes.ts";
import { authorChip } from "./author-chip.ts";
import { changeEntry } from "./change-entry.ts";
import type { EntryActions } from "./change-entry.ts";
import { showChange } from "./change-focus.ts";
import { h } from "./dom.ts";
import { onceAFrame } from "./room.ts";
import type { Room } from "./room.ts";

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
 */
export function changesPanel(room: Room, actions: EntryActions | null, top: HTMLElement | null, filter: ChangeFilterState = { by: "", group: "" }): HTMLElement {
  const byAuthor = h("select", { id: "filter-by", class: "filter" });
  const byGroup = h("select", { id: "filter-group", class: "filter" });
  const counts = h("ul", { class: "change-counts", "aria-label": "Changes per author (press to filter)" });
  const summary = h("p", { class: "change-summary", role: "status" });
  const list = h("ol", { class: "change-list", "aria-label": "Changes in document order" });
  const shown = new Map<string, { key: string; element: HTMLElement }>();

  const render = () => {
    const all = listChanges(room.view.state.doc);
    fillAuthors(byAuthor, all, room, filter.by);
    fillGroups(byGroup, room.view.state.doc, filter.group);
    renderCounts(counts, all, room, filter, render);
    const entries = all.filter((e) => (!filter.by || e.by === filter.by) && (!filter.group || String(e.group?.index ?? "header") === filter.group));
    summary.textContent = entries.length === all.length ? `${all.length} ${plural(all.length, "change")} in the draft` : `${entries.length} of ${all.length} ${plural(all.length, "change")} shown`;
    renderList(list, shown, entries, room, actions);
  };
  const later = onceAFrame(render);
  byAuthor.addEventListener("change", () => ((filter.by = byAuthor.value), render()));
  byGroup.addEventListener("change", () => ((filter.group = byGroup.value), render()));
  list.addEventListener("click", (event) => {
    const goTo = (event.target as Element).closest(".change-goto");
    const item = goTo?.closest<HTMLElement>("li.change");
    const entry = item && listChanges(room.view.state.doc).find((e) => e.id === item.dataset.id);
    if (entry) showChange(room.view, entry);
  });
  room.onUpdate(later);
  render();
  return h(
    "section",
    { class: "changes" },
    top,
    h("div", { class: "change-filters" }, h("label", { for: "filter-by" }, "Author"), byAuthor, h("label", { for: "filter-group" }, "Clause group"), byGroup),
    counts,
    summary,
    list,
  );
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function fillAuthors(select: HTMLSelectElement, all: readonly ChangeEntry[], room: Room, value: string): void {
  const authors = new Set([...room.roster.filter((p) => p.code).map((p) => p.code!), ...all.map((e) => e.by)]);
  if (value) authors.add(value);
  const options: (readonly [string, string])[] = [["", "All authors"], ...[...authors].map((by) => [by, by === "import" ? "Imported (author not recorded)" : by] as const)];
  replaceOptions(select, options, value);
}

function fillGroups(select: HTMLSelectElement, doc: PMNode, value: string): void {
  const options: (readonly [string, string])[] = [["", "All clause groups"], ["header", "Header"]];
  let index = 0;
  doc.forEach((node) => {
    if (node.type.name === "clause_group") options.push([String(index++), node.firstChild?.textContent.trim() || "(untitled group)"]);
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
  select.value = value;
}

function renderCounts(counts: HTMLElement, all: readonly ChangeEntry[], room: Room, filter: ChangeFilterState, render: () => void): void {
  const items = [...countByAuthor(all)].sort(([a], [b]) => a.localeCompare(b));
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
            "aria-label": `${by}: ${n} ${plural(n, "change")}${filter.by === by ? " (showing only these; press to show all)" : " (press to show only these)"}`,
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

/**
 * Updates the list in place, entry by entry, so the focused button survives a re-render caused by
 * someone else typing; when the focused entry itself went (the chair just decided it), focus moves
 * to the entry that took its place.
 */
function renderList(list: HTMLElement, shown: Map<string, { key: string; element: HTMLElement }>, entries: readonly ChangeEntry[], room: Room, actions: EntryActions | null): void {
  const active = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement : null;
  const activeItem = active?.closest<HTMLElement>("li.change");
  const activeIndex = activeItem ? [...list.children].indexOf(activeItem) : -1;
  const activeAction = active?.dataset.action ?? "goto";
  const next: HTMLElement[] = [];
  const keep = new Set<string>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.kind, entry.by, entry.at, entry.text, entry.note, entry.group?.heading, entry.clause?.label, actions ? actions.alternatives(entry) : null]);
    let item = shown.get(entry.id);
    if (!item || item.key !== key) {
      item = { key, element: changeEntry(entry, room.roster, actions) };
      shown.set(entry.id, item);
    }
    keep.add(entry.id);
    next.push(item.element);
  }
  for (const id of [...shown.keys()]) if (!keep.has(id)) shown.delete(id);
  const same = next.length === list.children.length && next.every((element, i) => list.children[i] === element);
  if (!same) list.replaceChildren(...next);
  if (!active || document.activeElement === active) return;
  if (list.contains(active)) {
    active.focus();
  } else if (next.length > 0) {
    const item = activeItem && activeItem.dataset.id && keep.has(activeItem.dataset.id) ? shown.get(activeItem.dataset.id)!.element : next[Math.min(Math.max(activeIndex, 0), next.length - 1)]!;
    (item.querySelector<HTMLElement>(`[data-action="${activeAction}"]`) ?? item.querySelector<HTMLElement>(".change-goto"))?.focus();
  }
}
