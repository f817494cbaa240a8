import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Delegation } from "../shared/delegation.ts";
import { checkRoster } from "../shared/delegation.ts";
import type { Participant, PresenceUser, Role } from "../shared/protocol.ts";
import type { ParticipantRecord, Store } from "./store.ts";
import { ROLE_COLOURS } from "../shared/colours.ts";

/**
 * The roster of a session and its tokens. A token is 32 random bytes (base64url),
 * handed out once in a join link and stored only as its SHA-256 hash; colours are
 * assigned per delegation when the session is created and stored, so they never move.
 */

/** A delegation as the chair lists it (checked by shared/delegation.ts). */
export type { Delegation } from "../shared/delegation.ts";

/** A freshly issued participant: the record and the only copy of its token. */
export interface IssuedParticipant {
  record: ParticipantRecord;
  token: string;
}

/** Delegation colours, far apart on the wheel and readable on white. */
const DELEGATION_PALETTE = [
  "#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#00838f",
  "#ad1457", "#4e342e", "#9e9d24", "#4527a0", "#00695c",
  "#d84315", "#283593", "#558b2f", "#6d4c41", "#0277bd",
];

/** A new token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The SHA-256 of a token, hex: what the store keeps. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares a token with a stored hash in constant time. */
export function tokenMatches(token: string, tokenHash: string): boolean {
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(tokenHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A short random id for sessions and participants. */
export function newId(bytes = 9): string {
  // An id never starts with "-" or "_", so a command line never reads it as an option.
  for (;;) {
    const id = randomBytes(bytes).toString("base64url");
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

/** The colour of the n-th delegation of a session (0-based); beyond the palette, by golden-angle hue. */
export function delegationColour(index: number): string {
  if (index < DELEGATION_PALETTE.length) return DELEGATION_PALETTE[index]!;
  const hue = (index * 137.508) % 360;
  return hslToHex(hue, 0.65, 0.38);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * Issues the roster of a new session: a chair, the secretariat, an observer and one
 * participant per delegation. Stores them; returns each with its token.
 */
export function issueRoster(store: Store, sessionId: string, delegations: readonly Delegation[]): IssuedParticipant[] {
  const seats: { role: Role; code: string | null; name: string; colour: string }[] = [
    { role: "chair", code: null, name: "Chair", colour: ROLE_COLOURS.chair },
    { role: "secretariat", code: null, name: "Secretariat", colour: ROLE_COLOURS.secretariat },
    { role: "observer", code: null, name: "Observer", colour: ROLE_COLOURS.observer },
    ...delegations.map((d, i) => ({ role: "delegation" as const, code: d.code, name: d.name, colour: delegationColour(i) })),
  ];
  return seats.map((seat) => {
    const token = newToken();
    const record: ParticipantRecord = { id: newId(6), sessionId, ...seat, tokenHash: hashToken(token), revoked: false };
    store.insertParticipant(record);
    return { record, token };
  });
}

/**
 * Adds a delegation's seat to a session already under way (a Member State arriving late): its
 * code and name are checked by the roster's rule against the seats there (RosterError), it gets
 * the next delegation colour and a token. Returns the seat and its token (shown once).
 */
export function addDelegationSeat(store: Store, sessionId: string, delegation: Delegation): IssuedParticipant {
  const seated = store.participants(sessionId).filter((p) => p.role === "delegation" && p.code);
  checkRoster([...seated.map((p) => ({ code: p.code!, name: p.name })), delegation]);
  const token = newToken();
  const record: ParticipantRecord = {
    id: newId(6),
    sessionId,
    role: "delegation",
    code: delegation.code.toUpperCase(),
    name: delegation.name.trim(),
    colour: delegationColour(seated.length),
    tokenHash: hashToken(token),
    revoked: false,
  };
  store.insertParticipant(record);
  return { record, token };
}

/** The participant a token belongs to in a session, or null if the token is unknown, revoked or of another session. */
export function authenticate(store: Store, sessionId: string, token: string | null | undefined): ParticipantRecord | null {
  if (!token) return null;
  const record = store.participantByTokenHash(hashToken(token));
  if (!record || record.sessionId !== sessionId || record.revoked) return null;
  return record;
}

/** Gives a participant a new token; the old one stops working. Returns the new token. */
export function reissueToken(store: Store, participantId: string): string {
  const token = newToken();
  store.setTokenHash(participantId, hashToken(token));
  return token;
}

/** Whether a role may change the document at all (the finer role rules come later). */
export function mayEditDocument(role: Role): boolean {
  return role !== "observer";
}

/** A participant as the JSON API shows it. */
export function publicParticipant(record: ParticipantRecord, connected: boolean): Participant {
  const { id, role, code, name, colour, revoked } = record;
  return { id, role, code, name, colour, connected, revoked };
}

/** The identity the server stamps on a participant's presence. */
export function presenceUser(record: ParticipantRecord): PresenceUser {
  return { name: record.name, code: record.code, role: record.role, colour: record.colour };
}

/** The join link of a token: the token sits in the fragment, never sent to a server. */
export function joinLink(baseUrl: string, sessionId: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/s/${encodeURIComponent(sessionId)}#t=${token}`;
}
