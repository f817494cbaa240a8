import type { Participant } from "./api.ts";
import { authorInfo } from "./authors.ts";
import { readableTextOn } from "./colour.ts";
import { h } from "./dom.ts";

/** A small chip with an author's code in its colour ("USA"), its full name on hover. */
export function authorChip(roster: readonly Participant[], by: string): HTMLElement {
  const who = authorInfo(roster, by);
  const chip = h("span", { class: "author-chip", "data-by": by, title: who.name }, who.label);
  chip.style.backgroundColor = who.colour;
  chip.style.color = readableTextOn(who.colour);
  return chip;
}
