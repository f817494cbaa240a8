import type { Locator, Page } from "playwright-core";

/** The editable (or, for the observer, read-only) draft on a session page. */
export function draft(page: Page): Locator {
  return page.locator(".document");
}

/** The clause whose text contains `text`. */
export function clause(page: Page, text: string): Locator {
  return page.locator(".document p.clause", { hasText: text });
}

/**
 * Puts the caret in the clause containing `clauseText`: right after `after` if given, else at the
 * clause's end. Sets the DOM selection, which ProseMirror reads, as a click would.
 */
export async function placeCaret(page: Page, clauseText: string, after?: string): Promise<void> {
  await draft(page).focus();
  await page.evaluate(
    ([needle, anchor]) => {
      const paragraph = [...document.querySelectorAll(".document p.clause")].find((p) => p.textContent?.includes(needle));
      if (!paragraph) throw new Error(`no clause contains ${needle}`);
      const range = document.createRange();
      if (anchor) {
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const index = node.textContent!.indexOf(anchor);
          if (index >= 0) {
            range.setStart(node, index + anchor.length);
            break;
          }
        }
      } else {
        range.selectNodeContents(paragraph);
      }
      range.collapse(anchor ? true : false);
      const selection = getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    [clauseText, after ?? ""] as const,
  );
  // Let ProseMirror's selectionchange handler run before typing.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
}

/** The text of the clause containing `needle`, without other participants' carets and bracket signs. */
export function clauseText(page: Page, needle: string): Promise<string> {
  return clause(page, needle).evaluate((p) => {
    const copy = p.cloneNode(true) as HTMLElement;
    for (const widget of copy.querySelectorAll(".remote-cursor, .bracket-sign")) widget.remove();
    return copy.textContent ?? "";
  });
}

/** Waits until the draft shows every given text. */
export async function waitForTexts(page: Page, ...texts: string[]): Promise<void> {
  for (const text of texts) await page.locator(".document", { hasText: text }).waitFor();
}

/** Waits until the connection status is in the given state. */
export async function waitForConnection(page: Page, state: "connected" | "reconnecting" | "offline" | "closed"): Promise<void> {
  await page.locator(`#connection[data-state="${state}"]`).waitFor();
}
