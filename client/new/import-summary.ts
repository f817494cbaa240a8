import type { ImportReport } from "../../shared/dl/report.ts";
import { h } from "../dom.ts";

/**
 * What the import made of the DL text, shown with the new session's links: how many clause
 * groups, clauses, proposals and brackets it read (a secretariat checks these against the
 * document it knows), and each place it could not pair a sign, with its line and column:
 * that text was kept as typed, and the chair may want it corrected.
 */
export function importSummary(report: ImportReport): HTMLElement {
  const { counts, items } = report;
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const read = [plural(counts.groups, "clause group"), plural(counts.clauses, "clause"), plural(counts.insertions, "proposed insertion"), plural(counts.deletions, "proposed deletion"), plural(counts.brackets, "bracket")];
  return h(
    "section",
    { class: "import-summary", "aria-labelledby": "import-heading" },
    h("h3", { id: "import-heading" }, "What the import read"),
    h("p", {}, `${read.join(", ")}.`),
    items.length === 0
      ? h("p", { class: "muted" }, "Every bracket, strike and emphasis was paired.")
      : h(
          "div",
          { class: "notice warn" },
          h("p", {}, `${plural(items.length, "sign")} could not be paired and ${items.length === 1 ? "was" : "were"} kept as typed:`),
          h("ul", { class: "import-items" }, ...items.slice(0, 50).map((item) => h("li", {}, h("strong", {}, `line ${item.line}, column ${item.column}`), `: ${item.message}`))),
          items.length > 50 ? h("p", {}, `… and ${items.length - 50} more.`) : null,
        ),
  );
}
