import { byId, h } from "./dom.ts";

/** Replaces the page's main area with a message saying what went wrong and what to do. */
export function showPageError(message: string): void {
  const main = byId("main");
  main.replaceChildren(h("div", { class: "page-error", role: "alert" }, h("h2", {}, "Cannot open this page"), h("p", {}, message)));
}
