import { h } from "./dom.ts";
import { download } from "./download.ts";
import { exportPath, listRevisions } from "./revisions-api.ts";
import type { ExportChoice } from "./revisions-api.ts";

/** The files the Export menu offers, in the order a delegate looks for them. */
export const EXPORT_CHOICES: readonly { label: string; hint: string; format: ExportChoice["format"]; variant: ExportChoice["variant"] }[] = [
  { label: "Word, tracked changes", hint: ".docx: each proposal a Word revision by its delegation", format: "docx", variant: "marked" },
  { label: "Word, clean", hint: ".docx: the text as it would read, no revisions", format: "docx", variant: "clean" },
  { label: "DL text, marked", hint: ".txt: ~~struck~~, <ins>inserted</ins>, [brackets]", format: "dl", variant: "marked" },
  { label: "DL text, clean", hint: ".txt: deletions gone, insertions plain", format: "dl", variant: "clean" },
  { label: "DL text, attributed", hint: ".txt: marked, with who proposed what", format: "dl", variant: "attributed" },
  { label: "PDF, marked", hint: ".pdf: A4, changes in each delegation's colour, numbered pages", format: "pdf", variant: "marked" },
  { label: "PDF, clean", hint: ".pdf: A4, the clean text", format: "pdf", variant: "clean" },
  { label: "HTML, marked", hint: ".html: changes in each delegation's colour", format: "html", variant: "marked" },
  { label: "HTML, clean", hint: ".html: the clean text", format: "html", variant: "clean" },
  { label: "Akoma Ntoso", hint: ".akn.xml: AKN 3.0, each proposal naming its delegation", format: "akn", variant: "marked" },
];

/**
 * The Export menu of the session page header, for every role: pick the live text or an
 * issued revision, then a format. A disclosure button and panel: Enter or Space opens it,
 * Escape closes it and gives the focus back to the button; a click outside closes it.
 */
export function exportMenu(sessionId: string, token: string): HTMLElement {
  const source = h("select", { id: "export-source", class: "export-source" }, h("option", { value: "" }, "The live text"));
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
    { id: "export-panel", class: "export-panel", role: "group", "aria-label": "Export the draft", hidden: true },
    h("label", { for: "export-source", class: "export-of" }, "Export"),
    source,
    h("ul", { class: "export-list" }, ...items),
    status,
  );
  const button = h("button", { type: "button", id: "export-button", class: "button", "aria-expanded": "false", "aria-controls": "export-panel" }, "Export ▾");
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
      h("option", { value: "" }, "The live text"),
      ...[...answer.value.revisions].reverse().map((r) => h("option", { value: String(r.number) }, `Rev.${r.number} — ${r.date}${r.imported ? " (as imported)" : ""}`)),
    );
    source.value = chosen;
  };
  const save = async (choice: (typeof EXPORT_CHOICES)[number]) => {
    status.textContent = "Preparing the file…";
    const rev = source.value === "" ? null : Number(source.value);
    const saved = await download(exportPath(sessionId, { format: choice.format, variant: choice.variant, rev }), token);
    status.textContent = saved.ok ? `Downloaded ${saved.fileName}` : saved.error;
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
