import { h } from "./dom.ts";
import { download, fetchFile } from "./download.ts";
import { comparePath } from "./revisions-api.ts";
import { openModal } from "./modal.ts";
import { strings } from "./ui-text/index.ts";

/**
 * A comparison shown in the browser: a large modal dialog with the compare HTML (the
 * same self-contained file the export gives) in a sandboxed frame, and downloads of the
 * comparison as HTML, DL text (attributed) and Word (tracked changes). Escape closes it.
 */
export async function showComparison(sessionId: string, token: string, from: number, to: number | "live"): Promise<string | null> {
  const fetched = await fetchFile(comparePath(sessionId, from, to, "html"), token);
  if (!fetched.ok) return fetched.error;
  const title = strings.compare.title(from, to);
  const status = h("span", { class: "compare-status", role: "status", "aria-live": "polite" });
  const save = (format: "html" | "dl" | "docx") => async () => {
    const saved = await download(comparePath(sessionId, from, to, format, format === "dl" ? "attributed" : "marked"), token);
    status.textContent = saved.ok ? strings.downloaded(saved.fileName) : saved.error;
  };
  // No scripts run in the frame: the compare HTML is markup and inline CSS only.
  const frame = h("iframe", { class: "compare-frame", title, sandbox: "" });
  frame.srcdoc = await fetched.blob.text();
  const dialog = h(
    "dialog",
    { class: "compare-dialog", "aria-labelledby": "compare-title" },
    h(
      "div",
      { class: "compare-head" },
      h("h2", { id: "compare-title" }, title),
      h(
        "div",
        { class: "compare-actions" },
        h("button", { type: "button", class: "button small", "data-format": "html", onclick: save("html") }, strings.compare.downloadHtml),
        h("button", { type: "button", class: "button small", "data-format": "dl", onclick: save("dl") }, strings.compare.dlText),
        h("button", { type: "button", class: "button small", "data-format": "docx", onclick: save("docx") }, strings.compare.word),
        h("button", { type: "button", class: "button small primary", onclick: () => dialog.close() }, strings.dialog.close),
      ),
    ),
    status,
    frame,
  );
  void openModal(dialog);
  return null;
}
