import * as Y from "yjs";

/**
 * Every connection writes only under its own Yjs client ids. The first connection to
 * write new items under an id takes it (and its participant keeps it across reconnects,
 * in the store); new items under an id another participant holds, or another open
 * connection of the same participant, are refused, as are new items under an id the
 * document already has from before anyone bound it (the imported draft's).
 * Items the server already has are no change and are not counted.
 */

/** A connection as far as client ids go. */
export interface Writer {
  participantId: string;
  /** Whether this connection is still open (a reconnect of the same participant takes over from a closed one). */
  open: boolean;
}

/** The client ids of one session. */
export class ClientIds<W extends Writer> {
  private readonly holders = new Map<number, W>();

  /** `owners`: client id to participant id, as stored. */
  constructor(private readonly owners: Map<number, string>) {}

  /**
   * The client ids under which `update` writes new items, checked for `writer`; `state`
   * is the server document's state vector. Throws if the update does not decode.
   */
  check(update: Uint8Array, state: ReadonlyMap<number, number>, writer: W): { refused: string } | { fresh: number[] } {
    const { structs } = Y.decodeUpdate(update);
    const fresh = new Set<number>();
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const { client, clock } = struct.id;
      if (clock + struct.length <= (state.get(client) ?? 0)) continue;
      const refused = this.refusal(client, state, writer);
      if (refused) return { refused };
      if (this.holders.get(client) !== writer) fresh.add(client);
    }
    return { fresh: [...fresh] };
  }

  /** Binds client ids to `writer` (after its update was accepted); returns those new to the store. */
  bind(clientIds: readonly number[], writer: W): number[] {
    const unstored: number[] = [];
    for (const id of clientIds) {
      if (this.owners.get(id) !== writer.participantId) unstored.push(id);
      this.owners.set(id, writer.participantId);
      this.holders.set(id, writer);
    }
    return unstored;
  }

  private refusal(client: number, state: ReadonlyMap<number, number>, writer: W): string | null {
    const owner = this.owners.get(client);
    if (owner === undefined) return (state.get(client) ?? 0) > 0 ? `writing under Yjs client id ${client}, which is not yours` : null;
    if (owner !== writer.participantId) return `writing under Yjs client id ${client}, which belongs to another participant`;
    const holder = this.holders.get(client);
    if (holder && holder !== writer && holder.open) return `writing under Yjs client id ${client}, which your other connection uses`;
    return null;
  }
}
