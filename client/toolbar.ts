import { redo, undo } from "y-prosemirror";
import { mayPropose, mayTrackOff } from "../shared/roles.ts";
import { authorPicker } from "./author-picker.ts";
import { bracketSelection } from "./bracketing.ts";
import { h } from "./dom.ts";
import type { Room } from "./room.ts";
import { trackToggle } from "./track-toggle.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The drafting toolbar above the draft: bracket the selection (with an optional note), undo and
 * redo (one's own edits and decisions only), and whom one types as: the secretariat's "Typing
 * for" picker, the chair's "Track my edits" switch, a delegation's fixed attribution. Observers
 * get none of it: the projector only shows the text.
 */
export function toolbar(room: Room): HTMLElement | null {
  const { me, attribution } = room;
  if (!mayPropose(me.role)) return null;
  const run = (command: () => unknown) => () => {
    command();
    room.view.focus();
  };
  const bracket = h("button", { type: "button", class: "button", id: "bracket-button", "aria-keyshortcuts": "Control+[", title: strings.toolbar.bracketTitle, onclick: () => void bracketSelection(room) }, strings.toolbar.bracket);
  const undoButton = h("button", { type: "button", class: "button", "aria-keyshortcuts": "Control+Z", title: strings.toolbar.undoTitle, onclick: run(() => undo(room.view.state)) }, strings.toolbar.undo);
  const redoButton = h("button", { type: "button", class: "button", "aria-keyshortcuts": "Control+Y", title: strings.toolbar.redoTitle, onclick: run(() => redo(room.view.state)) }, strings.toolbar.redo);
  const who =
    me.role === "secretariat"
      ? authorPicker(attribution, () => room.roster)
      : mayTrackOff(me.role)
        ? trackToggle(attribution)
        : h("span", { class: "typing-as" }, strings.toolbar.proposalsOf, h("strong", {}, me.code ?? me.name));
  return h("div", { class: "toolbar-inner" }, h("div", { class: "tool-group" }, bracket), h("div", { class: "tool-group" }, undoButton, redoButton), h("div", { class: "tool-group tool-who" }, who));
}
