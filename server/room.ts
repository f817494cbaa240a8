import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type { Actor } from "../shared/permissions.ts";
import { mayChangeDocument } from "../shared/permissions.ts";
import { CloseCode, MessageType } from "../shared/protocol.ts";
import { encodeRefused } from "../shared/refusal.ts";
import { migrateMarkKeys } from "../shared/yjs/migrate.ts";
import { ChangeIds } from "./check/change-ids.ts";
import { ClientIds } from "./check/client-ids.ts";
import type { Writer } from "./check/client-ids.ts";
import { isNoChange, landedInCollected } from "./check/no-change.ts";
import type { DecodedUpdate } from "./check/no-change.ts";
import { rollback } from "./check/rollback.ts";
import { carry } from "./check/carry.ts";
import type { Carried } from "./check/carry.ts";
import { Moves } from "./check/moves.ts";
import { checkTransaction } from "./check/transaction.ts";
import { LOST_WRITE } from "./check/touched.ts";
import { presenceUser } from "./participants.ts";
import { PresenceRate } from "./presence-limit.ts";
import { RefusalLimit } from "./refusal-limit.ts";
import { UpdateRate } from "./update-rate.ts";
import { MalformedPresence, stampPresence } from "./presence.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { GroupCommit } from "./group-commit.ts";
import { errorMessage, log, logOf } from "./log.ts";
import { countRelay, updateAccepted } from "./metrics.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * One loaded session: its Y.Doc, the presence of everyone in it, and their connections.
 * The path of an update: the sender's role and Yjs client ids are checked, the update is
 * applied to the document while its changes are checked against the sender's role
 * (server/check/), and only if they are allowed is it appended to the log and sent to
 * the others. A refused update is neither stored nor relayed: the room reloads the
 * document from the store and tells the sender why (MessageType.Refused).
 */


/** The update being applied and checked: its sender, the verdict, and what the doc emitted meanwhile. */
interface Checking {
  member: Member;
  actor: Actor;
  decoded: DecodedUpdate;
  verdict: string | null;
  emitted: { update: Uint8Array; origin: unknown }[];
  /** What the server added to the update to finish its moves (check/carry.ts); the sender then needs the update back too. */
  carry: Carried | null;
}

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

/**
 * A snapshot is written once the log after the last one holds at least this fraction of its
 * size (and `compactEvery` updates): on a 300-page draft (a 2.3 MB state) that is every ten
 * thousand keystrokes or so, not every 500 (each snapshot holds the rooms' thread for about
 * 60 ms: encoding the state, writing it), and loading replays at most that much log (about
 * 70 ms for 8,000 keystrokes).
 */
const SNAPSHOT_RATIO = 8;

/** Options of a room: after how many logged updates a snapshot is written (see {@link SNAPSHOT_RATIO}); the refusal count, update rate and group commit shared by a server's rooms. */
export interface RoomOptions {
  compactEvery: number;
  refusals?: RefusalLimit;
  updateRate?: UpdateRate;
  commits?: GroupCommit;
}

/** The state vector of a doc as a map (client id to next clock). */
function stateOf(doc: Y.Doc): Map<number, number> {
  const state = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) state.set(client, last.id.clock + last.length);
  }
  return state;
}

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A session loaded in memory while at least one connection is open. */
export class Room {
  // Presence has its own doc: the document is replaced when an update is refused.
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  readonly members = new Set<Member>();
  private current!: Y.Doc;
  private lastSeq = 0;
  private snapshotSeq = 0;
  /** The size of the last snapshot, and of the log after it: a snapshot is written when the log has grown enough beside it. */
  private snapshotBytes = 0;
  private logBytes = 0;
  private failed = false;
  private unloaded = false;
  private checking: Checking | null = null;
  private readonly delegations: string[];
  private readonly clientIds: ClientIds<Writer>;
  private readonly writers = new WeakMap<Member, Writer>();
  /** Where recently moved text went, to carry late edits of it over (check/carry.ts). */
  private readonly moves = new Moves();
  /** The Yjs client ids the server itself has written under (migration, carried moves). */
  private readonly serverClientIds = new Set<number>();
  private readonly presenceRates = new WeakMap<Member, PresenceRate>();
  private readonly refusals: RefusalLimit;
  private readonly updateRate: UpdateRate;
  private readonly commits: GroupCommit;
  private changeIds = new ChangeIds();

  /** Loads a session from the store: the latest snapshot, then the log after it. */
  constructor(
    readonly sessionId: string,
    private readonly store: Store,
    private readonly options: RoomOptions,
  ) {
    this.delegations = store.participants(sessionId).flatMap((p) => (p.role === "delegation" && p.code ? [p.code] : []));
    this.clientIds = new ClientIds(store.clientIds(sessionId));
    this.refusals = options.refusals ?? new RefusalLimit();
    this.updateRate = options.updateRate ?? new UpdateRate();
    this.commits = options.commits ?? new GroupCommit(store);
    this.current = this.load();
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.relayPresence);
  }

  /** The session's document as the store has it. */
  get doc(): Y.Doc {
    return this.current;
  }

  /**
   * A fresh Y.Doc from the store (snapshot, then the log after it), wired to check, store
   * and relay. A session stored before marks had their own keys is migrated (issue 9):
   * that change is the server's, stored like any other.
   */
  private load(): Y.Doc {
    const doc = new Y.Doc();
    const snapshot = this.store.latestSnapshot(this.sessionId);
    const updates = this.store.updatesAfter(this.sessionId, snapshot?.seq ?? 0);
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot.state);
      for (const entry of updates) Y.applyUpdate(doc, entry.update);
    }, "load");
    this.snapshotSeq = snapshot?.seq ?? 0;
    this.lastSeq = updates.length > 0 ? updates[updates.length - 1]!.seq : this.snapshotSeq;
    this.snapshotBytes = snapshot?.state.byteLength ?? 0;
    this.logBytes = updates.reduce((n, entry) => n + entry.update.byteLength, 0);
    doc.on("beforeObserverCalls", this.checkChanges);
    // After the check: a refused transaction has been taken back and removed nothing.
    doc.on("beforeObserverCalls", (transaction: Y.Transaction) => this.moves.recordRemoved(transaction));
    doc.on("update", (update: Uint8Array, origin: unknown) => this.record(update, origin));
    this.current = doc;
    this.useOwnClientId();
    doc.transact(() => migrateMarkKeys(doc.getXmlFragment(BODY)), "migration");
    this.changeIds = ChangeIds.of(doc.getXmlFragment(BODY));
    return doc;
  }

  /**
   * Makes sure the server writes under a Yjs client id no participant uses (ids are
   * random; a participant may have taken the one the doc was given).
   */
  private useOwnClientId(): void {
    const doc = this.current;
    while (doc.store.clients.has(doc.clientID) && !this.serverClientIds.has(doc.clientID)) doc.clientID = Math.floor(Math.random() * 0x1_0000_0000);
    this.serverClientIds.add(doc.clientID);
  }

  /** A delegation seated during the session: the secretariat may type for it, and it may propose, from now on. */
  addDelegation(code: string): void {
    if (!this.delegations.includes(code)) this.delegations.push(code);
  }

  /**
   * Writes a change of the server's own into the live document (a revision's header lines):
   * stored, then relayed, like a member's update, under the server's client id.
   */
  writeAsServer(change: (body: Y.XmlFragment) => void, origin: string): void {
    if (this.failed) throw new Error(`session ${this.sessionId}: the room cannot write (a store write failed)`);
    this.useOwnClientId();
    this.current.transact(() => change(this.current.getXmlFragment(BODY)), origin);
  }

  /** Throws away the document and loads it again from the store (after an update that did not apply). */
  private reload(): void {
    this.flush();
    this.answers.clear();
    const old = this.current;
    this.current = this.load();
    old.destroy();
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

  /** Answers a sync step 1 (the member's state vector) with what it is missing: only what is stored. */
  answerStateVector(member: Member, stateVector: Uint8Array): void {
    this.flush();
    if (this.failed) return;
    // Clients joining together mostly send the same state vector (empty, or the last
    // version): each distinct one is encoded once for the document as it is now.
    const key = Buffer.from(stateVector).toString("latin1");
    let answer = this.answers.get(key);
    if (!answer) {
      const update = Y.encodeStateAsUpdate(this.doc, stateVector);
      answer = message(MessageType.Sync, (e) => {
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(e, update);
      });
      if (this.answers.size >= 32) this.answers.clear();
      this.answers.set(key, answer);
    }
    member.send(answer);
  }

  /** Sync step 2 answers by state vector, for the document as it is now (emptied on every change). */
  private readonly answers = new Map<string, Uint8Array>();

  /**
   * Takes a document update from a member. Observers' updates are dropped without an
   * answer (their editor is read-only). Otherwise the update's client ids are checked,
   * then it is applied while its changes are checked (see {@link checkChanges}); only an
   * allowed update is stored and relayed. A refused one is recorded in the store's
   * refusal log, the document is reloaded, and the sender gets a Refused message.
   */
  receiveUpdate(member: Member, update: Uint8Array, { everyDeletion = false }: { everyDeletion?: boolean } = {}): UpdateOutcome {
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(update);
    } catch (error) {
      return { kind: "malformed", reason: `not a Yjs update: ${(error as Error).message}` };
    }
    const unchanged = isNoChange(decoded, this.current);
    // A sync step 2 with nothing new (an observer's, a reconnecting client's) is no update.
    if (unchanged) return { kind: "applied" };
    if (!this.updateRate.allow(this.sessionId, member.participant.id)) {
      this.disconnect(member.participant.id, CloseCode.TooManyUpdates, "too many updates: reconnect");
      return { kind: "refused", reason: "too many updates" };
    }
    const actor = this.actorOf(member);
    const forbidden = mayChangeDocument(actor);
    if (forbidden) {
      this.logRefusal(member, forbidden, update);
      return { kind: "refused", reason: forbidden };
    }
    const writer = this.writerOf(member);
    let ids: { refused: string } | { fresh: number[] };
    try {
      ids = this.clientIds.check(update, stateOf(this.current), writer);
    } catch (error) {
      return { kind: "malformed", reason: `not a Yjs update: ${(error as Error).message}` };
    }
    if ("refused" in ids) return this.refuse(member, ids.refused, update);
    const checking: Checking = { member, actor, decoded, verdict: null, emitted: [], carry: null };
    this.checking = checking;
    let thrown: Error | null = null;
    try {
      const doc = this.current;
      // The update and the server's finishing of its moves are one transaction, checked as one.
      Y.transact(
        doc,
        (transaction) => {
          Y.applyUpdate(doc, update, member);
          if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return;
          this.useOwnClientId();
          checking.carry = carry(transaction, decoded, actor, this.moves, everyDeletion);
          // The server wrote under its own client id: for Yjs that is a local change (else
          // it takes the id for another client's and picks a new one, with a warning).
          if (checking.carry.operations > 0) transaction.local = true;
        },
        member,
        false,
      );
    } catch (error) {
      thrown = error as Error;
    } finally {
      this.checking = null;
    }
    if (thrown) {
      // Yjs stopped halfway: the doc may hold part of the update. Only a reload is safe.
      this.reload();
      return { kind: "malformed", reason: `Yjs update does not apply: ${thrown.message}` };
    }
    if (checking.verdict) return this.refuse(member, checking.verdict, update);
    updateAccepted(member);
    const carried = checking.carry;
    if (carried) for (const [from, to] of carried.moved) this.moves.record(from, to);
    if (carried) for (const [attributes, element] of carried.blocks) this.moves.recordBlock(attributes, element);
    // The client ids this update is the first to write under are stored with it, in its transaction.
    let unbound: number[] = this.clientIds.bind(ids.fresh, writer);
    for (const { update: emitted, origin } of checking.emitted) {
      this.commit(emitted, origin, (carried?.operations ?? 0) > 0, origin === member ? unbound : []);
      if (origin === member) unbound = [];
    }
    if (this.failed) return { kind: "applied" };
    for (const id of unbound) {
      try {
        this.store.bindClientId(this.sessionId, id, member.participant.id);
      } catch (error) {
        logOf(member).error({ clientId: id, error: errorMessage(error) }, "could not store a client id");
      }
    }
    return { kind: "applied" };
  }

  /**
   * Checks the changes of the transaction applying a member's update, while Yjs cleans
   * it up (before its `update` event): the deleted items' content is still readable.
   * An update that leaves structs pending (it builds on items the server does not have,
   * such as the sender's own refused ones) is refused as a whole.
   */
  private readonly checkChanges = (transaction: Y.Transaction): void => {
    const checking = this.checking;
    if (!checking || transaction.origin !== checking.member || checking.verdict) return;
    const store = transaction.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      checking.verdict = "your change builds on changes the server does not have; reload the draft";
    } else {
      try {
        // Content Yjs collected on arrival is invisible to the check: asked first, so a
        // refused update records no change ids.
        const carried = checking.carry?.carried;
        checking.verdict = landedInCollected(checking.decoded, transaction.doc, transaction.beforeState, carried)
          ? LOST_WRITE
          : checkTransaction(transaction, transaction.doc.getXmlFragment(BODY), checking.actor, this.changeIds, carried, checking.carry?.links);
      } catch (error) {
        checking.verdict = `the server could not read this change (${(error as Error).message})`;
      }
    }
    // Taken back before Yjs collects what it deleted or emits it as an update.
    if (checking.verdict) rollback(transaction);
  };

  /** Tells a member its update was refused, and records it; a participant refused too often is closed. */
  private refuse(member: Member, reason: string, update: Uint8Array): UpdateOutcome {
    this.logRefusal(member, reason, update);
    member.send(encodeRefused(reason));
    if (!this.refusals.allow(this.sessionId, member.participant.id)) member.close(CloseCode.Refused, "too many refused updates");
    return { kind: "refused", reason };
  }

  private logRefusal(member: Member, reason: string, update: Uint8Array): void {
    try {
      this.store.appendRefused(this.sessionId, member.participant.id, reason, update);
    } catch (error) {
      logOf(member).error({ error: errorMessage(error) }, "could not record a refused update");
    }
  }

  /** Who a member is to the permission rules. */
  private actorOf(member: Member): Actor {
    return { role: member.participant.role, code: member.participant.code, delegations: this.delegations };
  }

  private writerOf(member: Member): Writer {
    let writer = this.writers.get(member);
    if (!writer) {
      const members = this.members;
      writer = {
        participantId: member.participant.id,
        get open() {
          return members.has(member);
        },
      };
      this.writers.set(member, writer);
    }
    return writer;
  }

  /** Takes a presence update from a member, stamped with the member's identity. */
  receivePresence(member: Member, update: Uint8Array): UpdateOutcome {
    let rate = this.presenceRates.get(member);
    if (!rate) this.presenceRates.set(member, (rate = new PresenceRate()));
    if (!rate.allow()) return { kind: "refused", reason: "too many presence messages" };
    let stamped: { update: Uint8Array; clientIds: number[] };
    try {
      stamped = stampPresence(update, presenceUser(member.participant), (id) => this.mayPresent(member, id), member.clientIds);
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

  /**
   * Stores the accepted updates still waiting for the end of this turn (see
   * server/group-commit.ts), of every room: then the store holds everything the document does.
   */
  flush(): void {
    this.commits.flush();
  }

  /** Writes a snapshot if the log has grown since the last one. The log itself is kept. */
  compact(): void {
    this.flush();
    if (this.failed || this.lastSeq === this.snapshotSeq) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.store.writeSnapshot(this.sessionId, this.lastSeq, state);
    this.snapshotSeq = this.lastSeq;
    this.snapshotBytes = state.byteLength;
    this.logBytes = 0;
  }

  /** Compacts and frees the room; the caller has closed its connections. */
  unload(): void {
    if (this.unloaded) return;
    this.unloaded = true;
    try {
      this.compact();
    } finally {
      this.awareness.destroy();
      this.current.destroy();
    }
  }

  /** The doc's update event: held back while an update is being checked, else stored and relayed. */
  private record(update: Uint8Array, origin: unknown): void {
    this.answers.clear();
    if (this.checking) this.checking.emitted.push({ update, origin });
    else this.commit(update, origin);
  }

  /**
   * Appends an applied update to the log, then relays it: nothing is sent that is not
   * stored. The updates of one turn of the event loop are stored together (group commit),
   * then relayed in order. Its sender gets it back only when the server added to it (`toSender`).
   */
  private commit(update: Uint8Array, origin: unknown, toSender = false, clientIds: readonly number[] = []): void {
    if (this.failed) return;
    const sender = this.members.has(origin as Member) ? (origin as Member) : null;
    this.commits.add({
      sessionId: this.sessionId,
      participantId: sender?.participant.id ?? null,
      update,
      clientIds: sender ? clientIds : [],
      at: Date.now(),
      stored: (seq) => this.relay(seq, update, sender, toSender),
      failed: (error) => this.fail(error),
    });
  }

  /** Sends a stored update to the members, and writes a snapshot when the log has grown enough. */
  private relay(seq: number, update: Uint8Array, sender: Member | null, toSender: boolean): void {
    if (this.failed) return;
    this.lastSeq = seq;
    this.logBytes += update.byteLength;
    const relayed = message(MessageType.Sync, (e) => syncProtocol.writeUpdate(e, update));
    for (const member of this.members) if (member !== sender || toSender) member.send(relayed);
    countRelay(this.members, sender, toSender);
    if (this.lastSeq - this.snapshotSeq >= this.options.compactEvery && this.logBytes * SNAPSHOT_RATIO >= this.snapshotBytes) {
      try {
        this.compact();
      } catch (error) {
        // A missed snapshot only slows the next load; the log has the update.
        log.error({ session: this.sessionId, error: errorMessage(error) }, "could not write a snapshot");
      }
    }
  }

  /** Presence changes waiting for the end of this turn of the event loop, to be relayed as one message. */
  private presenceChanged = new Set<number>();

  /**
   * Relays presence changes: all those of one turn of the event loop in one awareness
   * message to each member (300 editors moving their carets cost one message a turn,
   * not one per caret per member).
   */
  private readonly relayPresence = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    const waiting = this.presenceChanged.size > 0;
    for (const id of [...added, ...updated, ...removed]) this.presenceChanged.add(id);
    if (waiting || this.presenceChanged.size === 0) return;
    setImmediate(() => {
      const changed = [...this.presenceChanged];
      this.presenceChanged = new Set();
      if (this.unloaded) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      const relayed = message(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update));
      for (const member of this.members) member.send(relayed);
    });
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
    if (this.failed) return;
    this.failed = true;
    log.error({ session: this.sessionId, error: error.message }, "could not store an update: closing the room");
    for (const member of [...this.members]) member.close(1011, "the server could not store an update");
  }
}
