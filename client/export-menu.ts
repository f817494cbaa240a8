import { h } from "./dom.ts";
import { download } from "./download.ts";
import { exportPath, listRevisions } from "./revisions-api.ts";
import type { ExportChoice } from "./revisions-api.ts";
import { strings } from "./ui-text/index.ts";

const { choices } = strings.exports;

/** The files the Export menu offers, in the order a delegate looks for them. */
export const EXPORT_CHOICES: readonly { label: string; hint: string; format: ExportChoice["format"]; variant: ExportChoice["variant"] }[] = [
  { ...choices.docxMarked, format: "docx", variant: "marked" },
  { ...choices.docxClean, format: "docx", variant: "clean" },
  { ...choices.dlMarked, format: "dl", variant: "marked" },
  { ...choices.dlClean, format: "dl", variant: "clean" },
  { ...choices.dlAttributed, format: "dl", variant: "attributed" },
  { ...choices.pdfMarked, format: "pdf", variant: "marked" },
  { ...choices.pdfClean, format: "pdf", variant: "clean" },
  { ...choices.htmlMarked, format: "html", variant: "marked" },
  { ...choices.htmlClean, format: "html", variant: "clean" },
  { ...choices.akn, format: "akn", variant: "marked" },
];

/**
 * The Export menu of the session page header, for every role: pick the live text or an
 * issued revision, then a format. A disclosure button and panel: Enter or Space opens it,
 * Escape closes it and gives the focus back to the button; a click outside closes it.
 */
export function exportMenu(sessionId: string, token: string): HTMLElement {
  const source = h("select", { id: "export-source", class: "export-source" }, h("option", { value: "" }, strings.exports.liveText));
  const status = h("p", { class: "export-status", role: "status", "aria-live": "polite" });
  const items = EXPORT_CHOICES.map((choice) =>
    h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "export-item", "data-format": choice.format, "data-variant": choice.variant, onclick: () => void save(choice) },
        h("span", { class: "export-label" }, choice.label),
        h("span", { class: "export-hint" }, choice.hint),
      ),
    ),
  );
  const panel = h(
    "div",
    { id: "export-panel", class: "export-panel", role: "group", "aria-label": strings.exports.panel, hidden: true },
    h("label", { for: "export-source", class: "export-of" }, strings.exports.of),
    source,
    h("ul", { class: "export-list" }, ...items),
    status,
  );
  const button = h("button", { type: "button", id: "export-button", class: "button", "aria-expanded": "false", "aria-controls": "export-panel" }, strings.exports.button);
  const root = h("div", { class: "export-menu" }, button, panel);

  const open = async (on: boolean) => {
    panel.hidden = !on;
    button.setAttribute("aria-expanded", String(on));
    if (!on) return;
    status.textContent = "";
    source.focus();
    const answer = await listRevisions(sessionId, token);
    if (!answer.ok) return;
    const chosen = source.value; // as picked while the list was loading
    source.replaceChildren(
      h("option", { value: "" }, strings.exports.liveText),
      ...[...answer.value.revisions].reverse().map((r) => h("option", { value: String(r.number) }, strings.exports.revision(r.number, r.date, !!r.imported))),
    );
    source.value = chosen;
  };
  const save = async (choice: (typeof EXPORT_CHOICES)[number]) => {
    status.textContent = strings.exports.preparing;
    const rev = source.value === "" ? null : Number(source.value);
    const saved = await download(exportPath(sessionId, { format: choice.format, variant: choice.variant, rev }), token);
    status.textContent = saved.ok ? strings.downloaded(saved.fileName) : saved.error;
    status.dataset.kind = saved.ok ? "ok" : "error";
  };
  button.addEventListener("click", () => void open(panel.hidden));
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || panel.hidden) return;
    event.preventDefault();
    void open(false);
    button.focus();
  });
  document.addEventListener("click", (event) => {
    // Only a person's click closes it: the download's own link click is not one.
    if (event.isTrusted && !panel.hidden && !root.contains(event.target as Node)) void open(false);
  });
  return root;
}
