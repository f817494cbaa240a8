import { h } from "./dom.ts";
import { openModal } from "./modal.ts";
import { strings } from "./ui-text/index.ts";

/**
 * Asks for a bracket's optional note ("pending decision of COM5") in a small modal dialog:
 * Enter brackets, Escape cancels. Resolves to the note ("" for none), or null when cancelled.
 */
export function askBracketNote(selected: string): Promise<string | null> {
  const input = h("input", { type: "text", id: "bracket-note", autocomplete: "off", placeholder: strings.bracket.notePlaceholder });
  const preview = h("p", { class: "bracket-preview" }, `[${selected.length > 120 ? `${selected.slice(0, 117)}…` : selected}]`);
  const dialog = h(
    "dialog",
    { class: "bracket-dialog", "aria-labelledby": "bracket-dialog-title" },
    h(
      "form",
      { method: "dialog" },
      h("h2", { id: "bracket-dialog-title" }, strings.bracket.dialogTitle),
      preview,
      h("label", { for: "bracket-note" }, strings.bracket.noteLabel),
      input,
      h("div", { class: "dialog-buttons" }, h("button", { type: "submit", class: "button primary", value: "ok" }, strings.bracket.ok), h("button", { type: "submit", class: "button", value: "cancel", formnovalidate: true }, strings.dialog.cancel)),
    ),
  );
  let answer: string | null = null;
  // Decide on submit rather than trusting returnValue, which implicit submission (Enter) may leave empty.
  dialog.querySelector("form")!.addEventListener("submit", (event) => {
    event.preventDefault();
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    answer = submitter?.value === "cancel" ? null : input.value.trim();
    dialog.close();
  });
  return openModal(dialog, input).then(() => answer);
}
