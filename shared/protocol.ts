/**
 * The wire protocol between a Plenary client and server: the y-websocket message types,
 * the close codes a server uses to end a connection, and the largest message it accepts.
 * Shared so that both sides name a refusal the same way.
 */

/** y-websocket message types: the first varUint of every binary message. */
export const MessageType = {
  /** y-protocols sync: step 1 (state vector), step 2 (missing updates), update. */
  Sync: 0,
  /** y-protocols awareness: presence states (cursor, user). */
  Awareness: 1,
  /** y-protocols auth (permission denied); a server may send it, a client does not. */
  Auth: 2,
  /** Ask the other side to send every awareness state it knows. */
  QueryAwareness: 3,
  /**
   * Plenary: the server refused a document update (issue 5). Payload: a varString of
   * JSON `{ "reason": string }`, the words to show ("deleting text proposed by RUS").
   * The update was neither stored nor relayed; the connection stays open. The client
   * must discard its Y.Doc and sync a fresh one (see the README, "When an update is refused").
   */
  Refused: 4,
} as const;

/** One of the y-websocket message types. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * WebSocket close codes (4000-4999 are for applications). A client should not
 * reconnect after Unauthorized or NotFound; the link must change first.
 */
export const CloseCode = {
  /** The frame could not be decoded as a y-websocket message. */
  Malformed: 4400,
  /** The token is missing, wrong, or was revoked while connected. */
  Unauthorized: 4401,
  /** The participant's role may not do what the message asked. */
  Forbidden: 4403,
  /** The session does not exist (any more). */
  NotFound: 4404,
  /** The server refused the message and cannot continue the connection. */
  Refused: 4409,
  /** A message was larger than {@link MAX_MESSAGE_BYTES}. */
  MessageTooLarge: 4413,
  /**
   * The participant sent document updates faster than the server takes them
   * (server/update-rate.ts). The standard "try again later": unlike 4400–4499, a stock
   * y-websocket client reconnects after it, and its sync brings what was not taken.
   */
  TooManyUpdates: 1013,
} as const;

/** One of Plenary's close codes. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The largest message a client may send: 2 MiB. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** A role in the room. */
export type Role = "chair" | "secretariat" | "delegation" | "observer";

/** The roles, in roster order. */
export const ROLES: readonly Role[] = ["chair", "secretariat", "delegation", "observer"];

/** One person or delegation on the roster of a session, as the JSON API sends it. */
export interface Participant {
  id: string;
  role: Role;
  /** Delegation code ("USA"), null for chair, secretariat and observer. */
  code: string | null;
  name: string;
  /** "#rrggbb", assigned by the server, stable for the session. */
  colour: string;
  connected: boolean;
  revoked: boolean;
}

/** The identity the server writes into each client's awareness `user` field. */
export interface PresenceUser {
  name: string;
  code: string | null;
  role: Role;
  colour: string;
}

/** The join links of a session, as `plenary session create --json` and `POST /api/sessions` give them. */
export interface SessionLinks {
  chair: string;
  secretariat: string;
  observer: string;
  delegations: Record<string, string>;
}

/** A revision of a session as the API lists it (GET /api/sessions/:id/revisions). */
export interface Revision {
  number: number;
  /** The date line it carries: "28 November 2026". */
  date: string;
  /** When it was issued (ms since the epoch); null for the imported document. */
  issuedAt: number | null;
  /** Who issued it: "Secretariat", "Chair"; "imported" for the document the session began with. */
  by: string;
  /** The role of who issued it; null for the imported document. */
  role: string | null;
  imported: boolean;
}
