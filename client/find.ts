import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState, Transaction } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { EditorView } from "prosemirror-view";
import { scrollToMiddle } from "./change-focus.ts";
import { h } from "./dom.ts";
import { whenIdle } from "./room.ts";
import type { Room } from "./room.ts";
import { strings } from "./ui-text/index.ts";

/**
 * Find in the draft (Ctrl+F): every match of the words typed, struck text and labels included
 * (a delegate looks for wording that is proposed for deletion too), case-insensitive, with "3 of
 * 17" and Enter / Shift+Enter to go from one to the next. The matches follow the text as others
 * edit it (they are found again once the page is idle).
 */

interface Found {
  query: string;
  matches: { from: number; to: number }[];
  current: number;
  decorations: DecorationSet;
}

const findKey = new PluginKey<Found>("find");
const NONE: Found = { query: "", matches: [], current: -1, decorations: DecorationSet.empty };

/** Every match of `query` (case-insensitive) in the text blocks of `doc`, in order. */
export function findMatches(doc: PMNode, query: string): { from: number; to: number }[] {
  const needle = query.toLocaleLowerCase();
  if (!needle) return [];
  const matches: { from: number; to: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // Positions of each character of the block's text (line breaks are not text).
    let text = "";
    const at: number[] = [];
    node.forEach((child, offset) => {
      if (!child.isText) return;
      for (let i = 0; i < child.text!.length; i++) at.push(pos + 1 + offset + i);
      text += child.text;
    });
    const lower = text.toLocaleLowerCase();
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      matches.push({ from: at[i]!, to: at[i + needle.length - 1]! + 1 });
    }
    return false;
  });
  return matches;
}

function found(doc: PMNode, query: string, current: number, near?: number): Found {
  const matches = findMatches(doc, query);
  let index = matches.length === 0 ? -1 : Math.min(Math.max(current, 0), matches.length - 1);
  if (near !== undefined && matches.length > 0) index = Math.max(0, matches.findIndex((m) => m.from >= near));
  const decorations = DecorationSet.create(
    doc,
    matches.map((m, i) => Decoration.inline(m.from, m.to, { class: i === index ? "find-match find-current" : "find-match" })),
  );
  return { query, matches, current: index, decorations };
}

/** The plugin that keeps the matches and draws them. */
export function findPlugin(): Plugin<Found> {
  return new Plugin<Found>({
    key: findKey,
    state: {
      init: () => NONE,
      apply(tr: Transaction, value: Found, _old: EditorState, state: EditorState): Found {
        const set = tr.getMeta(findKey) as { query: string; current: number; near?: number } | undefined;
        if (set) return set.query ? found(state.doc, set.query, set.current, set.near) : NONE;
        if (!value.query || !tr.docChanged) return value;
        // Until the page is idle: the matches move with the text (found again then).
        return { ...value, matches: value.matches.map((m) => ({ from: tr.mapping.map(m.from, 1), to: tr.mapping.map(m.to, -1) })).filter((m) => m.to > m.from), decorations: value.decorations.map(tr.mapping, tr.doc) };
      },
    },
    props: { decorations: (state) => findKey.getState(state)?.decorations ?? null },
  });
}

/** The find bar above the draft; returns its opener (Ctrl+F in the draft, and anywhere on the page). */
export function findBar(room: Room): () => boolean {
  const view = room.view;
  const input = h("input", { type: "search", id: "find-input", class: "find-input", placeholder: strings.find.placeholder, "aria-label": strings.find.label, autocomplete: "off" });
  const count = h("span", { class: "find-count", role: "status", "aria-live": "polite" });
  const previous = h("button", { type: "button", class: "button small", "aria-label": strings.find.previous }, "↑");
  const next = h("button", { type: "button", class: "button small", "aria-label": strings.find.next }, "↓");
  const close = h("button", { type: "button", class: "button small", "aria-label": strings.find.close }, "✕");
  const bar = h("div", { class: "find-bar", role: "search", hidden: true }, input, count, previous, next, close);
  document.getElementById("main")!.prepend(bar);

  const state = () => findKey.getState(view.state) ?? NONE;
  const render = () => {
    const { query, matches, current } = state();
    count.textContent = !query ? "" : matches.length === 0 ? strings.find.noMatches : strings.find.position(current + 1, matches.length);
    bar.dataset.none = String(!!query && matches.length === 0);
  };
  const search = (query: string, current: number, near?: number) => {
    view.dispatch(view.state.tr.setMeta(findKey, { query, current, near }).setMeta("addToHistory", false));
    render();
    show(view);
  };
  const step = (by: number) => {
    const { query, matches, current } = state();
    if (!query || matches.length === 0) return;
    search(query, (current + by + matches.length) % matches.length);
  };
  input.addEventListener("input", () => search(input.value, 0, view.state.selection.from));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      hide();
    }
  });
  previous.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  close.addEventListener("click", () => hide());
  const hide = () => {
    bar.hidden = true;
    search("", -1);
    view.focus();
  };
  const open = () => {
    bar.hidden = false;
    const selected = view.state.selection.empty ? "" : view.state.doc.textBetween(view.state.selection.from, view.state.selection.to, " ");
    if (selected && selected.length < 80 && !selected.includes("\n")) input.value = selected;
    input.focus();
    input.select();
    if (input.value) search(input.value, 0, view.state.selection.from);
    return true;
  };
  // Others' edits move the text: the matches are found again once the page is idle.
  const again = whenIdle(() => {
    const { query, current } = state();
    if (!query || bar.hidden) return;
    view.dispatch(view.state.tr.setMeta(findKey, { query, current }).setMeta("addToHistory", false));
    render();
  });
  room.onUpdate((tr) => {
    if (tr.docChanged) again();
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "f") {
      event.preventDefault();
      open();
    }
  });
  return open;
}

/** Scrolls the current match to the middle of the screen. */
function show(view: EditorView): void {
  const { matches, current } = findKey.getState(view.state) ?? NONE;
  const match = matches[current];
  if (!match) return;
  const { node } = view.domAtPos(match.from);
  const element = node instanceof HTMLElement ? node : node.parentElement;
  if (element) scrollToMiddle(element);
}
