import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { PresenceUser } from "../shared/protocol.ts";
import { presenceFits } from "./presence-limit.ts";

/**
 * Presence (awareness) as the server passes it on: each client chooses its cursor,
 * the server says who it is. Every state a connection sends gets its `user` field
 * overwritten with the roster's identity, so a delegation cannot appear as another.
 */

/** One entry of an awareness update. */
interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text; "null" when the client left. */
  json: string;
}

/** Why an awareness update was refused: its bytes or its JSON do not decode. */
export class MalformedPresence extends Error {
  override name = "MalformedPresence";
}

function decodeEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    entries.push({ clientId, clock, json });
  }
  if (decoding.hasContent(decoder)) throw new MalformedPresence("awareness update has trailing bytes");
  return entries;
}

function stampState(json: string, user: PresenceUser): string {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new MalformedPresence("awareness state is not JSON");
  }
  if (state === null) return "null";
  const fields = typeof state === "object" && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  return JSON.stringify({ ...fields, user });
}

/**
 * Rewrites an awareness update from one connection: every state's `user` becomes
 * `user`, and entries for client ids that `mayUpdate` refuses (another connection's)
 * are left out, as are states over the size limit. Returns the new update and the client ids it speaks for; throws
 * MalformedPresence if the update does not decode.
 */
export function stampPresence(
  update: Uint8Array,
  user: PresenceUser,
  mayUpdate: (clientId: number) => boolean,
): { update: Uint8Array; clientIds: number[] } {
  let entries: AwarenessEntry[];
  try {
    entries = decodeEntries(update);
  } catch (error) {
    if (error instanceof MalformedPresence) throw error;
    throw new MalformedPresence(`awareness update does not decode: ${(error as Error).message}`);
  }
  const kept = entries.filter((e) => mayUpdate(e.clientId) && presenceFits(e.json));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, stampState(entry.json, user));
  }
  return { update: encoding.toUint8Array(encoder), clientIds: kept.map((e) => e.clientId) };
}
