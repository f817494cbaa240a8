import { keymap } from "prosemirror-keymap";
import { toggleMark } from "prosemirror-commands";
import type { Plugin } from "prosemirror-state";
import type { ChangeEntry } from "../shared/track/changes.ts";
import { mayDecide, mayPropose } from "../shared/roles.ts";
import { schema } from "../shared/schema.ts";
import type { Role } from "../shared/roles.ts";
import type { EntryActions } from "./change-entry.ts";
import { changeFocusKey, showChange } from "./change-focus.ts";
import { h } from "./dom.ts";
import type { Room } from "./room.ts";
import { openModal } from "./modal.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The keys of the room, on top of typing: moving from change to change, the chair's decisions on
 * the change at the caret, formatting (the chair's), and the help that lists them all (Ctrl+/,
 * or "?" anywhere outside the text). The chair decides and moves on, as in Word's review pane.
 */

/** One key of the help, for a role. */
interface KeyHelp {
  keys: string;
  what: string;
  for: (role: Role) => boolean;
}

const EVERYONE = () => true;

const { help } = strings.keys;
const HELP: KeyHelp[] = [
  { ...help.next, for: EVERYONE },
  { ...help.previous, for: EVERYONE },
  { ...help.accept, for: mayDecide },
  { ...help.reject, for: mayDecide },
  { ...help.bracket, for: mayPropose },
  { ...help.find, for: EVERYONE },
  { ...help.format, for: mayDecide },
  { ...help.undo, for: mayPropose },
  { ...help.keys, for: EVERYONE },
];

/** The change whose text the selection is in (or the one picked in the Changes panel). */
export function changeAtCaret(room: Room): ChangeEntry | null {
  const state = room.view.state;
  const entries = room.changes.update(state.doc);
  const picked = changeFocusKey.getState(state);
  if (picked) {
    const entry = entries.find((e) => e.id === picked.id);
    if (entry) return entry;
  }
  const { from, to } = state.selection;
  return entries.find((e) => e.from <= from && to <= e.to) ?? null;
}

/** Moves to the next (or previous) change from the one picked, or from the caret, in document order; false at the end. */
export function goToChange(room: Room, direction: 1 | -1): boolean {
  const state = room.view.state;
  const entries = room.changes.update(state.doc);
  const current = changeFocusKey.getState(state);
  const index = current ? entries.findIndex((e) => e.id === current.id) : -1;
  const from = state.selection.from;
  const next = index >= 0 ? entries[index + direction] : direction === 1 ? entries.find((e) => e.from >= from) : [...entries].reverse().find((e) => e.from < from);
  if (!next) {
    room.notify(direction === 1 ? strings.keys.noneAfter : strings.keys.noneBefore, "info");
    return false;
  }
  showChange(room.view, next);
  return true;
}

/** The chair's decision on the change at the caret, then the next change. */
function decideAtCaret(room: Room, actions: EntryActions, verdict: "accept" | "reject"): boolean {
  const entry = changeAtCaret(room);
  if (!entry) {
    room.notify(strings.keys.caretInChange, "info");
    return true;
  }
  if (entry.kind === "bracket") (verdict === "accept" ? actions.agree : actions.drop)(entry);
  else (verdict === "accept" ? actions.accept : actions.reject)(entry);
  goToChange(room, 1);
  return true;
}

/** The room's keymap for the editor; `room()` is the room once the editor is made. */
export function roomKeys(room: () => Room | null, role: Role, actions: () => EntryActions | null): Plugin {
  const inRoom = (run: (r: Room) => boolean) => () => {
    const r = room();
    return r ? run(r) : false;
  };
  const format = (mark: "strong" | "em") =>
    inRoom((r) => {
      if (!mayDecide(role)) {
        r.notify(strings.keys.formattingForChair, "info");
        return true;
      }
      return toggleMark(schema.marks[mark])(r.view.state, r.view.dispatch);
    });
  return keymap({
    "Alt-ArrowDown": inRoom((r) => (goToChange(r, 1), true)),
    "Alt-ArrowUp": inRoom((r) => (goToChange(r, -1), true)),
    "Alt-Enter": inRoom((r) => {
      const a = actions();
      return a ? decideAtCaret(r, a, "accept") : false;
    }),
    "Alt-Backspace": inRoom((r) => {
      const a = actions();
      return a ? decideAtCaret(r, a, "reject") : false;
    }),
    "Mod-b": format("strong"),
    "Mod-i": format("em"),
    "Mod-/": () => {
      showKeys(role);
      return true;
    },
  });
}

/** Opens the list of keys for this role (a modal dialog; Escape closes it). */
export function showKeys(role: Role): void {
  if (document.querySelector(".keys-dialog")) return;
  const rows = HELP.filter((k) => k.for(role)).map((k) => h("tr", {}, h("th", { scope: "row" }, h("kbd", {}, k.keys)), h("td", {}, k.what)));
  const close = h("button", { type: "submit", class: "button primary" }, strings.dialog.close);
  const dialog = h(
    "dialog",
    { class: "keys-dialog", "aria-labelledby": "keys-title" },
    h("form", { method: "dialog" }, h("h2", { id: "keys-title" }, strings.keys.title), h("table", { class: "keys" }, h("tbody", {}, ...rows)), h("div", { class: "dialog-buttons" }, close)),
  );
  void openModal(dialog, close);
}

/** "?" outside the text (and outside fields) opens the keys; returns the button that does too. */
export function keysButton(role: Role): HTMLElement {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
    event.preventDefault();
    showKeys(role);
  });
  return h("button", { type: "button", class: "button", id: "keys-button", "aria-keyshortcuts": "Control+/", title: strings.keys.buttonTitle, onclick: () => showKeys(role) }, strings.keys.button);
}
