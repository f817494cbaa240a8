import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/** One tab of the side panel. */
export interface SideTab {
  id: string;
  label: string;
  panel: HTMLElement;
}

/**
 * Tabs in the WAI-ARIA pattern: one tab stop for the tab list, Left/Right/Home/End move between
 * tabs, each panel labelled by its tab. Returns the tab list with the panels after it.
 */
export function sideTabs(tabs: readonly SideTab[]): HTMLElement {
  const buttons = tabs.map((tab) =>
    h("button", { type: "button", role: "tab", id: `tab-${tab.id}`, "aria-controls": `panel-${tab.id}`, class: "side-tab" }, tab.label),
  );
  const list = h("div", { role: "tablist", class: "side-tabs", "aria-label": strings.session.sidePanel }, ...buttons);
  const select = (index: number, focus: boolean) => {
    tabs.forEach((tab, i) => {
      const on = i === index;
      buttons[i]!.setAttribute("aria-selected", String(on));
      buttons[i]!.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
    });
    if (focus) buttons[index]!.focus();
  };
  tabs.forEach((tab, i) => {
    tab.panel.id = `panel-${tab.id}`;
    tab.panel.setAttribute("role", "tabpanel");
    tab.panel.setAttribute("aria-labelledby", `tab-${tab.id}`);
    tab.panel.classList.add("side-panel");
    buttons[i]!.addEventListener("click", () => select(i, false));
  });
  list.addEventListener("keydown", (event) => {
    const current = buttons.findIndex((b) => b.getAttribute("aria-selected") === "true");
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select((next + tabs.length) % tabs.length, true);
  });
  select(0, false);
  return h("div", { class: "side-tabbed" }, list, ...tabs.map((t) => t.panel));
}
