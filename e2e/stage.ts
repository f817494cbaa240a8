import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { buildClient } from "../client/build.ts";
import { startServer } from "../server/server.ts";
import type { RunningServer } from "../server/server.ts";
import { launchChromium } from "./browser.ts";

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
