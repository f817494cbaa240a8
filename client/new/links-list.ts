import type { CreatedSession } from "../api.ts";
import { h } from "../dom.ts";
import { copyButton } from "../copy-button.ts";
import { managePath } from "../route.ts";
import { tokenOfLink } from "../token.ts";

/** One join link to hand out: the seat it opens and the URL. */
interface Seat {
  seat: string;
  label: string;
  link: string;
}

/** Every seat of a new session with its link: chair, secretariat, observer, then each delegation. */
export function seatsOf(created: CreatedSession, names: ReadonlyMap<string, string>): Seat[] {
  const { chair, secretariat, observer, delegations } = created.links;
  return [
    { seat: "chair", label: "Chair", link: chair },
    { seat: "secretariat", label: "Secretariat", link: secretariat },
    { seat: "observer", label: "Observer (the projector)", link: observer },
    ...Object.entries(delegations).map(([code, link]) => ({ seat: code, label: `${code} — ${names.get(code) ?? code}`, link })),
  ];
}

/**
 * The links of a just-created session, each with a copy button. They are shown once: the server
 * keeps only hashes, so a lost link is replaced by reissuing it from the manage page.
 */
export function linksList(created: CreatedSession, seats: Seat[]): HTMLElement {
  const chairToken = tokenOfLink(created.links.chair);
  const manage = chairToken ? `${managePath(created.id)}#t=${encodeURIComponent(chairToken)}` : managePath(created.id);
  return h(
    "section",
    { class: "created", "aria-labelledby": "created-heading" },
    h("h2", { id: "created-heading", tabindex: "-1" }, "Session created: send each link to its holder"),
    h("p", { class: "muted" }, "Each link lets its holder in as that seat. Copy them now: they are not shown again, but the chair can reissue any link."),
    h(
      "table",
      { class: "roster links" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Seat"), h("th", { scope: "col" }, "Join link"))),
      h(
        "tbody",
        {},
        ...seats.map(({ seat, label, link }) =>
          h(
            "tr",
            { "data-seat": seat },
            h("th", { scope: "row" }, label),
            h("td", { class: "link-cell" }, h("span", { class: "link-wrap" }, h("code", { class: "link", id: `link-${seat}` }, link), copyButton(link, label, `link-${seat}`))),
          ),
        ),
      ),
    ),
    h("p", {}, h("a", { class: "button primary", href: manage }, "Open the links page as chair")),
  );
}
