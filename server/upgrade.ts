import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket, WebSocketServer } from "ws";
import { errorMessage, log } from "./log.ts";
import { authenticate } from "./participants.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * The WebSocket upgrade: `/ws/<sessionId>?token=<token>`. An unknown session is
 * answered 404 and a missing, wrong or revoked token 401, as plain HTTP before the
 * upgrade, so a refused client never receives a byte of the document.
 */

/** Who is connecting to which session, once the upgrade is allowed. */
export interface Admission {
  sessionId: string;
  participant: ParticipantRecord;
}

/** The outcome of checking an upgrade request. */
export type UpgradeCheck = { ok: true; admission: Admission } | { ok: false; status: 401 | 404; reason: string };

/** Checks an upgrade request's path and token against the store. */
export function checkUpgrade(store: Store, requestUrl: string | undefined): UpgradeCheck {
  const url = new URL(requestUrl ?? "/", "http://localhost");
  const match = /^\/ws\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return { ok: false, status: 404, reason: `no WebSocket endpoint at ${url.pathname}` };
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(match[1]!);
  } catch {
    return { ok: false, status: 404, reason: "session id is not valid" };
  }
  if (!store.session(sessionId)) return { ok: false, status: 404, reason: `no session ${sessionId}` };
  const participant = authenticate(store, sessionId, url.searchParams.get("token"));
  if (!participant) return { ok: false, status: 401, reason: "token missing, wrong or revoked" };
  return { ok: true, admission: { sessionId, participant } };
}

const STATUS_TEXT = { 401: "Unauthorized", 404: "Not Found" } as const;

/** Answers a refused upgrade with a bare HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: 401 | 404): void {
  const body = `${STATUS_TEXT[status]}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
      "Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\nReferrer-Policy: no-referrer\r\n\r\n${body}`,
  );
}

/**
 * Handles an `upgrade` event: refuses it, or completes the WebSocket handshake and
 * passes the socket on with the participant it belongs to.
 */
export function handleUpgrade(
  store: Store,
  wss: WebSocketServer,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onAdmitted: (socket: WebSocket, admission: Admission) => void,
): void {
  socket.on("error", () => socket.destroy());
  let check: UpgradeCheck;
  try {
    check = checkUpgrade(store, request.url);
  } catch (error) {
    log.error({ path: request.url?.split("?")[0], error: errorMessage(error) }, "WebSocket upgrade failed");
    socket.end("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  if (!check.ok) {
    log.info({ path: request.url?.split("?")[0], status: check.status, reason: check.reason }, "WebSocket upgrade refused");
    refuseUpgrade(socket, check.status);
    return;
  }
  const { admission } = check;
  wss.handleUpgrade(request, socket, head, (ws) => onAdmitted(ws, admission));
}
