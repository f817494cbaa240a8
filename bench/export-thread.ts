import * as Y from "yjs";
import { initialState } from "../server/session.ts";
import { ExportPool } from "../server/export-pool.ts";
import { largeDocument } from "./codec.ts";
import type { Row } from "./measure.ts";

/**
 * What a 300-page Word export costs the thread the rooms run on (issue 10): the event
 * loop's delay while three exports render, with the export on a worker thread (the
 * server's way) and on the same thread (as before), in the same process. The room's
 * own share is encoding the Yjs state for the worker.
 */
export async function exportThreadRows(): Promise<Row[]> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialState("bench", largeDocument()));
  const rows: Row[] = [];
  for (const [label, pool] of [["on a worker thread", new ExportPool()], ["on the rooms' thread", new ExportPool(true)]] as const) {
    await pool.run({ kind: "export", doc: { yState: Y.encodeStateAsUpdate(doc) }, format: "docx", variant: "marked", authors: {} }); // warm-up
    // A 5 ms ticker: the longest gap between its ticks is the longest the thread was held.
    let last = performance.now();
    let worst = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    await Promise.all([1, 2, 3].map(() => pool.run({ kind: "export", doc: { yState: Y.encodeStateAsUpdate(doc) }, format: "docx", variant: "marked", authors: {} })));
    const elapsed = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    await pool.close();
    rows.push({ name: `3 Word exports, 300 pages, ${label}: longest stall of the rooms' thread`, medianMs: worst, minMs: worst, maxMs: worst, runs: 1 });
    rows.push({ name: `3 Word exports, 300 pages, ${label}: all done`, medianMs: elapsed, minMs: elapsed, maxMs: elapsed, runs: 1 });
  }
  return rows;
}
