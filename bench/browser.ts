import { build } from "esbuild";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildClient } from "../client/build.ts";
import { launchChromium } from "../e2e/browser.ts";
import { placeCaret } from "../e2e/draft.ts";
import { log } from "../server/log.ts";
import { startServer } from "../server/server.ts";
import type { RunningServer } from "../server/server.ts";
import { createTestSession } from "../server/test-support.ts";
import type { TestSession } from "../server/test-support.ts";
import { largeDocument } from "./codec.ts";
import { formatRows, rowOf } from "./measure.ts";
import type { Row } from "./measure.ts";

/**
 * `npm run bench:browser`: what a participant feels in Chromium, on the reference draft and on
 * the 300-page draft in one run, for Plenary's session page and for a bare ProseMirror +
 * y-prosemirror editor on the same schema and server (bench/bare/main.ts) as the baseline.
 * Prints a table and writes it to BENCHMARKS.md.
 *
 * - keydown → paint: from the keydown in the typist's page to the end of the next frame
 *   (requestAnimationFrame, then a task) after the draft's DOM changed; the Changes panel is
 *   open (the default tab) in both Plenary pages.
 * - keydown → peer: from that keydown to the moment the typed text is in the other page's DOM;
 *   and, to tell the typist's share from the server's and the peer's, keydown → the update's
 *   WebSocket message leaves the typist's page.
 * - load: navigation to the first text of the draft on screen, and to interactive (the end of
 *   the last long task before a second without any).
 * - the chair's filter: picking one author in the Changes panel, then all again, to the next frame;
 * - the chair's decisions: from the click (accept one change in the Changes panel; accept all
 *   changes; Undo of that) to the end of the frame that shows the draft changed.
 */

const KEYS = Number(process.env.BENCH_KEYS ?? 40);
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 9);
/** What the typist types (the first {@link KEYS} keys): a frame is 16.7 ms, so a figure needs many keys to be steady. */
const TYPED = " benchmarked wording, typed key by key by one delegation";
const CLAUSE = "Resolution 73 (Minneapolis, 1998)";

/**
 * Installed in every measured page before its scripts: the probes the figures come from. A
 * string, not a function: tsx would wrap a function's inner helpers in a `__name` the page lacks.
 */
const PROBES = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = { keyAt: 0, waitingPaint: false, painted: [], expect: null, seen: [], firstText: 0, lastLongTask: 0, waitingSend: false, sent: [] };
  window.__bench = bench;
  // When the keystroke's update leaves the page (the first binary message after the keydown).
  const send = WebSocket.prototype.send;
  // How long the page spends on each message it receives (the peer's share of keydown → peer).
  bench.handled = [];
  const desc = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
  Object.defineProperty(WebSocket.prototype, "onmessage", {
    set(handler) {
      desc.set.call(this, handler && function (event) {
        const start = performance.now();
        const result = handler.call(this, event);
        if (bench.expect !== null || bench.seen.length) bench.handled.push(performance.now() - start);
        return result;
      });
    },
    get() { return desc.get.call(this); },
  });
  WebSocket.prototype.send = function (data) {
    if (bench.waitingSend && typeof data !== "string") {
      bench.waitingSend = false;
      bench.sent.push(now() - bench.keyAt);
    }
    return send.call(this, data);
  };
  document.addEventListener("keydown", () => { bench.keyAt = now(); bench.waitingPaint = true; bench.waitingSend = true; }, true);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.lastLongTask = Math.max(bench.lastLongTask, entry.startTime + entry.duration);
  }).observe({ type: "longtask", buffered: true });
  const elementOf = (node) => (node instanceof Element ? node : node.parentElement);
  new MutationObserver((records) => {
    if (!bench.firstText) {
      const draft = document.querySelector(".document");
      if (draft && (draft.textContent || "").length > 0) bench.firstText = performance.now();
    }
    if (bench.waitingPaint && records.some((r) => elementOf(r.target)?.closest(".document"))) {
      bench.waitingPaint = false;
      const from = bench.keyAt;
      requestAnimationFrame(() => setTimeout(() => bench.painted.push(now() - from), 0));
    }
    if (bench.expect !== null) {
      for (const record of records) {
        const block = elementOf(record.target)?.closest(".document > *, .document p, .document h2, .document h3");
        if (block && (block.textContent || "").includes(bench.expect)) {
          bench.seen.push(now());
          bench.expect = null;
          break;
        }
      }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

interface Target {
  name: string;
  /** The page the typist and the peer open. */
  url(session: TestSession, seat: string): string;
  typist: string;
  peer: string;
}

const plenary: Target = {
  name: "Plenary",
  url: (s, seat) => `${s.server.url}/s/${s.id}#t=${s.tokens[seat]}`,
  typist: "USA",
  peer: "chair",
};
const bare: Target = {
  name: "bare editor",
  url: (s, seat) => `${s.server.url}/assets/bench-bare.html?s=${s.id}#t=${s.tokens[seat]}`,
  typist: "chair",
  peer: "observer",
};

/**
 * Bundles the bare editor into the served assets (`/assets/bench-bare.html`): served by the same
 * server as Plenary's pages, so Chromium lets it open the WebSocket to that server.
 */
async function bareAssets(distDir: string): Promise<void> {
  const assets = join(distDir, "assets");
  await build({ entryPoints: [new URL("./bare/main.ts", import.meta.url).pathname], outfile: join(assets, "bench-bare.js"), bundle: true, format: "esm", platform: "browser", minify: true, logLevel: "warning" });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare editor</title><link rel="stylesheet" href="/assets/styles.css"></head><body><main id="draft"></main><script type="module" src="/assets/bench-bare.js"></script></body></html>`;
  await writeFile(join(assets, "bench-bare.html"), html);
}

async function openMeasured(browser: Browser, url: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  await context.addInitScript({ content: PROBES });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Navigation start → first text, → interactive (ms), read from the page's probes. */
async function loadTimes(page: Page): Promise<{ firstText: number; interactive: number }> {
  await page.waitForFunction(() => (window as any).__bench.firstText > 0, null, { timeout: 180_000, polling: 100 });
  for (;;) {
    const { firstText, lastLongTask, now } = await page.evaluate(() => ({ ...(window as any).__bench, now: performance.now() }));
    if (now - Math.max(firstText, lastLongTask) > 1000) return { firstText, interactive: Math.max(firstText, lastLongTask) };
    await page.waitForTimeout(200);
  }
}


/** From a click on `selector` (the first match) to the end of the frame after the draft changed (ms). */
async function clickToPaint(page: Page, selector: string): Promise<number> {
  const before = await page.evaluate(() => (window as any).__bench.painted.length as number);
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.evaluate((sel) => {
    const bench = (window as any).__bench;
    bench.keyAt = performance.timeOrigin + performance.now();
    bench.waitingPaint = true;
    (document.querySelector(sel) as HTMLElement).click();
  }, selector);
  await page.waitForFunction((n) => (window as any).__bench.painted.length > n, before, { timeout: 120_000, polling: 50 }).catch(async (error: Error) => {
    const notice = await page.locator("#notice").textContent();
    throw new Error(`clicking ${selector} changed nothing in the draft (notice: ${notice}): ${error.message}`);
  });
  return page.evaluate(() => (window as any).__bench.painted.at(-1) as number);
}

/** The chair picks an author in the Changes panel's filter, then "All authors" again: each from the change to the end of the next frame (ms). */
async function filters(chair: Page, author: string): Promise<number[]> {
  const times: number[] = [];
  for (const value of [author, ""]) {
    times.push(
      await chair.evaluate(
        (v) =>
          new Promise<number>((done) => {
            const select = document.querySelector<HTMLSelectElement>("#filter-by")!;
            const start = performance.now();
            select.value = v;
            select.dispatchEvent(new Event("change"));
            requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
          }),
        value,
      ),
    );
  }
  return times;
}

/** The chair accepts one change (several times, one after the other), then all, then undoes that. */
async function decisions(chair: Page): Promise<{ one: number[]; all: number; undo: number }> {
  const one: number[] = [];
  for (let i = 0; i < DECISIONS; i++) {
    one.push(await clickToPaint(chair, 'li.change[data-kind="deletion"] [data-action="accept"]'));
    await chair.waitForTimeout(300); // the panel follows when idle
  }
  // "Accept all" asks first (with the count); the decision is timed from the confirming click.
  await chair.locator(".bulk-details > summary").click();
  await chair.locator('[data-bulk="accept-all"]').click();
  const all = await clickToPaint(chair, "#confirm-dialog-ok");
  await chair.waitForTimeout(500);
  const undo = await clickToPaint(chair, 'button[aria-keyshortcuts="Control+Z"]');
  return { one, all, undo };
}

/** Types {@link TYPED} key by key, each after the previous one reached the peer; per-key figures. */
async function typing(typist: Page, peer: Page): Promise<{ paint: number[]; peer: number[]; sent: number[] }> {
  await placeCaret(typist, CLAUSE, "Resolution 73");
  const paint: number[] = [];
  const toPeer: number[] = [];
  for (let i = 0; i < Math.min(KEYS, TYPED.length); i++) {
    await peer.evaluate((expect) => ((window as any).__bench.expect = expect), `Resolution 73${TYPED.slice(0, i + 1)}`);
    await typist.keyboard.press(TYPED[i] === " " ? "Space" : TYPED[i]);
    await typist.waitForFunction((n) => (window as any).__bench.painted.length >= n, i + 1, { timeout: 60_000, polling: 20 });
    await peer.waitForFunction((n) => (window as any).__bench.seen.length >= n, i + 1, { timeout: 60_000, polling: 20 });
    const keyAt = await typist.evaluate(() => (window as any).__bench.keyAt as number);
    paint.push(await typist.evaluate(() => (window as any).__bench.painted.at(-1) as number));
    toPeer.push((await peer.evaluate(() => (window as any).__bench.seen.at(-1) as number)) - keyAt);
  }
  const sent = await typist.evaluate(() => (window as any).__bench.sent as number[]);
  if (process.env.BENCH_DEBUG) {
    const handled = await peer.evaluate(() => (window as any).__bench.handled as number[]);
    const sorted = [...handled].sort((a, b) => a - b);
    console.log(`peer: ${handled.length} messages handled while typing, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms, total ${handled.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
  }
  return { paint, peer: toPeer, sent };
}

async function measureDraft(browser: Browser, server: RunningServer, dataDir: string, label: string, text: string): Promise<{ rows: Row[]; figures: Record<string, number> }> {
  const rows: Row[] = [];
  const figures: Record<string, number> = {};
  for (const target of [plenary, bare]) {
    const session = await createTestSession(server, dataDir, undefined, text);
    const contexts: BrowserContext[] = [];
    try {
      const first: number[] = [];
      const interactive: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        const page = await openMeasured(browser, target.url(session, target.peer), contexts);
        const times = await loadTimes(page);
        first.push(times.firstText);
        interactive.push(times.interactive);
        await contexts.pop()!.close();
      }
      const peer = await openMeasured(browser, target.url(session, target.peer), contexts);
      const typist = await openMeasured(browser, target.url(session, target.typist), contexts);
      await loadTimes(peer);
      await loadTimes(typist);
      const keys = await typing(typist, peer);
      const entries = await peer.evaluate(() => document.querySelectorAll(".change-list > li").length);
      const nodes = await peer.evaluate(() => document.getElementsByTagName("*").length);
      const add = (name: string, values: number[]) => {
        const r = rowOf(`${label}, ${target.name}: ${name}`, values);
        rows.push(r);
        figures[`${target.name}: ${name}`] = r.medianMs;
      };
      add("load to first text", first);
      add("load to interactive", interactive);
      add("keydown → paint", keys.paint);
      add("keydown → peer", keys.peer);
      add("keydown → the update leaves the typist's page", keys.sent);
      if (target === plenary) {
        console.log(`${label}: the chair's Changes panel holds ${entries} entries in the DOM; the page ${nodes} elements`);
        figures[`${target.name}: panel entries in the DOM`] = entries;
        const filtered = await filters(peer, "USA");
        add("the chair filters by one author", [filtered[0]!]);
        add("the chair goes back to all authors", [filtered[1]!]);
        const decided = await decisions(peer);
        add("the chair accepts one change", decided.one);
        add("the chair accepts all changes", [decided.all]);
        add("the chair undoes accepting all", [decided.undo]);
      }
    } finally {
      for (const context of contexts) await context.close().catch(() => {});
    }
  }
  return { rows, figures };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "plenary-bench-browser-"));
  const distDir = join(dataDir, "dist");
  await buildClient({ outDir: distDir });
  await bareAssets(distDir);
  // The server's log (connections opening and closing) would interleave with the table.
  log.level = process.env.PLENARY_LOG_LEVEL ?? "warn";
  const server = await startServer({ port: 0, dataDir, distDir });
  const browser = await launchChromium();
  try {
    const seed = await readFile(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
    const large = largeDocument();
    const small = await measureDraft(browser, server, dataDir, "seed", seed);
    const big = await measureDraft(browser, server, dataDir, "300 pages", large);
    const rows = [...small.rows, ...big.rows];
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "–");
    const ratios = [
      `keydown → paint, 300 pages / seed (Plenary): ${ratio(big.figures["Plenary: keydown → paint"], small.figures["Plenary: keydown → paint"])}`,
      `keydown → peer, 300 pages / seed (Plenary): ${ratio(big.figures["Plenary: keydown → peer"], small.figures["Plenary: keydown → peer"])}`,
      `keydown → paint at 300 pages, Plenary / bare editor: ${ratio(big.figures["Plenary: keydown → paint"], big.figures["bare editor: keydown → paint"])}`,
      `keydown → peer at 300 pages, Plenary / bare editor: ${ratio(big.figures["Plenary: keydown → peer"], big.figures["bare editor: keydown → peer"])}`,
      `load to first text at 300 pages, Plenary / bare editor: ${ratio(big.figures["Plenary: load to first text"], big.figures["bare editor: load to first text"])}`,
      `load to interactive at 300 pages, Plenary / bare editor: ${ratio(big.figures["Plenary: load to interactive"], big.figures["bare editor: load to interactive"])}`,
      `the chair accepts one change, 300 pages / seed: ${ratio(big.figures["Plenary: the chair accepts one change"], small.figures["Plenary: the chair accepts one change"])}`,
      `the chair accepts all changes at 300 pages: ${big.figures["Plenary: the chair accepts all changes"].toFixed(0)} ms; undoes that: ${big.figures["Plenary: the chair undoes accepting all"].toFixed(0)} ms`,
      `Changes panel entries in the DOM: ${small.figures["Plenary: panel entries in the DOM"]} (seed), ${big.figures["Plenary: panel entries in the DOM"]} (300 pages)`,
    ];
    const table = formatRows(rows);
    const report = `# Browser benchmarks\n\n\`npm run bench:browser\`, Chromium ${browser.version()} headless, ${new Date().toISOString()}; ${KEYS} keys, ${LOADS} loads, ${DECISIONS} decisions per figure (median, min, max).\n\n\`\`\`\n${table}\n\`\`\`\n\n${ratios.map((r) => `- ${r}`).join("\n")}\n`;
    console.log(`\n${table}\n\n${ratios.join("\n")}`);
    if (!process.env.BENCH_NO_WRITE) await writeFile(new URL("../BENCHMARKS.md", import.meta.url), report);
  } finally {
    await browser.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
