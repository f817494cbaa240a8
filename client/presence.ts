import type { Awareness } from "y-protocols/awareness";
import type { Participant } from "./api.ts";
import { participantLabel } from "./cursor.ts";
import type { PresenceUser } from "../shared/protocol.ts";
import { readableTextOn, safeColour } from "./colour.ts";
import { h } from "./dom.ts";

/**
 * Who else is in the room now (the identity badge shows you): one chip per connected participant,
 * a delegation by its code in its colour, chair, secretariat and observer by role. Read from
 * awareness, whose `user` field the server writes from the roster, so nobody can pose as another.
 */
export function showPresence(list: HTMLElement, awareness: Awareness, me: Participant): () => void {
  const render = () => {
    const seen = new Map<string, Partial<PresenceUser>>();
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const user = (state as { user?: Partial<PresenceUser> }).user;
      if (user && identity(user) !== identity(me) && !seen.has(identity(user))) seen.set(identity(user), user);
    });
    list.replaceChildren(...[...seen.values()].sort(byLabel).map(chip));
  };
  awareness.on("change", render);
  render();
  return () => awareness.off("change", render);
}

function identity(user: Partial<PresenceUser>): string {
  return user.code ? `code:${user.code}` : `${user.role ?? "?"}:${user.name ?? "?"}`;
}

function byLabel(a: Partial<PresenceUser>, b: Partial<PresenceUser>): number {
  return participantLabel(a).localeCompare(participantLabel(b));
}

function chip(user: Partial<PresenceUser>): HTMLElement {
  const colour = safeColour(user.colour);
  const label = participantLabel(user);
  const item = h("li", { class: "presence-chip", title: user.name ?? label, "data-code": user.code ?? undefined }, label);
  item.style.backgroundColor = colour;
  item.style.color = readableTextOn(colour);
  item.setAttribute("aria-label", user.name ?? label);
  return item;
}
