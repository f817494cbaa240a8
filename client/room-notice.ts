/** How a short message to the participant reads: information, a done decision, or a refusal. */
export type NoticeKind = "info" | "ok" | "refused";

/**
 * A one-line message above the draft ("This clause is agreed: only the chair can change it"), read
 * out by screen readers (the element is a polite live region) and gone after a while.
 */
export function noticeBoard(element: HTMLElement): (text: string, kind?: NoticeKind) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (text, kind = "info") => {
    element.textContent = text;
    element.dataset.kind = kind;
    element.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(() => (element.hidden = true), kind === "refused" ? 6000 : 8000);
  };
}
