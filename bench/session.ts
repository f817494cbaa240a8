import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { largeDocument } from "./codec.ts";
import { Room } from "../server/room.ts";
import { Store } from "../server/store.ts";
import { createSession } from "../server/session.ts";
import { startServer } from "../server/server.ts";
import { connectClient, wsBaseOf, tokenOf } from "../server/test-support.ts";
import type { Row } from "./measure.ts";

/** Median of async timings (each run sets up its own state, so runs are few). */
async function timeAsync(name: string, runs: number, f: () => Promise<number>): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await f());
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(runs / 2)], minMs: times[0], maxMs: times[runs - 1], runs };
}

/**
 * A 300-page session (1 MB of DL text) through the live path: created from text,
 * loaded from the store (from the log, then from a snapshot), and synced to a new
 * stock y-websocket client over a real WebSocket.
 */
export async function sessionRows(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-bench-"));
  const text = largeDocument();
  const rows: Row[] = [];
  try {
    const store = Store.open(dataDir);
    let session = { id: "", links: null as unknown as ReturnType<typeof createSession>["links"] };
    rows.push(
      await timeAsync("create 300-page session (parse, Y.Doc, store)", 3, async () => {
        const start = performance.now();
        session = createSession(store, { title: "bench", text, delegations: [{ code: "USA", name: "United States" }] }, "http://localhost");
        return performance.now() - start;
      }),
    );
    const load = async () => {
      const start = performance.now();
      const room = new Room(session.id, store, { compactEvery: 1_000_000 });
      const ms = performance.now() - start;
      room.awareness.destroy();
      room.doc.destroy();
      return ms;
    };
    rows.push(await timeAsync("load 300-page session from the log", 5, load));
    new Room(session.id, store, { compactEvery: 1 }).unload();
    rows.push(await timeAsync("load 300-page session from a snapshot", 5, load));
    store.close();

    const server = await startServer({ port: 0, dataDir });
    const ws = wsBaseOf(server.url);
    const token = tokenOf(session.links.delegations.USA);
    try {
      rows.push(
        await timeAsync("first client syncs (load from store + sync)", 5, async () => {
          const start = performance.now();
          const client = await connectClient(ws, session.id, token);
          const ms = performance.now() - start;
          client.destroy();
          await new Promise((r) => setTimeout(r, 50));
          return ms;
        }),
      );
      const first = await connectClient(ws, session.id, token);
      rows.push(
        await timeAsync("another client syncs (session loaded)", 5, async () => {
          const start = performance.now();
          const client = await connectClient(ws, session.id, token);
          const ms = performance.now() - start;
          client.destroy();
          return ms;
        }),
      );
      first.destroy();
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
