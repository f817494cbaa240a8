import { mayManageSeat } from "../../shared/roles.ts";
import type { Participant } from "../api.ts";
import { h } from "../dom.ts";
import { copyButton } from "../copy-button.ts";
import { participantLabel } from "../cursor.ts";
import { readableTextOn, safeColour } from "../colour.ts";
import { seatOf } from "../known-links.ts";
import { showLink } from "../link-dialog.ts";
import { strings } from "../ui-text/index.ts";

/** What the roster table asks its page to do. */
export interface RosterActions {
  revoke(participant: Participant): void;
  reissue(participant: Participant): void;
}

const ROLE_NAMES: Record<Participant["role"], string> = strings.roster.roles;

/**
 * The roster of a session as a table: who, role, connected or not, the join link where this tab
 * knows it, and revoke / reissue buttons on the seats `me` may manage (shared/roles.ts: not its
 * own, none above its own). Chair first, then secretariat, delegations by code, observer.
 */
export function rosterTable(participants: readonly Participant[], links: Map<string, string>, me: Participant, actions: RosterActions): HTMLTableElement {
  const rows = [...participants].sort(bySeatOrder).map((p) => row(p, links.get(seatOf(p)), p.id === me.id, mayManageSeat(me.role, p.role, p.id === me.id), actions));
  return h(
    "table",
    { class: "roster" },
    h("caption", { class: "visually-hidden" }, strings.roster.caption),
    h("thead", {}, h("tr", {}, ...strings.roster.columns.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...rows),
  );
}

function row(p: Participant, link: string | undefined, isMe: boolean, manageable: boolean, actions: RosterActions): HTMLTableRowElement {
  const who = strings.roster.who(p.name, p.code);
  const chip = h("span", { class: "seat-chip" }, participantLabel(p));
  chip.style.backgroundColor = safeColour(p.colour);
  chip.style.color = readableTextOn(safeColour(p.colour));
  const linkId = `link-${p.id}`;
  return h(
    "tr",
    { "data-seat": seatOf(p), class: p.revoked ? "revoked" : "" },
    h("th", { scope: "row" }, chip, " ", h("span", { class: "seat-name" }, p.name), isMe ? h("span", { class: "you" }, strings.roster.you) : null),
    h("td", {}, ROLE_NAMES[p.role]),
    h("td", {}, status(p)),
    h(
      "td",
      { class: "link-cell" },
      link && !p.revoked
        ? h(
            "span",
            { class: "link-wrap" },
            h("code", { id: linkId, class: "link" }, link),
            copyButton(link, who, linkId),
            h("button", { type: "button", class: "button small", "data-action": "show-link", "aria-label": strings.roster.showLabel(who), onclick: () => showLink(who, link) }, strings.roster.show),
          )
        : h("span", { class: "muted" }, hiddenLinkText(p, manageable)),
    ),
    h("td", { class: "actions" }, ...(manageable ? seatButtons(p, who, actions) : [])),
  );
}

function hiddenLinkText(p: Participant, manageable: boolean): string {
  if (p.revoked) return manageable ? strings.roster.revokedReissue : strings.roster.revoked;
  return manageable ? strings.roster.hiddenReissue : strings.roster.hidden;
}

/** Revoke and reissue, for a seat the viewer may manage. */
function seatButtons(p: Participant, who: string, actions: RosterActions): HTMLButtonElement[] {
  return [
    h("button", { type: "button", class: "button danger", disabled: p.revoked, "aria-label": strings.roster.revokeLabel(who), onclick: () => actions.revoke(p) }, strings.roster.revoke),
    h("button", { type: "button", class: "button", "aria-label": strings.roster.reissueLabel(who), onclick: () => actions.reissue(p) }, strings.roster.reissue),
  ];
}

function status(p: Participant): HTMLElement {
  if (p.revoked) return h("span", { class: "status revoked" }, strings.roster.revoked);
  return p.connected ? h("span", { class: "status online" }, strings.roster.connected) : h("span", { class: "status offline" }, strings.roster.notConnected);
}

const ORDER: Participant["role"][] = ["chair", "secretariat", "delegation", "observer"];

function bySeatOrder(a: Participant, b: Participant): number {
  return ORDER.indexOf(a.role) - ORDER.indexOf(b.role) || (a.code ?? "").localeCompare(b.code ?? "") || a.name.localeCompare(b.name);
}
