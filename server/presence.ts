import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { PresenceUser } from "../shared/protocol.ts";
import { MAX_PRESENCE_CLIENT_IDS, presenceFits } from "./presence-limit.ts";

/**
 * Presence (awareness) as the server passes it on: each client chooses its cursor,
 * the server says who it is. Every state a connection sends gets its `user` field
 * overwritten with the roster's identity, so a delegation cannot appear as another.
 * A connection speaks only for its own client ids, and for few of them: one message
 * cannot fill everyone's screen (and bandwidth) with made-up participants.
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

/** Nothing to relay: an awareness update of no states. */
function noPresence(): { update: Uint8Array; clientIds: number[] } {
  return { update: Uint8Array.of(0), clientIds: [] };
}

/** How many states an awareness update says it carries (read before the states themselves). */
function stateCount(update: Uint8Array): number {
  try {
    return decoding.readVarUint(decoding.createDecoder(update));
  } catch (error) {
    throw new MalformedPresence(`awareness update does not decode: ${(error as Error).message}`);
  }
}

/** Whether a connection that speaks for `held` may speak for these entries too: no more than {@link MAX_PRESENCE_CLIENT_IDS} client ids in all. */
function withinClientIds(entries: readonly AwarenessEntry[], held: ReadonlySet<number>): boolean {
  const ids = new Set(held);
  for (const entry of entries) if (entry.json !== "null") ids.add(entry.clientId);
  return ids.size <= MAX_PRESENCE_CLIENT_IDS;
}

/**
 * Rewrites an awareness update from one connection: every state's `user` becomes
 * `user`, and entries for client ids that `mayUpdate` refuses (another connection's)
 * are left out, as are states over the size limit. A message that carries more than
 * {@link MAX_PRESENCE_CLIENT_IDS} states, or would make the connection speak for more
 * client ids than that besides those it `held` already, is dropped whole. Returns the
 * new update and the client ids it speaks for; throws MalformedPresence if the update
 * does not decode.
 */
export function stampPresence(
  update: Uint8Array,
  user: PresenceUser,
  mayUpdate: (clientId: number) => boolean,
  held: ReadonlySet<number> = new Set(),
): { update: Uint8Array; clientIds: number[] } {
  // More states than one connection may have: not even read.
  if (stateCount(update) > MAX_PRESENCE_CLIENT_IDS) return noPresence();
  let entries: AwarenessEntry[];
  try {
    entries = decodeEntries(update);
  } catch (error) {
    if (error instanceof MalformedPresence) throw error;
    throw new MalformedPresence(`awareness update does not decode: ${(error as Error).message}`);
  }
  const kept = entries.filter((e) => mayUpdate(e.clientId) && presenceFits(e.json));
  if (!withinClientIds(kept, held)) return noPresence();
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, stampState(entry.json, user));
  }
  return { update: encoding.toUint8Array(encoder), clientIds: kept.map((e) => e.clientId) };
}
