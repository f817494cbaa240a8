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
      // Other participants' carets sit inside the text ("to endorseUSA the"): read around them.
      // (No named helper here: tsx would wrap it in __name, which the page does not have.)
      const paragraph = [...document.querySelectorAll(".document p.clause")].find((p) => {
        const copy = p.cloneNode(true) as HTMLElement;
        for (const widget of copy.querySelectorAll(".remote-cursor, .bracket-sign, .block-tag")) widget.remove();
        return (copy.textContent ?? "").includes(needle);
      });
      if (!paragraph) throw new Error(`no clause contains ${needle}`);
      const range = document.createRange();
      if (anchor) {
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const index = node.textContent!.indexOf(anchor);
          if (index >= 0 && !node.parentElement?.closest(".remote-cursor")) {
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

/** Selects `text` inside the clause containing `clauseText` (its first occurrence), as a drag would. */
export async function selectText(page: Page, clauseText: string, text: string): Promise<void> {
  await draft(page).focus();
  await page.evaluate(
    ([needle, wanted]) => {
      // Other participants' carets sit inside the text ("to endorseUSA the"): read around them.
      // (No named helper here: tsx would wrap it in __name, which the page does not have.)
      const paragraph = [...document.querySelectorAll(".document p.clause")].find((p) => {
        const copy = p.cloneNode(true) as HTMLElement;
        for (const widget of copy.querySelectorAll(".remote-cursor, .bracket-sign, .block-tag")) widget.remove();
        return (copy.textContent ?? "").includes(needle);
      });
      if (!paragraph) throw new Error(`no clause contains ${needle}`);
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.textContent!.indexOf(wanted);
        if (index < 0 || node.parentElement?.closest(".remote-cursor")) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + wanted.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error(`no single text node of the clause holds ${wanted}`);
    },
    [clauseText, text] as const,
  );
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
}

/** The whole draft's text as a reader sees it, without carets, bracket signs and block tags. */
export function draftText(page: Page): Promise<string> {
  return draft(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const widget of copy.querySelectorAll(".remote-cursor, .bracket-sign, .block-tag")) widget.remove();
    return copy.textContent ?? "";
  });
}

/**
 * Selects, in the clause containing `clauseText`, from where `from` begins to where `to` ends,
 * across marks and brackets (other participants' carets and the drawn signs are not text).
 */
export async function selectBetween(page: Page, clauseText: string, from: string, to: string): Promise<void> {
  await page.evaluate(
    ([needle, start, end]) => {
      const p = [...document.querySelectorAll(".document p.clause")].find((x) => (x.textContent ?? "").includes(needle));
      if (!p) throw new Error(`no clause contains ${needle}`);
      const texts: Text[] = [];
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!node.parentElement?.closest(".remote-cursor, .bracket-sign, .block-tag")) texts.push(node as Text);
      const first = texts.find((t) => t.data.includes(start));
      const last = texts.find((t) => t.data.includes(end));
      if (!first || !last) throw new Error(`the clause has no text "${first ? end : start}"`);
      const range = document.createRange();
      range.setStart(first, first.data.indexOf(start));
      range.setEnd(last, last.data.indexOf(end) + end.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    },
    [clauseText, from, to] as const,
  );
  await page.waitForTimeout(100);
}

/** Copies the selection as Ctrl+C does and returns what the page put on the clipboard. */
export function copySelection(page: Page): Promise<{ text: string; html: string }> {
  return page.evaluate(() => {
    const data = { text: "", html: "" };
    // (An unnamed listener: tsx would wrap a named one in __name, which the page does not have.)
    document.addEventListener(
      "copy",
      (event) => {
        data.text = event.clipboardData!.getData("text/plain");
        data.html = event.clipboardData!.getData("text/html");
      },
      { once: true },
    );
    document.execCommand("copy");
    return data;
  });
}

/** Pastes these clipboard flavours ({ "text/html": ..., "text/plain": ... }) at the draft's selection, as Ctrl+V does. */
export function pasteInto(page: Page, flavours: Record<string, string>): Promise<void> {
  return page.evaluate((data) => {
    const transfer = new DataTransfer();
    for (const [type, value] of Object.entries(data)) transfer.setData(type, value);
    document.querySelector(".ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, flavours);
}
