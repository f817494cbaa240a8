import type { Attribution } from "./attribution.ts";
import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The chair's "Track my edits" switch: on, the chair's own edits are proposals attributed to the
 * chair like anyone's; off, for an editorial fix (a typo, a comma), they change the text directly.
 * Off is shown in warning colours so it is not left off by mistake.
 */
export function trackToggle(attribution: Attribution): HTMLElement {
  const input = h("input", { type: "checkbox", id: "track-my-edits", role: "switch" });
  const state = h("span", { class: "track-state" });
  input.addEventListener("change", () => attribution.setTracking(input.checked));
  const box = h("label", { class: "track-toggle", for: "track-my-edits" }, input, strings.trackToggle.label, state);
  const render = () => {
    input.checked = attribution.tracking;
    box.dataset.on = String(attribution.tracking);
    state.textContent = attribution.tracking ? strings.trackToggle.on : strings.trackToggle.off;
  };
  attribution.onChange(render);
  render();
  return box;
}
