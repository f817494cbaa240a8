import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Node as PMNode } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import * as Y from "yjs";
import { initProseMirrorDoc, updateYFragment } from "y-prosemirror";
import { schema } from "../shared/schema.ts";
import { changeIds, decideChanges } from "../shared/track/decide.ts";
import { newChangeId } from "../shared/track/ids.ts";
import { trackTransaction } from "../shared/track/suggest.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { readBody } from "../shared/yjs/read.ts";
import { RefusalLimit } from "../server/refusal-limit.ts";
import { UpdateRate } from "../server/update-rate.ts";
import { Room } from "../server/room.ts";
import type { Member, UpdateOutcome } from "../server/room.ts";
import { createSession } from "../server/session.ts";
import { Store } from "../server/store.ts";
import { largeDocument } from "./codec.ts";
import { rowOf } from "./measure.ts";
import type { Row } from "./measure.ts";

/** The history is written far faster than anyone types: the update rate limit is not what is measured here. */
class Unlimited extends UpdateRate {
  override allow(): boolean {
    return true;
  }
}

/**
 * Refusals, large decisions and long histories (issue 9), through the real pipeline: a
 * real Store in a temporary directory, sessions created as the server creates them, a
 * real Room, and in-process members (no sockets). Every update is made the way a
 * browser makes it: a ProseMirror transaction (suggestion mode for a delegation, a
 * decision for the chair) written into a client Y.Doc with y-prosemirror's
 * `updateYFragment`, then given to `room.receiveUpdate`.
 *
 * Clients write as the editor's y-prosemirror binding does, with its mapping (see
 * Client). With a fresh mapping each time (bench/check.ts), `updateYFragment` also
 * rewrites the formatting of unchanged blocks it does not see as equal to their Yjs text
 * (in the seed, the clause whose "2" carries a bracket, the label and a strike), which a
 * browser does only when that block is edited. The members' `send` and `close` do
 * nothing: the room's refusal limit would close a real connection after 30 refusals in
 * a minute; these go on. BENCH_VERBOSE=1 prints the reasons the room gave for refusals.
 */

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
const DELEGATIONS = [
  { code: "USA", name: "United States" },
  { code: "RUS", name: "Russian Federation" },
];
/** As the server runs (server/server.ts). */
const COMPACT_EVERY = 500;
const RUNS = 20;
const WARM_UP = 3;
const HISTORY = 10_000;

const now = () => new Date().toISOString();
const median = (name: string, times: number[]): Row => rowOf(name, times);
const single = (name: string, value: number): Row => ({ name, medianMs: value, minMs: value, maxMs: value, runs: 1 });

/** A session in the store, its room, and a member per seat (no socket: send and close do nothing). */
class Session {
  readonly room: Room;
  readonly members = new Map<string, Member>();
  /** Start and end of applying + checking the last update (Yjs's `beforeTransaction` to the room's `beforeObserverCalls`). */
  private applyStart = 0;
  private applyEnd = 0;
  private hooked: Y.Doc | null = null;

  constructor(readonly store: Store, text: string) {
    const { id } = createSession(store, { title: "bench", text, delegations: DELEGATIONS }, "http://localhost");
    this.room = new Room(id, store, { compactEvery: COMPACT_EVERY, refusals: new RefusalLimit(), updateRate: new Unlimited() });
    for (const participant of store.participants(id)) {
      const member: Member = { participant, clientIds: new Set(), send: () => undefined, close: () => undefined };
      this.room.join(member);
      this.members.set(participant.role === "delegation" ? participant.code! : participant.role, member);
    }
  }

  member(seat: string): Member {
    const member = this.members.get(seat);
    if (!member) throw new Error(`no ${seat} in the session`);
    return member;
  }

  /**
   * Gives `update` to the room as `seat`; the time of the whole `receiveUpdate`, and of
   * applying and checking it: from Yjs's start of the transaction to a
   * `beforeObserverCalls` listener registered after the room's (which checks, and
   * takes a refused transaction back).
   */
  receive(seat: string, update: Uint8Array): { outcome: UpdateOutcome; ms: number; applyMs: number } {
    const member = this.member(seat);
    this.hook();
    this.applyStart = this.applyEnd = 0;
    const start = performance.now();
    const outcome = this.room.receiveUpdate(member, update);
    // The store write of group commit (after the turn, in the server) counted here too.
    this.room.flush();
    const ms = performance.now() - start;
    return { outcome, ms, applyMs: this.applyEnd - this.applyStart };
  }

  /** Listens on the room's doc (again, should the room have reloaded it). */
  private hook(): void {
    const doc = this.room.doc;
    if (this.hooked === doc) return;
    this.hooked = doc;
    const fromMember = (tr: Y.Transaction) => [...this.members.values()].includes(tr.origin as Member);
    doc.on("beforeTransaction", (tr: Y.Transaction) => {
      if (fromMember(tr)) this.applyStart = performance.now();
    });
    doc.on("beforeObserverCalls", (tr: Y.Transaction) => {
      if (fromMember(tr)) this.applyEnd = performance.now();
    });
  }

  /** The room's document, read strictly. */
  pm(): PMNode {
    return readBody(this.room.doc.getXmlFragment(BODY));
  }

  close(): void {
    this.room.flush();
    this.room.awareness.destroy();
    this.room.doc.destroy();
  }
}

/**
 * A browser: a Y.Doc synced from the room's, the ProseMirror document it shows, and
 * y-prosemirror's binding metadata (Y type to ProseMirror node). Edits are written as
 * the binding writes them (ProsemirrorBinding._prosemirrorChanged): `updateYFragment` on
 * the whole body with that metadata, which passes over the nodes it has already mapped.
 */
class Client {
  readonly doc = new Y.Doc();
  pm: PMNode;
  private readonly meta: ReturnType<typeof initProseMirrorDoc>["meta"];
  private readonly updates: Uint8Array[] = [];

  /** `state`: the room's doc encoded. */
  constructor(state: Uint8Array) {
    Y.applyUpdate(this.doc, state);
    const { doc, meta } = initProseMirrorDoc(this.doc.getXmlFragment(BODY), schema);
    this.pm = doc;
    this.meta = meta;
    this.doc.on("update", (update: Uint8Array) => this.updates.push(update));
  }

  /** Writes `next` as the binding does and returns the one update sent. */
  write(next: PMNode): Uint8Array {
    const update = this.sent(() => updateYFragment(this.doc, this.doc.getXmlFragment(BODY), next, this.meta));
    this.pm = next;
    return update;
  }

  /**
   * Writes one block with `updateYFragment` on its Y element (the same Yjs operations as
   * the binding's write of a document where only that block changed, without the walks
   * from the body down to it); `pm` is left as it is.
   */
  writeBlock(element: Y.XmlElement, node: PMNode): Uint8Array {
    return this.sent(() => updateYFragment(this.doc, element, node, this.meta));
  }

  private sent(write: () => void): Uint8Array {
    this.updates.length = 0;
    this.doc.transact(write);
    if (this.updates.length !== 1) throw new Error(`expected one update, the client sent ${this.updates.length}`);
    return this.updates[0]!;
  }

  destroy(): void {
    this.doc.destroy();
  }
}

/** Positions just after a space in text without change marks, in `doc` between `from` and `to`. */
function plainPlaces(doc: PMNode, from = 0, to = doc.content.size, word?: string): number[] {
  const places: number[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    if (node.marks.some((m) => m.type.name === "insertion" || m.type.name === "deletion" || m.type.name === "label")) return false;
    const text = node.text!;
    const needle = word ?? " ";
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const place = pos + at + (word ? 0 : 1);
      if (place > from && place < to) places.push(place);
    }
    return false;
  });
  return places;
}

/** The `i`-th of `n` places spread over `places`. */
const spread = (places: number[], i: number, n: number): number => {
  if (places.length === 0) throw new Error("no place to edit");
  return places[Math.floor((((i % n) + 0.5) / n) * places.length)]!;
};

/** USA's suggestion-mode edit of `doc`: `edit` builds the user's transaction, trackTransaction makes it a proposal. */
function asUSA(doc: PMNode, edit: (state: EditorState) => Transaction): PMNode {
  const state = EditorState.create({ doc });
  return trackTransaction(state, edit(state), { by: "USA", at: now() }).doc;
}

function expectApplied(what: string, outcome: UpdateOutcome): void {
  if (outcome.kind !== "applied") throw new Error(`${what}: the room answered ${outcome.kind}: ${outcome.reason}`);
}

/**
 * 1 and 2: accepted USA proposals (trackTransaction, as bench/check.ts), then refused USA
 * updates, each from a fresh client cloned from the room (its ids are new, it builds on
 * nothing the room lacks, so it reaches the whole check; the clone is not timed): text
 * inserted without an insertion mark, and a strike carrying RUS's name. Each is timed
 * whole (receiveUpdate: decoding, client ids, apply, check, rollback or store, and the
 * log of refusals) and for applying and checking alone (no store). Returns the rows and
 * the reasons given.
 */
function refusalCost(session: Session, size: string): { rows: Row[]; reasons: Set<string> } {
  const client = new Client(Y.encodeStateAsUpdate(session.room.doc));
  const total = WARM_UP + RUNS;
  const accepted = { whole: [] as number[], apply: [] as number[] };
  for (let i = 0; i < total; i++) {
    const places = plainPlaces(client.pm, 0, client.pm.content.size, "WSIS");
    const at = spread(places, i, total);
    const update = client.write(asUSA(client.pm, (s) => s.tr.insertText("firmly ", at)));
    const { outcome, ms, applyMs } = session.receive("USA", update);
    expectApplied(`an honest USA proposal (${size})`, outcome);
    if (i >= WARM_UP) {
      accepted.whole.push(ms);
      accepted.apply.push(applyMs);
    }
  }
  // The room's state is the client's again; refusals do not change it.
  const after = Y.encodeStateAsUpdate(session.room.doc);
  const reasons = new Set<string>();
  const refused = (what: string, forge: (doc: PMNode, at: number) => PMNode) => {
    const times = { whole: [] as number[], apply: [] as number[] };
    for (let i = 0; i < total; i++) {
      const clone = new Client(after);
      const at = spread(plainPlaces(clone.pm, 0, clone.pm.content.size, "WSIS"), i + 7, total);
      const update = clone.write(forge(clone.pm, at));
      clone.destroy();
      const { outcome, ms, applyMs } = session.receive("USA", update);
      if (outcome.kind !== "refused") throw new Error(`${what} (${size}) was not refused: ${outcome.kind}`);
      if (applyMs <= 0) throw new Error(`${what} (${size}) was refused before it reached the check: ${outcome.reason}`);
      reasons.add(`${what}: ${outcome.reason}`);
      if (i >= WARM_UP) {
        times.whole.push(ms);
        times.apply.push(applyMs);
      }
    }
    return times;
  };
  const unmarked = refused("USA text without an insertion mark", (doc, at) => EditorState.create({ doc }).tr.insertText("firmly ", at).doc);
  const forgedStrike = refused("USA strike marked as RUS's", (doc, at) =>
    EditorState.create({ doc }).tr.addMark(at, at + 4, schema.marks.deletion.create({ id: newChangeId("d"), by: "RUS", at: now() })).doc,
  );
  if (!session.pm().eq(client.pm)) throw new Error(`the room's document (${size}) is not the client's after the refusals`);
  client.destroy();
  const rows = [
    median(`accepted USA proposal, ${size}: receiveUpdate`, accepted.whole),
    median(`accepted USA proposal, ${size}: apply + check`, accepted.apply),
    median(`refused, USA text without an insertion mark, ${size}: receiveUpdate`, unmarked.whole),
    median(`refused, USA text without an insertion mark, ${size}: apply + check + rollback`, unmarked.apply),
    median(`refused, USA strike marked as RUS's, ${size}: receiveUpdate`, forgedStrike.whole),
    median(`refused, USA strike marked as RUS's, ${size}: apply + check + rollback`, forgedStrike.apply),
  ];
  const ratio = Math.max(rows[2]!.medianMs, rows[4]!.medianMs) / rows[0]!.medianMs;
  rows.push(single(`ratio of the medians, slower refusal / accepted proposal, ${size}: receiveUpdate (target <= 10)`, ratio));
  return { rows, reasons };
}

/** Where a clause is: its group's index in the body and its index in the group. */
interface ClausePlace {
  group: number;
  index: number;
}

/** Long clauses of `doc` (more than `min` characters). */
function longClauses(doc: PMNode, min = 300): ClausePlace[] {
  const found: ClausePlace[] = [];
  doc.forEach((group, _offset, g) => {
    if (group.type.name !== "clause_group") return;
    group.forEach((child, _at, index) => {
      if (child.type.name === "clause" && child.textContent.length > min) found.push({ group: g, index });
    });
  });
  return found;
}

/** The position of a clause in `doc` now. */
function positionOf(doc: PMNode, { group, index }: ClausePlace): number {
  let pos = 0;
  for (let g = 0; g < group; g++) pos += doc.child(g).nodeSize;
  pos += 1;
  for (let i = 0; i < index; i++) pos += doc.child(group).child(i).nodeSize;
  return pos;
}

/** RUNS accepted USA proposals into a clause: receiveUpdate, apply + check, and the client's write. */
function proposalsInto(session: Session, client: Client, place: ClausePlace, label: string): Row[] {
  const total = WARM_UP + RUNS;
  const whole: number[] = [];
  const check: number[] = [];
  const write: number[] = [];
  for (let i = 0; i < total; i++) {
    const clausePos = positionOf(client.pm, place);
    const clause = client.pm.nodeAt(clausePos)!;
    const at = spread(plainPlaces(client.pm, clausePos + 1, clausePos + clause.nodeSize - 1), i, total);
    const next = asUSA(client.pm, (s) => s.tr.insertText("firmly ", at));
    const start = performance.now();
    const update = client.write(next);
    const writeMs = performance.now() - start;
    const { outcome, ms, applyMs } = session.receive("USA", update);
    expectApplied(`an honest USA proposal (${label})`, outcome);
    if (i >= WARM_UP) {
      whole.push(ms);
      check.push(applyMs);
      write.push(writeMs);
    }
  }
  return [
    median(`accepted proposal into a clause ${label}: receiveUpdate`, whole),
    median(`accepted proposal into a clause ${label}: apply + check`, check),
    median(`accepted proposal into a clause ${label}: client's updateYFragment`, write),
  ];
}

/**
 * 4: RUNS proposals into a long clause with no history; then another long clause gets
 * HISTORY accepted USA updates (typing a word a letter at a time, one Yjs update per
 * keystroke as y-prosemirror writes them, and deleting it again letter by letter, so the
 * clause fills with tombstones), each received and checked by the room, and RUNS
 * proposals into that clause are timed.
 *
 * The history is typed in a small document holding only that clause (trackTransaction
 * looks no further than the block) and written with updateYFragment on the clause's Y
 * element. It is stored in one SQLite transaction: only the fsyncs are spared.
 */
function longHistory(session: Session): Row[] {
  const client = new Client(Y.encodeStateAsUpdate(session.room.doc));
  const clauses = longClauses(client.pm);
  const fresh = clauses[Math.floor(clauses.length / 3)]!;
  const target = clauses[Math.floor(clauses.length / 2)]!;
  const rows = proposalsInto(session, client, fresh, "with no history (300 pages)");

  const group = client.pm.child(target.group);
  let clause = group.child(target.index);
  const original = clause;
  const yClause = (client.doc.getXmlFragment(BODY).get(target.group) as Y.XmlElement).get(target.index);
  if (!(yClause instanceof Y.XmlElement) || yClause.nodeName !== "clause") throw new Error("the clause's Y element is not a clause");
  // A document of the clause alone: its group's heading, then the clause.
  const mini = (node: PMNode) => schema.topNodeType.create(null, group.copy(group.content.cut(0, group.firstChild!.nodeSize).addToEnd(node)));
  const offset = 1 + group.firstChild!.nodeSize; // the clause in the small document
  const word = "word";
  const cycles = Math.ceil(HISTORY / (2 * word.length));
  const keystroke = (edit: (state: EditorState) => Transaction) => {
    const next = asUSA(mini(clause), edit).child(0).lastChild!;
    const { outcome } = session.receive("USA", client.writeBlock(yClause, next));
    expectApplied("USA typing or deleting its own insertion (history)", outcome);
    clause = next;
  };
  const start = performance.now();
  session.store.transaction(() => {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const places = plainPlaces(mini(clause), offset + 1, offset + clause.nodeSize - 1);
      const at = spread(places, cycle, 97);
      for (let k = 0; k < word.length; k++) keystroke((s) => s.tr.insertText(word[k]!, at + k));
      for (let k = word.length; k > 0; k--) keystroke((s) => s.tr.delete(at + k - 1, at + k));
    }
  });
  const historyMs = performance.now() - start;
  if (!clause.eq(original)) throw new Error("the clause is not what it was after typing and deleting its own words");
  // The document shows the clause as last written (equal to the one before).
  const pm = client.pm;
  client.pm = pm.copy(pm.content.replaceChild(target.group, pm.child(target.group).copy(pm.child(target.group).content.replaceChild(target.index, clause))));
  const typed = cycles * 2 * word.length;
  rows.push(
    ...proposalsInto(session, client, target, `with ${typed.toLocaleString("en")} updates of history`),
    single(`(setup: the ${typed.toLocaleString("en")} updates of history, client and room: total)`, historyMs),
  );
  if (!session.pm().eq(client.pm)) throw new Error("the room's document is not the client's after the history");
  client.destroy();
  return rows;
}

/**
 * 3: the chair accepts every change of a fresh 300-page session (the imported strikes)
 * with decideChanges, written with one updateYFragment on the whole body, then sent to
 * the room, which must accept it.
 */
function acceptAll(session: Session): Row[] {
  const client = new Client(Y.encodeStateAsUpdate(session.room.doc));
  const state = EditorState.create({ doc: client.pm });
  const count = changeIds(state.doc).length;
  const t0 = performance.now();
  const tr = decideChanges(state, "accept");
  const t1 = performance.now();
  if (!tr) throw new Error("accept-all changed nothing");
  const update = client.write(tr.doc);
  const t2 = performance.now();
  const { outcome, ms } = session.receive("chair", update);
  if (outcome.kind !== "applied") throw new Error(`the chair's accept-all of ${count} changes was ${outcome.kind}: ${outcome.reason}`);
  const left = changeIds(session.pm()).length;
  if (left !== 0 || !session.pm().eq(tr.doc)) throw new Error(`after accept-all the room's document differs from the chair's (${left} changes left)`);
  client.destroy();
  const what = `accept all ${count.toLocaleString("en")} changes, 300 pages`;
  return [
    single(`${what}: decideChanges (client)`, t1 - t0),
    single(`${what}: updateYFragment (client, ${(update.byteLength / 1e3).toFixed(0)} KB update)`, t2 - t1),
    single(`${what}: client total (decision + updateYFragment)`, t2 - t0),
    single(`${what}: receiveUpdate (room)`, ms),
  ];
}

/** Refusal cost against an accepted proposal, accept-all at 300 pages, and the check after a long history (issue 9). */
export function refusalRows(): Row[] {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-bench-refusal-"));
  const store = Store.open(dataDir);
  const rows: Row[] = [];
  const reasons = new Set<string>();
  try {
    const large = largeDocument();
    for (const [size, text] of [["seed", seed], ["300 pages", large]] as const) {
      const session = new Session(store, text);
      try {
        const result = refusalCost(session, size);
        rows.push(...result.rows);
        for (const reason of result.reasons) reasons.add(reason);
        if (size === "300 pages") rows.push(...longHistory(session));
      } finally {
        session.close();
      }
    }
    const fresh = new Session(store, large);
    try {
      rows.push(...acceptAll(fresh));
    } finally {
      fresh.close();
    }
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_VERBOSE) for (const reason of reasons) console.error(`refusal reason: ${reason}`);
  return rows;
}
