import type { Participant } from "../api.ts";
import { h } from "../dom.ts";
import { openModal } from "../modal.ts";
import { authorMapping, placementView, rememberAuthors, wordCounts, wordFindings } from "./word-report.ts";
import { base64Of, importIntoSession, reportOfLiveImport } from "./word-api.ts";
import type { AuthorTable, LiveWordReport } from "./word-api.ts";
import { strings } from "../ui-text/index.ts";

/**
 * "Import a delegation's Word file…" in a live session (chair, secretariat): the file goes to
 * the server, which reads it; the dialog shows what it holds, the author → delegation table to
 * confirm and what will be placed where (a dry run, redone after each pick); on confirmation the
 * server writes the proposals into the draft, where everyone sees them at once, and the dialog
 * says what was made and what could not be placed.
 */
export function wordImportButton(sessionId: string, token: string, roster: () => readonly Participant[]): HTMLElement {
  return h("button", { type: "button", class: "button", id: "word-import", onclick: () => void openWordImport(sessionId, token, roster()) }, strings.word.importButton);
}

async function openWordImport(sessionId: string, token: string, roster: readonly Participant[]): Promise<void> {
  const delegations = roster.flatMap((p) => (p.role === "delegation" && p.code ? [{ code: p.code, name: p.name }] : []));
  const file = h("input", { type: "file", id: "word-file", accept: ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  const body = h("div", { class: "word-body", "aria-live": "polite" });
  const confirm = h("button", { type: "button", class: "button primary", id: "word-confirm", disabled: true }, strings.word.confirm);
  const cancel = h("button", { type: "button", class: "button", onclick: () => dialog.close() }, strings.dialog.cancel);
  const dialog = h(
    "dialog",
    { class: "word-dialog", "aria-labelledby": "word-dialog-title" },
    h("h2", { id: "word-dialog-title" }, strings.word.dialogTitle),
    h("p", { class: "hint" }, strings.word.dialogHint),
    h("label", { for: "word-file" }, strings.word.fileLabel),
    file,
    body,
    h("div", { class: "dialog-buttons" }, confirm, cancel),
  );
  let docx = "";
  let mapping: ReturnType<typeof authorMapping> | null = null;
  let preview: HTMLElement | null = null;
  let request = 0;

  const showError = (message: string) => body.replaceChildren(h("div", { class: "notice error", role: "alert" }, message));
  const refresh = async (authors: AuthorTable | undefined) => {
    const mine = ++request;
    const answer = await reportOfLiveImport(sessionId, docx, authors, token);
    if (mine !== request) return;
    if (!answer.ok) return showError(answer.error);
    render(answer.value);
  };
  const updatePreview = (report: LiveWordReport) => {
    const next = placementView(report.placement, false);
    preview?.replaceWith(next);
    preview = next;
  };
  const render = (report: LiveWordReport) => {
    const chosen = mapping?.table() ?? {};
    mapping = authorMapping(report.authors, delegations, chosen, (table) => {
      confirm.disabled = mapping!.missing().length > 0;
      if (confirm.disabled) return;
      void reportOfLiveImport(sessionId, docx, table, token).then((a) => (a.ok ? updatePreview(a.value) : showError(a.error)));
    });
    preview = placementView(report.placement, false);
    body.replaceChildren(wordCounts(report), mapping.element, preview, wordFindings(report));
    confirm.disabled = mapping.missing().length > 0;
    // The dry run used the proposed mapping; when the table starts elsewhere (remembered picks), run it again with the table.
    if (!confirm.disabled && JSON.stringify(mapping.table()) !== JSON.stringify(Object.fromEntries(report.authors.flatMap((a) => (a.proposed ? [[a.name, a.proposed]] : []))))) void reportOfLiveImport(sessionId, docx, mapping.table(), token).then((a) => a.ok && updatePreview(a.value));
  };

  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    mapping = null;
    confirm.disabled = true;
    if (!chosen) return body.replaceChildren();
    if (!/\.docx$/i.test(chosen.name)) return showError(strings.word.notDocx(chosen.name));
    body.replaceChildren(h("p", { class: "muted" }, strings.word.reading(chosen.name)));
    docx = await base64Of(chosen);
    await refresh(undefined);
  });

  confirm.addEventListener("click", async () => {
    if (!mapping) return;
    const missing = mapping.missing();
    if (missing.length) return showError(strings.word.chooseFor(missing.join(", ")));
    const table = mapping.table();
    confirm.disabled = true;
    confirm.textContent = strings.word.making;
    const answer = await importIntoSession(sessionId, docx, table, token);
    if (!answer.ok) {
      confirm.textContent = strings.word.confirm;
      confirm.disabled = false;
      return showError(answer.error);
    }
    rememberAuthors(table);
    confirm.remove();
    cancel.textContent = strings.dialog.close;
    const comments = answer.value.comments;
    body.replaceChildren(placementView(answer.value.placement, true), ...(comments ? [h("p", {}, strings.word.commentsMade(comments))] : []));
    cancel.focus();
  });

  await openModal(dialog, file);
}
