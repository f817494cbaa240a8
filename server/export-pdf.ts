import { existsSync } from "node:fs";
import { escapeHtml } from "../shared/export/html.ts";

/**
 * PDF exports: the HTML export (self-contained, A4, the same marks and colours as on
 * screen) printed by Chromium, with the document's symbol at the top of each page and
 * its page number at the foot, as ITU documents are. Chromium rather than LibreOffice
 * from the Word file: it prints the very HTML delegates download, brackets, strikes and
 * underlines in their delegations' colours, with no second layout engine to keep in step,
 * and Debian's Chromium is already what the tests drive. One browser per export, closed
 * after it: an export is rare, and no browser outlives the worker that printed.
 *
 * The browser is `PLENARY_CHROMIUM` (default `/usr/bin/chromium`); without it a PDF
 * export answers 503 and says so.
 */

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

export const chromiumPath = (): string => process.env.PLENARY_CHROMIUM ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why a PDF cannot be printed on this machine. */
export class PdfUnavailableError extends Error {}


/** Prints `html` as an A4 PDF; `running` (the symbol and revision) heads every page. */
export async function printPdf(html: string, running: string): Promise<Uint8Array> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new PdfUnavailableError(`PDF export needs Chromium, not found at ${executablePath} (install Debian's chromium or set PLENARY_CHROMIUM)`);
  // Loaded on the first PDF, not at start: playwright-core is large (about 0.6 s and tens of MB a server would carry unused).
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage();
    // The export is self-contained: nothing to fetch, no script to run.
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    const small = "font-family: 'Times New Roman', serif; font-size: 9pt; width: 100%; margin: 0 15mm;";
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="${small} text-align: right;">${escapeHtml(running)}</div>`,
      footerTemplate: `<div style="${small} text-align: center;">- <span class="pageNumber"></span> -</div>`,
      margin: { top: "22mm", bottom: "20mm", left: "20mm", right: "20mm" },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
