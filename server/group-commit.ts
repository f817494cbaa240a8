import { timeCommit } from "./metrics.ts";
import type { Store } from "./store.ts";

/** An accepted update waiting to be stored, and what to do once it is (relay it) or is not. */
export interface PendingUpdate {
  sessionId: string;
  participantId: string | null;
  update: Uint8Array;
  /** Yjs client ids the update is the first to write under, bound to its participant in the same transaction. */
  clientIds?: readonly number[];
  at: number;
  stored(seq: number): void;
  failed(error: Error): void;
}

/**
 * Group commit: the updates every room accepts in one turn of the event loop are written
 * in one transaction (one sync to disk) right after that turn (`setImmediate`), then each
 * is relayed, in the order they were accepted. "Stored before relayed" holds for every
 * update; the disk is waited on once per turn, not once per keystroke. Anything that must
 * see the store complete (a snapshot, a reload, a joining client's state) calls
 * {@link flush} first.
 */
export class GroupCommit {
  private pending: PendingUpdate[] = [];
  private scheduled = false;

  constructor(private readonly store: Store) {}

  /** Queues an accepted update; `stored` or `failed` is called when its turn's batch is written. */
  add(entry: PendingUpdate): void {
    this.pending.push(entry);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Whether updates wait to be stored. */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /** Writes everything queued now, in one transaction, then calls back each in order. */
  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let seqs: number[];
    try {
      seqs = timeCommit(batch.length, () => this.store.appendUpdates(batch));
    } catch (error) {
      for (const entry of batch) entry.failed(error as Error);
      return;
    }
    batch.forEach((entry, i) => entry.stored(seqs[i]!));
  }
}
