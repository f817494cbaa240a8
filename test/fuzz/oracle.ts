import { writeFileSync } from "node:fs";
import * as Y from "yjs";
import { carry } from "../../server/check/carry.ts";
import type { Carried } from "../../server/check/carry.ts";
import { ChangeIds } from "../../server/check/change-ids.ts";
import type { Moves } from "../../server/check/moves.ts";
import { landedInCollected } from "../../server/check/no-change.ts";
import { LOST_WRITE } from "../../server/check/touched.ts";
import { checkTransaction } from "../../server/check/transaction.ts";
import type { Actor } from "../../shared/permissions.ts";
import type { Role } from "../../shared/protocol.ts";
import type { OpRecord } from "./peer.ts";

/**
 * Why was an honest update refused? The harness keeps every update the server accepted,
 * in the server's order, so the server's document at any point can be rebuilt, and the
 * refused update can be put to the server's check again (server/check/transaction.ts,
 * applied as server/room.ts applies it) on other documents. "Unseen" updates are those
 * the server had accepted but the sender had not applied when it made its change.
 *
 * - **self**: refused on the sender's own view, the document it had when it made the
 *   change (the accepted updates it had applied, and its own). Nobody else's concurrent
 *   change is involved: the honest editor makes a change its role may not make, or the
 *   check misreads it.
 * - **concurrent**: accepted on the sender's view, refused once the unseen updates of
 *   the others are added, all but the chair's decisions (the delegations' and the
 *   secretariat's proposals, and the chair's own edits, which are proposals too);
 *   or refused only with a chair's decision that touched none of the blocks this update
 *   touches (decisions elsewhere in the draft are no race with it).
 * - **chair-race**: accepted on the sender's view plus every unseen update but the chair's
 *   decisions, refused once those are added too, and one of those decisions touched a
 *   text block this update touches: the delegation was typing into text the chair was
 *   removing, or into a clause the chair was agreeing, at that very moment. The only
 *   class the tests tolerate.
 * - **unexplained**: the oracle accepts it even on everything the server had: refused
 *   for something outside the document check (client ids, ...).
 *
 * Each replay finishes the update as the room does (check/carry.ts), with the room's record
 * of recent moves as it stood when the update came (`moves`): a late edit the server
 * carried into text another had moved is judged, and raced, where it landed.
 *
 * "Touching a block": inserting, deleting or formatting content in that text block, or
 * changing its attributes, or inserting or removing the block itself (Yjs items under
 * it, by their Yjs ids). The chair's decisions: the updates of its decision operations
 * (accept, reject, bulk decisions, brackets agreed, dropped or picked, statuses,
 * renumbering, undoing a decision), not of its edits. The sender's view of a message
 * made of several operations (the sync step 2 sent on reconnecting after editing
 * offline) is its view at the last of them.
 */

export type RefusalClass = "self" | "concurrent" | "chair-race" | "unexplained";

/** Whether a class counts as a race with the chair (the only class a test may tolerate). */
export const isRace = (cls: RefusalClass) => cls === "chair-race";

/** An update the server accepted, in the server's order. */
export interface AcceptedUpdate {
  seq: number;
  /** The participant (seat) that sent it. */
  sender: string;
  role: Role;
  bytes: Uint8Array;
  /** The sender's own update, without what the server sent back with it (its carry, its cleanups): the sender has that only once it applies the echo. */
  own?: Uint8Array;
  op: OpRecord;
}

/** Whether an accepted update is one of the chair's decisions (not its edits, not its doc's cleanups). */
export function isDecision(u: AcceptedUpdate): boolean {
  if (u.role !== "chair") return false;
  const kind = u.op.kind;
  return !kind.startsWith("chairEdit") && kind !== "chairUndo:edit" && !kind.startsWith("binding") && kind !== "yjs-cleanup" && kind !== "connect" && kind !== "reconnect" && kind !== "?";
}

export interface Classification {
  cls: RefusalClass;
  /** The reason the oracle's check gave where it refused (null for unexplained). */
  oracleReason: string | null;
  /** Unseen accepted updates: the chair's decisions, and everything else. */
  concurrentChair: number;
  concurrentOthers: number;
  /** The unseen updates that touched a block this one touches: what raced with it. */
  racers: AcceptedUpdate[];
}

interface Replay {
  verdict: string | null;
  /** The text blocks the message touches (Yjs ids of their elements). */
  touched: Set<string>;
  /** The text blocks the updates marked `watch` touched. */
  watched: Set<string>;
  /** The same, per update. */
  watchedBy: Map<AcceptedUpdate, Set<string>>;
  /** The updates taken build on updates left out: no verdict. */
  inconclusive: boolean;
}

const TEXTBLOCK_CONTAINERS = new Set(["clause_group"]);

/** The Yjs id of the text block an item lies in (or is), or null outside any. */
function blockOf(item: Y.Item): string[] {
  const content = item.content;
  if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement && TEXTBLOCK_CONTAINERS.has(content.type.nodeName)) {
    // A whole group: each of its blocks.
    return content.type.toArray().flatMap((child) => (child instanceof Y.XmlElement && child._item ? [idOf(child._item)] : []));
  }
  for (let at: Y.Item | null = item; at; at = (at.parent as Y.AbstractType<unknown>)._item) {
    const c = at.content;
    if (c instanceof Y.ContentType && c.type instanceof Y.XmlElement && !TEXTBLOCK_CONTAINERS.has(c.type.nodeName)) return [idOf(at)];
    if (!(at.parent instanceof Y.AbstractType)) break;
  }
  return [];
}

const idOf = (item: Y.Item) => `${item.id.client}:${item.id.clock}`;

/**
 * The text blocks a transaction touched: where it inserted, set attributes or deleted;
 * with `update`, also wherever that update deletes, even what was deleted already (two
 * delegations splitting one clause at once both "move" its text). Not for a sync step 2,
 * which carries every deletion its sender's doc knows.
 */
function touchedBy(transaction: Y.Transaction, update: Uint8Array | null): Set<string> {
  const touched = new Set<string>();
  const add = (struct: Y.AbstractStruct) => {
    if (struct instanceof Y.Item) for (const id of blockOf(struct)) touched.add(id);
  };
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after === before) continue;
    for (const struct of transaction.doc.store.clients.get(client) ?? []) if (struct.id.clock + struct.length > before && struct.id.clock < after) add(struct);
  }
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, add);
  if (update) {
    const { ds } = Y.decodeUpdate(update);
    // Only the deletions of items the doc has (the rest are pending).
    for (const [client, deletes] of ds.clients) ds.clients.set(client, deletes.filter((d) => d.clock + d.len <= Y.getState(transaction.doc.store, client)));
    Y.iterateDeletedStructs(transaction, ds, add);
  }
  return touched;
}

/** The text blocks (Yjs ids) holding the origins and right origins of an update's new items in `doc`. */
function neighbourBlocks(doc: Y.Doc, message: Uint8Array): Set<string> {
  const blocks = new Set<string>();
  for (const struct of Y.decodeUpdate(message).structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const id of [struct.origin, struct.rightOrigin]) {
      if (!id || id.clock >= Y.getState(doc.store, id.client)) continue;
      const item = Y.getItem(doc.store, id);
      if (item instanceof Y.Item) for (const block of blockOf(item)) blocks.add(block);
    }
  }
  return blocks;
}

/**
 * Applies `base` (merged), then `tail` one by one, then `message` as the room does (its
 * check on the sender's role), and returns the check's verdict, the blocks the message
 * touched, and those the tail updates marked by `watch` touched.
 */
function replay(base: Uint8Array, tail: readonly AcceptedUpdate[], watch: (u: AcceptedUpdate) => boolean, message: Uint8Array, step2: boolean, actor: Actor, moves: Moves | null = null): Replay {
  const doc = new Y.Doc();
  const watched = new Set<string>();
  const watchedBy = new Map<AcceptedUpdate, Set<string>>();
  let touched = new Set<string>();
  try {
    Y.applyUpdate(doc, base);
    // The blocks of what its new items were written next to, as the sender saw them: words
    // that land in a block removed meanwhile (Yjs collects them on arrival) lie in no block.
    const neighbours = neighbourBlocks(doc, message);
    for (const u of tail) {
      if (!watch(u)) {
        Y.applyUpdate(doc, u.bytes);
        continue;
      }
      const mine = new Set<string>();
      watchedBy.set(u, mine);
      const collect = (transaction: Y.Transaction) => {
        for (const id of touchedBy(transaction, null)) {
          watched.add(id);
          mine.add(id);
        }
      };
      doc.on("afterTransaction", collect);
      try {
        Y.applyUpdate(doc, u.bytes);
      } finally {
        doc.off("afterTransaction", collect);
      }
    }
    // Left out updates that others built on: this document cannot be had.
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return { verdict: null, touched, watched, watchedBy, inconclusive: true };
    const ids = ChangeIds.of(doc.getXmlFragment("body"));
    const origin = { actor };
    let verdict: string | null = null;
    // With the room's record of moves: the server's carry (check/carry.ts), as the room runs it.
    let carried: Carried | null = null;
    const decoded = Y.decodeUpdate(message);
    const listener = (transaction: Y.Transaction) => {
      if (transaction.origin !== origin) return;
      touched = touchedBy(transaction, step2 ? null : message);
      for (const id of neighbours) touched.add(id);
      if (verdict) return;
      const store = transaction.doc.store;
      if (store.pendingStructs !== null || store.pendingDs !== null) {
        verdict = "builds on changes the server does not have (pending structs)";
        return;
      }
      try {
        // As the room asks it: content Yjs collected on arrival first.
        verdict = landedInCollected(decoded, doc, transaction.beforeState, carried?.carried)
          ? LOST_WRITE
          : checkTransaction(transaction, doc.getXmlFragment("body"), actor, ids, carried?.carried, carried?.links);
      } catch (error) {
        verdict = `the check threw (${(error as Error).message})`;
      }
    };
    doc.on("beforeObserverCalls", listener);
    try {
      if (moves) {
        // Under a client id of its own, as the server writes its carry.
        while (doc.store.clients.has(doc.clientID)) doc.clientID = Math.floor(Math.random() * 0x1_0000_0000);
        Y.transact(
          doc,
          (transaction) => {
            Y.applyUpdate(doc, message, origin);
            if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return;
            carried = carry(transaction, decoded, actor, moves, step2);
            if (carried.operations > 0) transaction.local = true;
          },
          origin,
          false,
        );
      } else Y.applyUpdate(doc, message, origin);
    } catch (error) {
      verdict = `the update does not apply (${(error as Error).message})`;
    } finally {
      doc.off("beforeObserverCalls", listener);
    }
    return { verdict, touched, watched, watchedBy, inconclusive: false };
  } finally {
    doc.destroy();
  }
}

/**
 * The accepted updates in the server's order, with merged prefixes kept every
 * {@link CHECKPOINT} updates, so that the server's document as of any update is a few
 * merges away rather than a replay of the whole log.
 */
export class AcceptedLog {
  readonly updates: AcceptedUpdate[] = [];
  private readonly checkpoints = new Map<number, Uint8Array>();

  push(update: AcceptedUpdate): void {
    if (this.updates.length > 0 && update.seq !== this.updates[this.updates.length - 1]!.seq + 1) throw new RangeError(`accepted update ${update.seq} out of order`);
    this.updates.push(update);
  }

  get last(): number {
    return this.updates.length > 0 ? this.updates[this.updates.length - 1]!.seq : -1;
  }

  /** Every accepted update with seq <= k, merged into one. */
  prefix(k: number): Uint8Array {
    const first = this.updates[0]?.seq ?? 0;
    const upTo = Math.min(k, this.last);
    let at = Math.floor((upTo - first + 1) / CHECKPOINT) * CHECKPOINT;
    while (at > 0 && !this.checkpoints.has(at)) at -= CHECKPOINT;
    let merged = at > 0 ? this.checkpoints.get(at)! : Y.mergeUpdates([]);
    // Walk on from the checkpoint, keeping new ones.
    for (let next = at + CHECKPOINT; next <= upTo - first + 1; next += CHECKPOINT) {
      merged = Y.mergeUpdates([merged, ...this.updates.slice(at, next).map((u) => u.bytes)]);
      this.checkpoints.set(next, merged);
      at = next;
    }
    return Y.mergeUpdates([merged, ...this.updates.slice(at, upTo - first + 1).map((u) => u.bytes)]);
  }
}

const CHECKPOINT = 64;

/**
 * Classifies a refused update of `sender` (see the module comment). `log` holds every
 * update accepted before it, in order, starting with the initial document; `baseSeq` is
 * the last accepted update the sender had applied when it made the change.
 */
export function classifyRefusal(log: AcceptedLog, sender: string, actor: Actor, message: Uint8Array, step2: boolean, baseSeq: number, moves: Moves | null = null): Classification {
  const later = log.updates.filter((u) => u.seq > baseSeq);
  const unseen = later.filter((u) => u.sender !== sender);
  const decisions = unseen.filter(isDecision);
  // Each document: what the sender had seen, then the later updates taken, in the server's order.
  const base = log.prefix(baseSeq);
  const on = (take: (u: AcceptedUpdate) => boolean, watch: (u: AcceptedUpdate) => boolean = () => false) => replay(base, later.filter(take), watch, message, step2, actor, moves);
  // Everything the server had, each unseen update watched: the verdict there, and who raced.
  const all = on(() => true, (u) => u.sender !== sender);
  const racers = unseen.filter((u) => [...all.touched].some((id) => all.watchedBy.get(u)?.has(id)));
  const counts = { concurrentChair: decisions.length, concurrentOthers: unseen.length - decisions.length, racers };
  if (process.env.FUZZ_DUMP_ALL) {
    const view = new Y.Doc();
    Y.applyUpdate(view, base);
    for (const u of later) Y.applyUpdate(view, u.bytes);
    // And the sender's own view (what it had seen, and its own updates as it wrote them).
    const own = new Y.Doc();
    Y.applyUpdate(own, base);
    for (const u of later) if (u.sender === sender) Y.applyUpdate(own, u.own ?? u.bytes);
    const encode = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64");
    writeFileSync(`${process.env.FUZZ_DUMP_ALL}-${sender}-${baseSeq}.json`, JSON.stringify({ actor, view: encode(view), self: encode(own), update: Buffer.from(message).toString("base64"), verdict: all.verdict, moves: moves?.toJSON() ?? null }));
  }
  // The sender's own updates as it wrote them: what the server sent back with them (the
  // echo, tagged with their seq) had not reached it, or baseSeq would be past them.
  const self = replay(base, later.filter((u) => u.sender === sender).map((u) => ({ ...u, bytes: u.own ?? u.bytes })), () => false, message, step2, actor, moves).verdict;
  if (self && process.env.FUZZ_DUMP_SELF) {
    // The sender's own view and its update, to reproduce a "self" refusal outside the run.
    const view = new Y.Doc();
    Y.applyUpdate(view, base);
    for (const u of later) if (u.sender === sender) Y.applyUpdate(view, u.own ?? u.bytes);
    writeFileSync(`${process.env.FUZZ_DUMP_SELF}-${sender}-${baseSeq}.json`, JSON.stringify({ actor, view: Buffer.from(Y.encodeStateAsUpdate(view)).toString("base64"), update: Buffer.from(message).toString("base64"), verdict: self }));
  }
  if (self) return { cls: "self", oracleReason: self, ...counts };
  // Without the decisions (unless the others' updates build on them: then this step says nothing).
  const withOthers = on((u) => u.sender === sender || !isDecision(u)).verdict;
  if (withOthers) return { cls: "concurrent", oracleReason: withOthers, ...counts };
  if (decisions.length === 0 || !all.verdict) return { cls: "unexplained", oracleReason: null, ...counts };
  const raced = racers.some(isDecision);
  return { cls: raced ? "chair-race" : "concurrent", oracleReason: raced ? all.verdict : `${all.verdict} (after a decision of the chair elsewhere)`, ...counts };
}
