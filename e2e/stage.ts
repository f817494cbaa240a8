import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildClient } from "../client/build.ts";
import { startServer } from "../server/server.ts";
import type { RunningServer } from "../server/server.ts";
import { launchChromium, openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { waitForConnection } from "./draft.ts";

/** Where the suites keep their screenshots. */
export const ARTIFACTS = new URL("./artifacts/", import.meta.url);

/** What a browser suite runs on: a temporary data directory with the client built into it, one real server, one Chromium. */
export interface Stage {
  dataDir: string;
  distDir: string;
  server: RunningServer;
  browser: Browser;
}

/** Builds the client, starts a server on port 0 over a fresh data directory, and launches Chromium. */
export async function openStage(prefix: string): Promise<Stage> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const distDir = join(dataDir, "dist");
  await buildClient({ outDir: distDir, minify: false });
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await startServer({ port: 0, dataDir, distDir });
  const browser = await launchChromium();
  return { dataDir, distDir, server, browser };
}

/** Closes the suite's browser contexts, Chromium and the server, and removes the data directory. */
export async function closeStage(stage: Partial<Stage> & { contexts: BrowserContext[] }): Promise<void> {
  for (const context of stage.contexts) await context.close().catch(() => {});
  await stage.browser?.close();
  await stage.server?.close();
  if (stage.dataDir) await rm(stage.dataDir, { recursive: true, force: true });
}

/** A browser suite's stage and what it opened, for `describe` blocks (see {@link useStage}). */
export interface SuiteStage {
  /** The stage (available from the suite's first test, and in its own `before` hooks registered after this). */
  readonly stage: Stage;
  /** Problems (console errors, uncaught exceptions) seen on any page it opened. */
  readonly problems: PageProblem[];
  /**
   * Opens `url` in a fresh 1440×900 context as `name` and waits until it is connected.
   * `prepare` runs on the page before it navigates (e.g. to route its WebSocket).
   */
  openSeat(name: string, url: string, prepare?: (page: Page) => Promise<void>): Promise<Page>;
}

/** Opens a stage before the suite's tests and closes it, with every context opened, after them. */
export function useStage(prefix: string): SuiteStage {
  let stage: Stage | null = null;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  before(async () => {
    stage = await openStage(prefix);
  });
  after(async () => {
    await closeStage({ ...(stage ?? {}), contexts });
  });
  return {
    get stage() {
      if (!stage) throw new Error("the stage is not open yet");
      return stage;
    },
    problems,
    async openSeat(name, url, prepare) {
      const { context, page } = await openPage(this.stage.browser, name, problems, { width: 1440, height: 900 });
      contexts.push(context);
      await prepare?.(page);
      await page.goto(url);
      await waitForConnection(page, "connected");
      return page;
    },
  };
}
