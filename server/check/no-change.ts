import * as Y from "yjs";

/**
 * Whether an update would change nothing in `doc`: every struct it carries is one the
 * doc already has, and everything it deletes is already deleted. A sync step 2 from a
 * client with nothing new (an observer's, a fresh page's) is such an update: not a
 * change to check, refuse, log or relay (issue 9). Work in proportion to the update.
 * Throws if the bytes are not a Yjs update.
 */
export function isNoChange(update: Uint8Array, doc: Y.Doc): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
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
