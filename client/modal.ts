/**
 * Shows a `<dialog>` as a modal: added to the page, the keyboard focus on `focus` (else the
 * browser's first choice), taken out of the page when it closes (Escape or its form). Resolves
 * once it is closed and gone: the page's dialogs (bracket note, confirmation, keys, link, compare)
 * all open this way.
 */
export function openModal(dialog: HTMLDialogElement, focus?: HTMLElement): Promise<void> {
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve();
    });
    dialog.showModal();
    focus?.focus();
  });
}
