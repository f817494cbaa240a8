import type { Participant } from "./api.ts";
import type { Attribution } from "./attribution.ts";
import { authorInfo } from "./authors.ts";
import { readableTextOn } from "./colour.ts";
import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The secretariat's "Typing for" picker: the secretariat holds the pen and types what the
 * delegation with the floor proposes, so its edits carry that delegation's code. The choice is a
 * large control in the delegation's colour, because attribution is political record.
 */
export function authorPicker(attribution: Attribution, roster: () => readonly Participant[]): HTMLElement {
  const select = h("select", { id: "typing-for", class: "typing-for-select", "aria-describedby": "typing-for-hint" });
  for (const by of attribution.choices) {
    const who = authorInfo(roster(), by);
    select.append(h("option", { value: by }, by === "secretariat" ? strings.typingFor.asItself : strings.typingFor.option(who.label, who.name)));
  }
  select.addEventListener("change", () => attribution.setBy(select.value));
  const hint = h("span", { id: "typing-for-hint", class: "typing-for-hint" });
  const box = h("div", { class: "typing-for" }, h("label", { for: "typing-for" }, strings.typingFor.label), select, hint);
  const render = () => {
    select.value = attribution.by;
    const who = authorInfo(roster(), attribution.by);
    box.style.setProperty("--who", who.colour);
    box.style.setProperty("--who-text", readableTextOn(who.colour));
    box.dataset.by = attribution.by;
    hint.textContent = attribution.by === "secretariat" ? strings.typingFor.ownEdits : strings.typingFor.proposalsOf(who.name);
  };
  attribution.onChange(render);
  render();
  return box;
}
