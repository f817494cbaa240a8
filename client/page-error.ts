import { byId, h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/** Replaces the page's main area with a message saying what went wrong and what to do. */
export function showPageError(message: string): void {
  const main = byId("main");
  main.replaceChildren(h("div", { class: "page-error", role: "alert" }, h("h2", {}, strings.pageError.title), h("p", {}, message)));
}
