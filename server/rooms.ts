import { Room } from "./room.ts";
import type { Member, RoomOptions } from "./room.ts";
import { RefusalLimit } from "./refusal-limit.ts";
import { UpdateRate } from "./update-rate.ts";
import { GroupCommit } from "./group-commit.ts";
import type { Store } from "./store.ts";

/**
 * The sessions loaded in memory: a session is loaded when its first connection
 * opens and unloaded (compacted, freed) when its last one closes.
 */
export class Rooms {
  private readonly loaded = new Map<string, Room>();
  private readonly options: RoomOptions;

  constructor(
    private readonly store: Store,
    options: RoomOptions,
  ) {
    this.options = { refusals: new RefusalLimit(), updateRate: new UpdateRate(), commits: new GroupCommit(store), ...options };
  }

  /** The room of a session, loading it from the store if needed. */
  open(sessionId: string): Room {
    let room = this.loaded.get(sessionId);
    if (!room || room.broken) {
      if (room) this.loaded.delete(sessionId);
      room = new Room(sessionId, this.store, this.options);
      this.loaded.set(sessionId, room);
    }
    return room;
  }

  /** How many sessions are loaded. */
  get size(): number {
    return this.loaded.size;
  }

  /** The room of a session if it is loaded. */
  get(sessionId: string): Room | undefined {
    return this.loaded.get(sessionId);
  }

  /** Takes a member out of its room; the room is unloaded when it was the last. */
  leave(room: Room, member: Member): void {
    room.leave(member);
    if (room.members.size > 0) return;
    if (this.loaded.get(room.sessionId) === room) this.loaded.delete(room.sessionId);
    room.unload();
  }

  /** The participant ids of a session with an open connection. */
  connected(sessionId: string): Set<string> {
    return this.loaded.get(sessionId)?.connectedParticipants() ?? new Set();
  }

  /** Closes every connection with `code` and unloads every room (server shutdown). */
  closeAll(code: number, reason: string): void {
    for (const room of [...this.loaded.values()]) {
      for (const member of [...room.members]) member.close(code, reason);
      this.loaded.delete(room.sessionId);
      room.unload();
    }
  }
}
