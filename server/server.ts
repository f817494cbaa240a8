import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ROOT } from "./paths.ts";
import { WebSocketServer } from "ws";
import { MAX_MESSAGE_BYTES } from "../shared/protocol.ts";
import { ensureAdminToken } from "./admin.ts";
import { Connection } from "./connection.ts";
import { lockDataDir } from "./data-lock.ts";
import { ExportPool } from "./export-pool.ts";
import type { DataLock } from "./data-lock.ts";
import { httpApp } from "./http.ts";
import { log, watchConnection } from "./log.ts";
import { registerServer } from "./metrics.ts";
import { hashToken } from "./participants.ts";
import { Rooms } from "./rooms.ts";
import { Store } from "./store.ts";
import { handleUpgrade } from "./upgrade.ts";

/**
 * The Plenary server: HTTP (pages, JSON API) and the WebSocket of each session on one
 * port. `startServer({ port: 0, dataDir })` is what the CLI and the tests start.
 */

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Interface to listen on; default all. */
  host?: string;
  /** Base of join links made by the API; default from each request's Host. */
  baseUrl?: string;
  /** The built client; default `dist/` at the repository root. */
  distDir?: string;
  /** Write a snapshot after this many logged updates (default 500). */
  compactEvery?: number;
  /** A token that may read `GET /metrics` besides the admin token (server/operations.ts). */
  metricsToken?: string;
}

/** A running server. */
export interface RunningServer {
  /** `http://localhost:PORT` */
  url: string;
  port: number;
  /** The token of the "new session" link. */
  adminToken: string;
  /** Closes every connection, snapshots every loaded session and closes the database. */
  close(): Promise<void>;
}

/** The default directory of the built client. */
export const DEFAULT_DIST_DIR = join(ROOT, "dist");

/** How long a closing server waits for clients to answer the close handshake. */
const CLOSE_GRACE_MS = 1000;

/** Going Away: the server is shutting down; the client may reconnect later. */
const GOING_AWAY = 1001;

/** Starts a server; resolves once it is listening. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataDir(options.dataDir);
  let store: Store;
  try {
    store = Store.open(options.dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  return listening(options, store, lock);
}

async function listening(options: ServerOptions, store: Store, lock: DataLock): Promise<RunningServer> {
  const admin = ensureAdminToken(store, options.dataDir);
  const rooms = new Rooms(store, { compactEvery: options.compactEvery ?? 500 });
  const exports = new ExportPool();
  const connections = new Set<Connection>();
  const app = httpApp({
    store,
    rooms,
    exports,
    adminTokenHash: admin.tokenHash,
    distDir: options.distDir ?? DEFAULT_DIST_DIR,
    baseUrl: options.baseUrl,
    metricsTokenHash: options.metricsToken ? hashToken(options.metricsToken) : undefined,
  });
  const http = createServer(app);
  // ws refuses frames over maxPayload with its own 1009; allow twice the limit so that
  // the connection can close with our named MessageTooLarge for the usual overshoot.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * MAX_MESSAGE_BYTES });
  http.on("upgrade", (request, socket, head) =>
    handleUpgrade(store, wss, request, socket, head, (ws, { sessionId, participant }) => {
      const room = rooms.open(sessionId);
      const connection = new Connection(ws, participant, room, (closed) => {
        connections.delete(closed);
        rooms.leave(room, closed);
      });
      connections.add(connection);
      watchConnection(connection, ws, sessionId, participant);
      room.join(connection);
    }),
  );
  try {
    await new Promise<void>((resolveListen, reject) => {
      http.once("error", reject);
      http.listen(options.port, options.host, () => {
        http.off("error", reject);
        resolveListen();
      });
    });
  } catch (error) {
    store.close();
    lock.release();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const unregister = registerServer({ connections: () => connections.size, rooms: () => rooms.size });
  log.info({ port, host: options.host ?? null, dataDir: options.dataDir }, "listening");
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      unregister();
      log.info("closing");
      rooms.closeAll(GOING_AWAY, "the server is shutting down");
      const closed = new Promise<void>((done) => http.close(() => done()));
      http.closeAllConnections();
      await waitFor(() => connections.size === 0, CLOSE_GRACE_MS);
      for (const connection of connections) connection.terminate();
      wss.close();
      await closed;
      await exports.close();
      try {
        store.close();
      } finally {
        lock.release();
      }
    })();
    return closing;
  };
  return { url: `http://localhost:${port}`, port, adminToken: admin.token, close };
}

function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((done) => {
    const started = Date.now();
    const check = () => {
      if (condition() || Date.now() - started >= timeoutMs) done();
      else setTimeout(check, 10);
    };
    check();
  });
}
