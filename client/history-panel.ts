import type * as Y from "yjs";
import type { Participant } from "./api.ts";
import { describeDecision } from "../shared/track/decision.ts";
import type { Decision } from "../shared/track/decision.ts";
import { timeOfDay } from "./authors.ts";
import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The decision log, newest first: every decision of the chair (accepted, rejected, brackets agreed
 * or dropped, statuses, renumbering), read from the session's Y.Array `decisions`, so every screen
 * shows the same record and a reconnecting client catches up with it.
 */
export function historyPanel(decisions: Y.Array<Decision>, roster: () => readonly Participant[]): HTMLElement {
  const list = h("ol", { class: "history-list", reversed: true });
  const empty = h("p", { class: "muted empty" }, strings.history.empty);
  const panel = h("section", { class: "history" }, empty, list);
  const render = () => {
    const items = decisions.toArray().filter(isDecision).reverse();
    empty.hidden = items.length > 0;
    list.replaceChildren(...items.map((d) => entry(d)));
  };
  void roster;
  decisions.observe(render);
  render();
  return panel;
}

function entry(decision: Decision): HTMLElement {
  return h(
    "li",
    { class: "decision", "data-action": decision.action },
    h("time", { datetime: decision.at, class: "decision-time" }, timeOfDay(decision.at)),
    h("span", { class: "decision-text" }, describeDecision(decision)),
  );
}

/** Entries come from other clients: show only well-formed ones. */
function isDecision(value: unknown): value is Decision {
  const d = value as Partial<Decision> | null;
  return !!d && typeof d === "object" && typeof d.action === "string" && typeof d.at === "string" && typeof d.by === "string";
}
