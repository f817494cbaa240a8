import type { ChangeEntry } from "../shared/track/changes.ts";
import type { Participant } from "./api.ts";
import { authorChip } from "./author-chip.ts";
import { authorInfo, timeOfDay } from "./authors.ts";
import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/** What the chair can do with one entry; absent for everyone else. */
export interface EntryActions {
  accept(entry: ChangeEntry): void;
  reject(entry: ChangeEntry): void;
  agree(entry: ChangeEntry): void;
  drop(entry: ChangeEntry): void;
  pick(entry: ChangeEntry, index: number): void;
  /** A bracket's alternatives; `within`: where to look (its block and those either side), else the whole draft. */
  alternatives(entry: ChangeEntry, within?: { from: number; to: number }): string[];
}

const { kinds } = strings.entry;

/** What a change is, in words: "insertion", "bracket", "added clause". */
export function kindWords(entry: ChangeEntry): string {
  switch (entry.kind) {
    case "insertion":
      return kinds.insertion;
    case "deletion":
      return kinds.deletion;
    case "bracket":
      return kinds.bracket;
    case "block-insertion":
      return entry.clause ? kinds.addedClause : kinds.addedParagraph;
    case "block-deletion":
      return entry.clause ? kinds.clauseDeletion : kinds.paragraphDeletion;
  }
}

/** Where a change is, as the room says it: "resolves 1", "recalling a)", "header". */
export function whereWords(entry: Pick<ChangeEntry, "group" | "clause">): string {
  if (!entry.group) return strings.entry.header;
  return entry.clause?.label ? `${entry.group.heading} ${entry.clause.label}` : entry.group.heading;
}

/**
 * One entry of the changes panel: the proposer's code in its colour, the kind, the time, where it
 * is, and its text drawn as in the draft (underlined, struck or bracketed). The entry itself is a
 * button that shows the change in the draft; the chair's decisions sit next to it.
 */
export function changeEntry(entry: ChangeEntry, roster: readonly Participant[], actions: EntryActions | null): HTMLElement {
  const who = authorInfo(roster, entry.by);
  const when = timeOfDay(entry.at);
  const where = whereWords(entry);
  const goTo = h(
    "button",
    { type: "button", class: "change-goto", "data-action": "goto", "aria-label": strings.entry.goTo(kindWords(entry), who.name, when, where, entry.text) },
    h("span", { class: "change-head" }, authorChip(roster, entry.by), h("span", { class: "change-kind" }, kindWords(entry)), h("span", { class: "change-where" }, where), when ? h("time", { class: "change-time", datetime: entry.at ?? "" }, when) : null),
    h("span", { class: "change-text" }, changeText(entry)),
    entry.note ? h("span", { class: "change-note" }, strings.bracket.note(entry.note)) : null,
  );
  return h("li", { class: "change", "data-id": entry.id, "data-kind": entry.kind, "data-by": entry.by }, goTo, actions ? decisionButtons(entry, actions) : null);
}

function changeText(entry: ChangeEntry): Node {
  const text = entry.text.trim() === "" ? strings.entry.empty : entry.text;
  switch (entry.kind) {
    case "insertion":
    case "block-insertion":
      return h("ins", { "data-by": entry.by }, text);
    case "deletion":
    case "block-deletion":
      return h("del", { "data-by": entry.by }, text);
    case "bracket":
      return h("span", {}, h("span", { class: "bracket-sign", "data-by": entry.by }, "["), text, h("span", { class: "bracket-sign", "data-by": entry.by }, "]"));
  }
}

function decisionButtons(entry: ChangeEntry, actions: EntryActions): HTMLElement {
  const short = entry.text.length > 40 ? `${entry.text.slice(0, 39)}…` : entry.text;
  const button = (action: string, label: string, aria: string, run: () => void, cls = "") =>
    h("button", { type: "button", class: `button small ${cls}`, "data-action": action, "aria-label": aria, onclick: run }, label);
  if (entry.kind !== "bracket") {
    return h(
      "div",
      { class: "change-actions" },
      button("accept", strings.entry.accept, strings.entry.acceptLabel(kindWords(entry), entry.by, short), () => actions.accept(entry), "accept"),
      button("reject", strings.entry.reject, strings.entry.rejectLabel(kindWords(entry), entry.by, short), () => actions.reject(entry), "reject"),
    );
  }
  const options = actions.alternatives(entry);
  return h(
    "div",
    { class: "change-actions" },
    button("agree", strings.entry.agree, strings.entry.agreeLabel(short), () => actions.agree(entry), "accept"),
    button("drop", strings.entry.drop, strings.entry.dropLabel(short), () => actions.drop(entry), "reject"),
    ...options.map((option, index) =>
      button(`pick-${index}`, strings.entry.keep(option.length > 24 ? `${option.slice(0, 23)}…` : option), strings.entry.pickLabel(option), () => actions.pick(entry, index), "pick"),
    ),
  );
}
