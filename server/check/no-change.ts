import * as Y from "yjs";
import { REMOVAL_PROPOSAL } from "./touched.ts";

/**
 * Whether an update would change nothing in `doc`: every struct it carries is one the
 * doc already has, and everything it deletes is already deleted. A sync step 2 from a
 * client with nothing new (an observer's, a fresh page's) is such an update: not a
 * change to check, refuse, log or relay (issue 9). Work in proportion to the update.
 */

/** An update as Y.decodeUpdate reads it (which throws if the bytes are not a Yjs update). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
export function isNoChange({ structs, ds }: DecodedUpdate, doc: Y.Doc): boolean {
  const store = doc.store;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
  }
  for (const [client, ranges] of ds.clients) {
    const structs = store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (len === 0) continue;
      if (!structs || clock + len > Y.getState(store, client)) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        if (!structs[i]!.deleted) return false;
      }
    }
  }
  return true;
}

/**
 * Whether content the update sent (items with content, not deletions) was turned into
 * garbage on arrival: Yjs integrates an item whose parent was already removed and
 * collected as a GC struct, so the sender's words would vanish without a word. Called
 * after the update is applied, on the structs it added (`before`: the doc's state
 * vector before it), but for those the server carried to the copy of that text
 * (`carried`, by id).
 */
export function landedInCollected({ structs }: DecodedUpdate, doc: Y.Doc, before: ReadonlyMap<number, number>, carried: ReadonlySet<string> = new Set()): boolean {
  for (const struct of structs) {
    // Formatting (a strike, a bracket) on text that is gone has nothing left to mark: no loss.
    if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted || !struct.content.isCountable()) continue;
    // Nor a proposal to delete a block that is gone (touched.ts).
    if (struct.parentSub === REMOVAL_PROPOSAL) continue;
    // Carried to where the text it was written into went (check/carry.ts).
    if (carried.has(`${struct.id.client}:${struct.id.clock}`)) continue;
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    const from = Math.max(clock, before.get(client) ?? 0);
    if (from >= end) continue;
    const stored = doc.store.clients.get(client);
    if (!stored) continue;
    for (let i = Y.findIndexSS(stored, from); i < stored.length && stored[i]!.id.clock < end; i++) {
      if (stored[i] instanceof Y.GC) return true;
    }
  }
  return false;
}
