import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";

/** Debian's Chromium; Playwright cannot download its own browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

/** Launches headless Chromium for the end-to-end tests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** A console error or uncaught exception seen on a page. */
export interface PageProblem {
  page: string;
  text: string;
}

/**
 * Browser messages that are expected in these tests and say nothing about the client: the
 * network errors Chromium logs itself while the server is down, and the 4xx answers a test provokes.
 */
const EXPECTED = [/ERR_CONNECTION_REFUSED/, /WebSocket connection to .* failed/, /status of 422/];

/** Opens a page in a fresh context and records its console errors and uncaught exceptions. */
export async function openPage(browser: Browser, name: string, problems: PageProblem[], viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error" && !EXPECTED.some((re) => re.test(message.text()))) problems.push({ page: name, text: message.text() });
  });
  page.on("pageerror", (error) => problems.push({ page: name, text: `uncaught: ${error.message}` }));
  return { context, page };
}
