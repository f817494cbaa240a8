import type { ImportReport } from "../../shared/dl/report.ts";
import { h } from "../dom.ts";
import { strings } from "../ui-text/index.ts";

/**
 * What the import made of the DL text, shown with the new session's links: how many clause
 * groups, clauses, proposals and brackets it read (a secretariat checks these against the
 * document it knows), and each place it could not pair a sign, with its line and column:
 * that text was kept as typed, and the chair may want it corrected.
 */
export function importSummary(report: ImportReport): HTMLElement {
  const { counts, items } = report;
  return h(
    "section",
    { class: "import-summary", "aria-labelledby": "import-heading" },
    h("h3", { id: "import-heading" }, strings.importSummary.heading),
    h("p", {}, strings.importSummary.read(counts.groups, counts.clauses, counts.insertions, counts.deletions, counts.brackets)),
    items.length === 0
      ? h("p", { class: "muted" }, strings.importSummary.allPaired)
      : h(
          "div",
          { class: "notice warn" },
          h("p", {}, strings.importSummary.unpaired(items.length)),
          h("ul", { class: "import-items" }, ...items.slice(0, 50).map((item) => h("li", {}, h("strong", {}, strings.importSummary.at(item.line, item.column)), `: ${item.message}`))),
          items.length > 50 ? h("p", {}, strings.importSummary.more(items.length - 50)) : null,
        ),
  );
}
