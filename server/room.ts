import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../shared/protocol.ts";
import { mayEditDocument, presenceUser } from "./participants.ts";
import { MalformedPresence, stampPresence } from "./presence.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * One loaded session: its Y.Doc, the presence of everyone in it, and their connections.
 * The path of an update: check the sender's role, apply it to the document; the
 * document's update event appends it to the log, then sends it to the others.
 */

/** What a room needs of a connection. */
export interface Member {
  readonly participant: ParticipantRecord;
  /** Awareness client ids this connection speaks for. */
  readonly clientIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** How a room answered a document update from a member. */
export type UpdateOutcome =
  | { kind: "applied" }
  /** Not applied, not stored, not relayed; the connection goes on. */
  | { kind: "refused"; reason: string }
  /** The bytes are not a Yjs update; the connection must close. */
  | { kind: "malformed"; reason: string };

/** Options of a room: after how many logged updates a snapshot is written. */
export interface RoomOptions {
  compactEvery: number;
}

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A session loaded in memory while at least one connection is open. */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly members = new Set<Member>();
  private lastSeq: number;
  private snapshotSeq: number;
  private failed = false;
  private unloaded = false;

  /** Loads a session from the store: the latest snapshot, then the log after it. */
  constructor(
    readonly sessionId: string,
    private readonly store: Store,
    private readonly options: RoomOptions,
  ) {
    const snapshot = store.latestSnapshot(sessionId);
    const updates = store.updatesAfter(sessionId, snapshot?.seq ?? 0);
    this.doc.transact(() => {
      if (snapshot) Y.applyUpdate(this.doc, snapshot.state);
      for (const entry of updates) Y.applyUpdate(this.doc, entry.update);
    }, "load");
    this.snapshotSeq = snapshot?.seq ?? 0;
    this.lastSeq = updates.length > 0 ? updates[updates.length - 1]!.seq : this.snapshotSeq;
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.record(update, origin));
    this.awareness.on("update", this.relayPresence);
  }

  /** Whether the room can no longer be trusted to match the store (a write failed). */
  get broken(): boolean {
    return this.failed;
  }

  /** Welcomes a member: asks for what it has that we lack, and shows it who is here. */
  join(member: Member): void {
    this.members.add(member);
    member.send(message(MessageType.Sync, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]);
      member.send(message(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update)));
    }
  }

  /** Answers a sync step 1 (the member's state vector) with what it is missing. */
  answerStateVector(member: Member, stateVector: Uint8Array): void {
    const update = Y.encodeStateAsUpdate(this.doc, stateVector);
    member.send(
      message(MessageType.Sync, (e) => {
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(e, update);
      }),
    );
  }

  /** Takes a document update from a member: refused for roles that may not edit, else applied. */
  receiveUpdate(member: Member, update: Uint8Array): UpdateOutcome {
    if (!mayEditDocument(member.participant.role)) {
      // Dropped without an answer: the observer's client has nothing to retry.
      return { kind: "refused", reason: `role ${member.participant.role} may not edit the document` };
    }
    try {
      Y.decodeUpdate(update);
    } catch (error) {
      return { kind: "malformed", reason: `not a Yjs update: ${(error as Error).message}` };
    }
    try {
      Y.applyUpdate(this.doc, update, member);
    } catch (error) {
      return { kind: "malformed", reason: `Yjs update does not apply: ${(error as Error).message}` };
    }
    return { kind: "applied" };
  }

  /** Takes a presence update from a member, stamped with the member's identity. */
  receivePresence(member: Member, update: Uint8Array): UpdateOutcome {
    let stamped: { update: Uint8Array; clientIds: number[] };
    try {
      stamped = stampPresence(update, presenceUser(member.participant), (id) => this.mayPresent(member, id));
    } catch (error) {
      if (error instanceof MalformedPresence) return { kind: "malformed", reason: error.message };
      throw error;
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped.update, member);
    const states = this.awareness.getStates();
    for (const id of stamped.clientIds) {
      if (states.has(id)) member.clientIds.add(id);
      else member.clientIds.delete(id);
    }
    return { kind: "applied" };
  }

  /** Sends a member every presence state (its answer to a query-awareness message). */
  sendPresence(member: Member): void {
    const ids = [...this.awareness.getStates().keys()];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    member.send(message(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update)));
  }

  /** Removes a member and its presence. */
  leave(member: Member): void {
    if (!this.members.delete(member)) return;
    if (member.clientIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...member.clientIds], "leave");
  }

  /** The participant ids with at least one open connection. */
  connectedParticipants(): Set<string> {
    return new Set([...this.members].map((m) => m.participant.id));
  }

  /** Closes every connection of one participant (revoked: the token stopped working). */
  disconnect(participantId: string, code: number, reason: string): void {
    for (const member of [...this.members]) if (member.participant.id === participantId) member.close(code, reason);
  }

  /** Writes a snapshot if the log has grown since the last one. The log itself is kept. */
  compact(): void {
    if (this.failed || this.lastSeq === this.snapshotSeq) return;
    this.store.writeSnapshot(this.sessionId, this.lastSeq, Y.encodeStateAsUpdate(this.doc));
    this.snapshotSeq = this.lastSeq;
  }

  /** Compacts and frees the room; the caller has closed its connections. */
  unload(): void {
    if (this.unloaded) return;
    this.unloaded = true;
    try {
      this.compact();
    } finally {
      this.awareness.destroy();
      this.doc.destroy();
    }
  }

  /** Appends an applied update to the log, then relays it: nothing is sent that is not stored. */
  private record(update: Uint8Array, origin: unknown): void {
    if (this.failed) return;
    const sender = this.members.has(origin as Member) ? (origin as Member) : null;
    try {
      this.lastSeq = this.store.appendUpdate(this.sessionId, sender?.participant.id ?? null, update);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    const relayed = message(MessageType.Sync, (e) => syncProtocol.writeUpdate(e, update));
    for (const member of this.members) if (member !== sender) member.send(relayed);
    if (this.lastSeq - this.snapshotSeq >= this.options.compactEvery) {
      try {
        this.compact();
      } catch (error) {
        // A missed snapshot only slows the next load; the log has the update.
        console.error(`session ${this.sessionId}: could not write a snapshot: ${(error as Error).message}`);
      }
    }
  }

  private readonly relayPresence = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const relayed = message(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update));
    for (const member of this.members) member.send(relayed);
  };

  /** A client id belongs to the first connection that spoke for it. */
  private mayPresent(member: Member, clientId: number): boolean {
    for (const other of this.members) if (other !== member && other.clientIds.has(clientId)) return false;
    return true;
  }

  /**
   * The store refused a write: memory is now ahead of the disk. Close everyone; they
   * reconnect to a room reloaded from the store and send again what it lacks.
   */
  private fail(error: Error): void {
    this.failed = true;
    console.error(`session ${this.sessionId}: could not store an update, closing the room: ${error.message}`);
    for (const member of [...this.members]) member.close(1011, "the server could not store an update");
  }
}
