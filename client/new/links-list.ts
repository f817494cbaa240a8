import type { CreatedSession } from "../api.ts";
import { h } from "../dom.ts";
import { copyButton } from "../copy-button.ts";
import { managePath } from "../route.ts";
import { tokenOfLink } from "../token.ts";
import { strings } from "../ui-text/index.ts";

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
    { seat: "chair", label: strings.createdLinks.chair, link: chair },
    { seat: "secretariat", label: strings.createdLinks.secretariat, link: secretariat },
    { seat: "observer", label: strings.createdLinks.observer, link: observer },
    ...Object.entries(delegations).map(([code, link]) => ({ seat: code, label: strings.createdLinks.delegation(code, names.get(code) ?? code), link })),
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
    h("h2", { id: "created-heading", tabindex: "-1" }, strings.createdLinks.heading),
    h("p", { class: "muted" }, strings.createdLinks.intro),
    h(
      "table",
      { class: "roster links" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, strings.createdLinks.seat), h("th", { scope: "col" }, strings.createdLinks.joinLink))),
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
    h("p", {}, h("a", { class: "button primary", href: manage }, strings.createdLinks.openManage)),
  );
}
