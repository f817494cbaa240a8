import type { DecorationAttrs } from "prosemirror-view";
import { readableTextOn, safeColour } from "./colour.ts";

import type { PresenceUser } from "../shared/protocol.ts";
import { strings } from "./ui-text/index.ts";

export type { PresenceUser };

/** The short label of a participant: the delegation code, else the role ("Chair"). */
export function participantLabel(user: Partial<PresenceUser>): string {
  if (user.code) return user.code;
  if (user.role) return user.role.charAt(0).toUpperCase() + user.role.slice(1);
  return user.name ?? strings.authors.guest;
}

/**
 * Draws another participant's caret: a bar in their colour with their delegation code above it,
 * as the room knows them ("USA", "KEN"), full name on hover.
 */
export function delegationCursor(user: Partial<PresenceUser>): HTMLElement {
  const colour = safeColour(user.colour);
  const caret = document.createElement("span");
  caret.className = "remote-cursor";
  // The caret is decoration: screen readers should read the text, not "USA" in the middle of it.
  caret.setAttribute("aria-hidden", "true");
  caret.style.borderColor = colour;
  const label = document.createElement("span");
  label.className = "remote-cursor-label";
  label.style.backgroundColor = colour;
  label.style.color = readableTextOn(colour);
  label.textContent = participantLabel(user);
  if (user.name) label.title = user.name;
  caret.append("\u2060", label, "\u2060");
  return caret;
}

/** Highlights another participant's selection in a light tint of their colour. */
export function delegationSelection(user: Partial<PresenceUser>): DecorationAttrs {
  return { class: "remote-selection", style: `background-color: ${safeColour(user.colour)}40` };
}
