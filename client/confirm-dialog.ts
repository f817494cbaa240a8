import { h } from "./dom.ts";
import { openModal } from "./modal.ts";
import { strings } from "./ui-text/index.ts";

/** What to ask before an action that is hard to take back. */
export interface Confirmation {
  /** The question, as a heading: "Accept 2,766 changes?" */
  title: string;
  /** What will happen, in a sentence or two. */
  message: string;
  /** The confirming button's words: "Accept 2,766". */
  confirm: string;
  /** Whether the action removes or overrides something (the button is drawn as a warning). */
  danger?: boolean;
}

/**
 * Asks in a small modal dialog before an action that is hard to take back (a bulk decision,
 * revoking a seat's link). Enter or the confirming button goes ahead; Escape or Cancel does not.
 * Cancel has the focus, so a stray Enter does nothing. Resolves to whether to go ahead.
 */
export function confirmAction({ title, message, confirm, danger = false }: Confirmation): Promise<boolean> {
  const cancel = h("button", { type: "submit", class: "button", value: "cancel" }, strings.dialog.cancel);
  const dialog = h(
    "dialog",
    { class: "confirm-dialog", "aria-labelledby": "confirm-dialog-title", "aria-describedby": "confirm-dialog-message" },
    h(
      "form",
      { method: "dialog" },
      h("h2", { id: "confirm-dialog-title" }, title),
      h("p", { id: "confirm-dialog-message" }, message),
      h("div", { class: "dialog-buttons" }, h("button", { type: "submit", class: `button ${danger ? "danger" : "primary"}`, value: "ok", id: "confirm-dialog-ok" }, confirm), cancel),
    ),
  );
  let answer = false;
  dialog.querySelector("form")!.addEventListener("submit", (event) => {
    event.preventDefault();
    answer = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value === "ok";
    dialog.close();
  });
  return openModal(dialog, cancel).then(() => answer);
}
