import type { Participant } from "./api.ts";
import { authorInfo, delegationsOf } from "./authors.ts";
import { h } from "./dom.ts";
import { authorChip } from "./author-chip.ts";

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The legend: each delegation's colour, its name underlined in it as its insertions appear (its
 * deletions are struck in the same colour), the chair's and secretariat's own, the imported
 * draft's (changes it came with, in a neutral colour), and how brackets and clause states look.
 */
export function legend(roster: readonly Participant[]): HTMLElement {
  const authors = [...delegationsOf(roster).map((p) => p.code!), "chair", "secretariat", "import"];
  const rows = authors.map((by) => {
    const who = authorInfo(roster, by);
    // The uploaded draft's changes were made before the session, by authors it does not record.
    const sample = by === "import" ? h("del", { "data-by": by }, "In the uploaded draft") : h("ins", { "data-by": by }, capitalised(who.name.replace(/^the /, "")));
    return h("li", { class: "legend-row", "data-by": by }, authorChip(roster, by), h("span", { class: "legend-name document-sample", title: `${who.label}: ${who.name}` }, sample));
  });
  return h(
    "details",
    { class: "legend", open: true },
    h("summary", {}, "Legend"),
    h("ul", { class: "legend-list", "aria-label": "Delegations and their colours" }, ...rows),
    h(
      "ul",
      { class: "legend-key" },
      h("li", {}, h("span", { class: "document-sample" }, h("ins", {}, "added"), " ", h("del", {}, "struck")), " proposals"),
      h("li", {}, h("span", { class: "key-bracket" }, "[ ]"), " not agreed"),
      h("li", {}, h("span", { class: "key-status key-adref" }, "ad ref"), " agreed ad referendum"),
      h("li", {}, h("span", { class: "key-status key-agreed" }, "✓ agreed"), " settled, locked"),
    ),
  );
}
