import type { Participant } from "./api.ts";
import { authorInfo, delegationsOf } from "./authors.ts";
import { h } from "./dom.ts";
import { authorChip } from "./author-chip.ts";
import { strings } from "./ui-text/index.ts";

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
    const sample = by === "import" ? h("del", { "data-by": by }, strings.legend.uploadedDraft) : h("ins", { "data-by": by }, capitalised(who.name.replace(/^the /, "")));
    return h("li", { class: "legend-row", "data-by": by }, authorChip(roster, by), h("span", { class: "legend-name document-sample", title: strings.legend.sampleTitle(who.label, who.name) }, sample));
  });
  return h(
    "details",
    { class: "legend", open: true },
    h("summary", {}, strings.legend.summary),
    h("ul", { class: "legend-list", "aria-label": strings.legend.delegations }, ...rows),
    h(
      "ul",
      { class: "legend-key" },
      h("li", {}, h("span", { class: "document-sample" }, h("ins", {}, strings.legend.added), " ", h("del", {}, strings.legend.struck)), strings.legend.proposals),
      h("li", {}, h("span", { class: "key-bracket" }, "[ ]"), strings.legend.notAgreed),
      h("li", {}, h("span", { class: "key-status key-adref" }, strings.legend.adref), strings.legend.adrefMeaning),
      h("li", {}, h("span", { class: "key-status key-agreed" }, strings.legend.agreed), strings.legend.agreedMeaning),
    ),
  );
}
