import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Node as PMNode } from "prosemirror-model";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { Moves } from "../../server/check/moves.ts";
import { startServer } from "../../server/server.ts";
import type { RunningServer } from "../../server/server.ts";
import { createTestSession, syncMessage } from "../../server/test-support.ts";
import type { Actor } from "../../shared/permissions.ts";
import type { Role } from "../../shared/protocol.ts";
import { schema } from "../../shared/schema.ts";
import { describeUpdate } from "./describe.ts";
import type { BindingMode } from "./editor.ts";
import { CHAIR_OPS, chairOp, DEFAULT_WEIGHTS, PROPOSER_OPS, proposerOp, textBlocks } from "./ops.ts";
import type { ChairOp, OpOutcome, OpWeights, ProposerOp } from "./ops.ts";
import { AcceptedLog, classifyRefusal, isDecision, isRace } from "./oracle.ts";
import type { RefusalClass } from "./oracle.ts";
import { FuzzPeer } from "./peer.ts";
import type { OpRecord } from "./peer.ts";
import { Random } from "./random.ts";

/**
 * A randomized convergence run in the style of Yjs's tests/testHelper.js
 * (`applyRandomTests`): a real server on port 0 with the reference document, five
 * participants (the chair, the secretariat typing for a delegation, three delegations),
 * each an editor over its own Y.Doc on a real WebSocket, and a seeded generator that
 * decides every step: who does what (honest operations through the project's own
 * functions, see ops.ts), when each participant's updates go out, when what the server
 * sends arrives, and when participants drop off and come back.
 *
 * The network is stepped, not timed: a participant's updates are sent one message at a
 * time, and after each the harness waits until the server has handled it (a presence
 * query answered on the same socket) and until its relays have reached every other
 * participant's inbox. Delays are how long messages wait in outboxes and inboxes, which
 * the seed decides; so the same seed gives the same run.
 *
 * A participant whose update is refused recovers as the README says (discards its
 * Y.Doc, syncs a fresh one on the same socket, rebinds its editor), and the refusal is
 * counted with its reason, the operation behind it, and its class (oracle.ts).
 * At the end the network settles, and every participant, the server's export, and a
 * fresh client joining a restarted server from the store must hold the same,
 * schema-valid document.
 */

export interface FuzzOptions {
  seed: number;
  /** How many operations the participants attempt. */
  ops: number;
  /** The editors' binding (editor.ts); default "plugin", y-prosemirror's own. */
  mode?: BindingMode;
  /** A forced disconnect every this many operations (besides random ones); default 120. */
  disconnectEvery?: number;
  weights?: OpWeights;
  /** Progress and refusal lines. */
  log?: (line: string) => void;
  /** Stop right after this many refusals (to reproduce one: same seed, same run), skipping the final checks. */
  untilRefusal?: number;
}

export interface RefusalRecord {
  seed: number;
  /** The operation behind it (the last one, for a message carrying several). */
  opIndex: number;
  participant: string;
  role: Role;
  /** Who its changes were attributed to. */
  author: string;
  /** The operation kind, or "offline-sync" for the step 2 sent on reconnecting. */
  op: string;
  /** What the operations did. */
  detail: string;
  reason: string;
  cls: RefusalClass;
  oracleReason: string | null;
  concurrentChair: number;
  concurrentOthers: number;
  /** What the update did (describe.ts). */
  update: string;
  /** The unseen updates that touched the same blocks: "#412 chair accept ..." */
  racers: string[];
}

export interface FuzzResult {
  seed: number;
  mode: BindingMode;
  ops: number;
  /** Operations that changed the document (the rest had nothing to do or were prevented by the editor). */
  changed: number;
  /** Edits the clause lock stopped. */
  locked: number;
  opKinds: Record<string, { tried: number; changed: number }>;
  messages: number;
  accepted: number;
  refusals: RefusalRecord[];
  /** Operations whose updates were lost with a discarded Y.Doc. */
  lostOps: number;
  disconnects: number;
  /** Connections the server closed. */
  serverCloses: string[];
  /** Updates the editors' binding wrote by itself while rendering remote changes (peer.ts `writtenBy`). */
  bindingWrites: string[];
  /** Yjs's formatting cleanups the clients sent after remote changes. */
  cleanupWrites: number;
  /** Empty when everyone holds the same document. */
  divergences: string[];
  /** Schema violations, per copy. */
  invalid: string[];
  blocks: number;
  durationMs: number;
  /** Stopped at `untilRefusal`: no final checks. */
  stopped?: boolean;
}

/** Thrown to end a run early (`untilRefusal`). */
class StopRun extends Error {}

const BASE_TIME = Date.UTC(2026, 11, 1, 9, 0, 0);
const DELEGATIONS = ["USA", "RUS", "CHN"];

interface Seat {
  name: string;
  role: Role;
  code: string | null;
}

const SEATS: Seat[] = [
  { name: "chair", role: "chair", code: null },
  { name: "secretariat", role: "secretariat", code: null },
  ...DELEGATIONS.map((code) => ({ name: code, role: "delegation" as Role, code })),
];

/** The participants' weights: who acts next. */
const WHO: Record<string, number> = { chair: 1.3, secretariat: 1, USA: 1, RUS: 1, CHN: 1 };

/**
 * The room's record of recent moves (server/check/moves.ts), for the oracle to finish a
 * refused update as the room did: the fuzz runs one room at a time in this process, and
 * the room tells its record of every transaction it makes.
 */
let roomMoves: Moves | null = null;
const recordRemoved = Moves.prototype.recordRemoved;
Moves.prototype.recordRemoved = function (this: Moves, transaction: Y.Transaction) {
  roomMoves = this;
  return recordRemoved.call(this, transaction);
};

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const rnd = new Random(options.seed);
  const mode = options.mode ?? "plugin";
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const log = options.log ?? (() => undefined);
  const disconnectEvery = options.disconnectEvery ?? 120;
  const temp = fuzzDataDir();
  roomMoves = null;
  let server: RunningServer | null = await startServer({ port: 0, dataDir: temp.dir });
  const result: FuzzResult = {
    seed: options.seed,
    mode,
    ops: 0,
    changed: 0,
    locked: 0,
    opKinds: {},
    messages: 0,
    accepted: 0,
    refusals: [],
    lostOps: 0,
    disconnects: 0,
    serverCloses: [],
    bindingWrites: [],
    cleanupWrites: 0,
    divergences: [],
    invalid: [],
    blocks: 0,
    durationMs: 0,
  };
  const peers: FuzzPeer[] = [];
  let fresh: FuzzPeer | null = null;
  try {
    const session = await createTestSession(server, temp.dir, DELEGATIONS.map((code) => ({ code, name: code })));
    const actorOf = (peer: FuzzPeer): Actor => ({ role: peer.role, code: peer.code, delegations: DELEGATIONS });
    let step = 0;
    const now = () => new Date(BASE_TIME + step * 1000).toISOString();
    // Sequence numbers of accepted updates; messages arriving during a send carry the next one.
    let seq = 0;
    let sending = false;
    const accepted = new AcceptedLog();
    const reconnectAt = new Map<FuzzPeer, number>();
    for (const seat of SEATS) {
      peers.push(
        new FuzzPeer({
          ...seat,
          token: session.tokens[seat.code ?? seat.name]!,
          url: `${session.wsBase}/${session.id}?token=${session.tokens[seat.code ?? seat.name]}`,
          mode,
          tag: () => (sending ? seq + 1 : seq),
        }),
      );
    }
    const secretariat = peers.find((p) => p.role === "secretariat")!;
    secretariat.typingFor = rnd.pick(DELEGATIONS);

    /** Other participants' inboxes have everything the server sent them so far. */
    const settleOthers = async (except: FuzzPeer | null) => {
      await Promise.all(peers.filter((p) => p !== except && p.connected).map((p) => p.ping()));
    };

    /** Notices a connection the server closed. */
    const noticeClosed = (peer: FuzzPeer) => {
      if (peer.closedBy && peer.socket) {
        result.serverCloses.push(`${peer.name}: ${peer.closedBy.code} ${peer.closedBy.reason}`);
        log(`seed ${options.seed} step ${step}: the server closed ${peer.name} (${peer.closedBy.code} ${peer.closedBy.reason})`);
        peer.socket = null;
        peer.inbox = [];
        reconnectAt.set(peer, step + rnd.between(2, 20));
      }
    };

    /**
     * Sends one message carrying a document update and waits until the server has
     * handled it. Accepted: it joins the log of accepted updates. Refused: counted,
     * classified, and the sender recovers with a fresh Y.Doc.
     */
    const transmit = async (peer: FuzzPeer, step2: boolean, update: Uint8Array, ops: OpRecord[], baseSeq: number): Promise<boolean> => {
      result.messages += 1;
      sending = true;
      try {
        peer.send(syncMessage(step2 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate, update));
        await peer.ping();
      } finally {
        sending = false;
      }
      const reasons = peer.refusals.splice(0);
      // Closed without a word about the update: counted as refused, with the close code.
      if (reasons.length === 0 && !peer.connected) reasons.push(`closed by the server without an answer (${peer.closedBy?.code ?? "?"} ${peer.closedBy?.reason ?? ""})`);
      const last = ops[ops.length - 1]!;
      if (process.env.FUZZ_TRACE) log(`trace step ${step} ${peer.name} ${step2 ? "step2" : "update"} op ${last.index} ${last.kind} ${update.length}B ${describeUpdate(update).slice(0, 80)} -> ${reasons.length ? "refused" : "ok"}`);
      if (reasons.length === 0 && peer.connected) {
        result.accepted += 1;
        // An update that changes nothing (the step 2 of a client with nothing new) is not logged.
        if (!isEmptyUpdate(update)) {
          // What the server sent back meanwhile (the moves it finished in this update,
          // check/carry.ts, and its formatting clean-ups) is part of what it accepted.
          const echoed = peer.inbox.filter((m) => m.tag === seq + 1).map((m) => m.payload);
          seq += 1;
          accepted.push({ seq, sender: peer.name, role: peer.role, bytes: echoed.length ? Y.mergeUpdates([update, ...echoed]) : update, own: update, op: last });
        }
        await settleOthers(peer);
        return true;
      }
      const reason = reasons.join(" | ");
      const classification = classifyRefusal(accepted, peer.name, actorOf(peer), update, step2, baseSeq, roomMoves);
      const record: RefusalRecord = {
        seed: options.seed,
        opIndex: last.index,
        participant: peer.name,
        role: peer.role,
        author: peer.role === "secretariat" ? peer.typingFor : peer.code ?? peer.name,
        op: step2 ? "offline-sync" : last.kind,
        detail: ops.map((o) => (step2 ? `#${o.index} ${o.kind} ${o.detail}` : o.detail)).join("; "),
        reason,
        ...classification,
        update: describeUpdate(update),
        racers: classification.racers.map((u) => `#${u.op.index} ${u.sender}${u.role === "chair" && isDecision(u) ? " (decision)" : ""} ${u.op.kind} ${u.op.detail}`),
      };
      result.refusals.push(record);
      if (options.untilRefusal !== undefined && result.refusals.length >= options.untilRefusal) throw new StopRun();
      log(
        `seed ${options.seed} op ${record.opIndex} ${peer.name}${peer.role === "secretariat" ? ` as ${record.author}` : ""} ${record.op} REFUSED [${record.cls}] "${reason}"` +
          `${record.oracleReason && record.oracleReason !== reason ? ` (oracle: "${record.oracleReason}")` : ""}: ${record.detail} -- update ${record.update}`,
      );
      // The README's recovery: drop the doc (and what it had not sent), sync a fresh one on
      // the same socket, rebind the editor. Closed meanwhile: the fresh doc syncs on reconnecting.
      result.lostOps += new Set(peer.outbox.map((o) => o.op.index)).size;
      peer.generations += 1;
      peer.freshDoc(rnd.clientId());
      peer.inbox = [];
      noticeClosed(peer);
      if (peer.connected) await syncFresh(peer);
      return false;
    };

    /** Syncs a fresh Y.Doc from the server (sync step 1 with its empty state vector) and binds the editor to it. */
    const syncFresh = async (peer: FuzzPeer) => {
      peer.sendStateVector();
      await peer.ping();
      peer.deliver();
      peer.appliedSeq = seq;
      peer.bind(now);
    };

    /** Sends the first message of a participant's outbox. */
    const sendOne = async (peer: FuzzPeer) => {
      const entry = peer.outbox.shift()!;
      if (entry.op.kind === "yjs-cleanup") result.cleanupWrites += 1;
      if (entry.op.kind.startsWith("binding")) {
        result.bindingWrites.push(`${peer.name} at step ${step}: ${entry.op.kind} ${entry.op.detail}`);
        log(`seed ${options.seed} step ${step}: ${peer.name}'s editor wrote by itself (${entry.op.kind}) ${entry.op.detail}`);
      }
      await transmit(peer, false, entry.update, [entry.op], entry.baseSeq);
    };

    /** Connects: answers the server's step 1 with what the doc has that the server lacks (edits made offline), then asks for what it lacks. */
    const connect = async (peer: FuzzPeer, first: boolean) => {
      await untilDisconnectedOnServer(session, peer);
      await peer.open();
      const pending = peer.outbox.splice(0);
      const update = Y.encodeStateAsUpdate(peer.doc, peer.serverStateVector!);
      const ops = pending.length > 0 ? pending.map((o) => o.op) : [{ index: -1, participant: peer.name, kind: first ? "connect" : "reconnect", detail: "nothing new" }];
      const baseSeq = pending.length > 0 ? Math.max(...pending.map((o) => o.baseSeq)) : peer.appliedSeq;
      const ok = await transmit(peer, true, update, ops, baseSeq);
      if (!ok || !peer.connected) return;
      // A doc discarded while offline: the fresh one syncs now, then the editor is back.
      if (!peer.editor) return syncFresh(peer);
      peer.sendStateVector();
      await peer.ping();
    };

    // Everyone joins and syncs before the first operation.
    for (const peer of peers) {
      peer.freshDoc(rnd.clientId());
      await connect(peer, true);
    }
    accepted.push({ seq: 0, sender: "server", role: "observer", bytes: Y.encodeStateAsUpdate(peers[0]!.doc), op: { index: -1, participant: "server", kind: "initial", detail: "" } });
    let focus = rnd.int(textBlocks(peers[0]!.editor!.view.state.doc).length);
    const disconnect = async (peer: FuzzPeer) => {
      result.disconnects += 1;
      const abrupt = rnd.chance(0.3);
      await peer.close(abrupt);
      reconnectAt.set(peer, step + rnd.between(3, 80));
    };

    const operate = (peer: FuzzPeer, index: number) => {
      const blockCount = textBlocks(peer.editor!.view.state.doc).length;
      focus = Math.max(0, Math.min(blockCount - 1, focus));
      const ctx = { peer, rnd, now: now(), focus, weights };
      const locked = peer.lockedEdits;
      // What the operation writes is tagged with this record, filled in once it is known.
      const record: OpRecord = { index, participant: peer.name, kind: "?", detail: "" };
      peer.currentOp = record;
      let outcome: OpOutcome;
      try {
        outcome = rnd.seeded(() => {
          if (peer.role === "chair") {
            const op = rnd.weighted<ChairOp>(weights.chair);
            return chairOp(ctx, op, DELEGATIONS);
          }
          const table: Record<ProposerOp, number> = { ...weights.proposer, typingFor: peer.role === "secretariat" ? 3 : 0 };
          const op = rnd.weighted<ProposerOp>(table);
          if (op === "typingFor") peer.typingFor = rnd.pick([...DELEGATIONS, "secretariat"]);
          return proposerOp(ctx, op);
        });
      } finally {
        peer.currentOp = null;
      }
      record.kind = outcome.kind;
      record.detail = outcome.detail;
      const stats = (result.opKinds[outcome.kind] ??= { tried: 0, changed: 0 });
      stats.tried += 1;
      if (outcome.changed) {
        stats.changed += 1;
        result.changed += 1;
      }
      result.locked += peer.lockedEdits - locked;
    };

    // The run.
    let opIndex = 0;
    while (opIndex < options.ops) {
      step += 1;
      if (rnd.chance(0.1)) focus += rnd.between(-2, 2);
      if (rnd.chance(0.01)) focus = rnd.int(10_000);
      for (const [peer, at] of [...reconnectAt]) {
        if (at > step) continue;
        reconnectAt.delete(peer);
        await connect(peer, false);
      }
      const event = rnd.weighted({ op: 1, flush: 0.6, deliver: 0.6, disconnect: 0.004 });
      if (event === "op") {
        const name = rnd.weighted(WHO);
        const peer = peers.find((p) => p.name === name)!;
        // A participant whose page is reloading (refused while offline) cannot edit.
        if (!peer.editor) continue;
        operate(peer, opIndex);
        opIndex += 1;
        result.ops = opIndex;
        if (opIndex % disconnectEvery === 0) {
          const online = peers.filter((p) => p.connected);
          if (online.length > 0) await disconnect(rnd.pick(online));
        }
        if (opIndex % 100 === 0) log(`seed ${options.seed}: ${opIndex} operations, ${result.accepted} accepted, ${result.refusals.length} refused`);
      } else if (event === "flush") {
        const ready = peers.filter((p) => p.connected && p.outbox.length > 0);
        if (ready.length === 0) continue;
        const peer = rnd.pick(ready);
        const count = rnd.chance(0.5) ? peer.outbox.length : rnd.between(1, peer.outbox.length);
        for (let i = 0; i < count && peer.outbox.length > 0 && peer.connected; i++) await sendOne(peer);
      } else if (event === "deliver") {
        const ready = peers.filter((p) => p.inbox.length > 0);
        if (ready.length === 0) continue;
        const peer = rnd.pick(ready);
        peer.deliver(rnd.chance(0.5) ? peer.inbox.length : rnd.between(1, peer.inbox.length));
      } else {
        const online = peers.filter((p) => p.connected);
        if (online.length > 0) await disconnect(rnd.pick(online));
      }
      for (const peer of peers) noticeClosed(peer);
    }

    // Quiescence: everyone back online, every outbox sent, every inbox delivered.
    for (const [peer] of [...reconnectAt]) {
      reconnectAt.delete(peer);
      await connect(peer, false);
    }
    for (let round = 0; ; round++) {
      if (round > 50) throw new Error(`seed ${options.seed}: the network does not settle`);
      let busy = false;
      for (const peer of peers) {
        noticeClosed(peer);
        if (!peer.connected) {
          reconnectAt.delete(peer);
          await connect(peer, false);
        }
        while (peer.outbox.length > 0 && peer.connected) {
          busy = true;
          await sendOne(peer);
        }
      }
      for (const peer of peers) {
        if (peer.inbox.length > 0) busy = true;
        peer.deliver();
      }
      if (busy) continue;
      // Ask the server for anything missed; done when that brings nothing new.
      for (const peer of peers) {
        const before = Y.snapshot(peer.doc);
        peer.sendStateVector();
        await peer.ping();
        peer.deliver();
        if (!Y.equalSnapshots(before, Y.snapshot(peer.doc)) || peer.outbox.length > 0) busy = true;
      }
      if (!busy) break;
    }

    // Every copy: the editors, their Y.Docs, the server's export, a fresh client from the store.
    const copies: { name: string; doc: PMNode | null; json: unknown; decisions?: unknown; meta?: unknown }[] = [];
    for (const peer of peers) {
      copies.push({ name: `${peer.name} (editor)`, doc: peer.editor!.view.state.doc, json: peer.editor!.view.state.doc.toJSON() });
      const fromY = yXmlFragmentToProseMirrorRootNode(peer.doc.getXmlFragment("body"), schema);
      copies.push({ name: `${peer.name} (Y.Doc)`, doc: fromY, json: fromY.toJSON(), decisions: peer.doc.getArray("decisions").toJSON(), meta: peer.doc.getMap("meta").toJSON() });
    }
    const response = await fetch(`${session.server.url}/api/sessions/${session.id}/export?format=json&variant=marked`, { headers: { Authorization: `Bearer ${session.tokens.chair}` } });
    if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    copies.push({ name: "server export", doc: null, json: await response.json() });
    for (const peer of peers) await peer.close(false);
    await server.close();
    roomMoves = null;
    server = await startServer({ port: 0, dataDir: temp.dir });
    const wsBase = `${server.url.replace(/^http/, "ws")}/ws`;
    fresh = new FuzzPeer({ name: "fresh", role: "observer", code: null, token: session.tokens.observer!, url: `${wsBase}/${session.id}?token=${session.tokens.observer}`, mode, tag: () => seq });
    fresh.freshDoc(rnd.clientId());
    await fresh.open();
    fresh.sendStateVector();
    await fresh.ping();
    fresh.deliver();
    const fromStore = yXmlFragmentToProseMirrorRootNode(fresh.doc.getXmlFragment("body"), schema);
    copies.push({ name: "fresh client (store)", doc: fromStore, json: fromStore.toJSON(), decisions: fresh.doc.getArray("decisions").toJSON(), meta: fresh.doc.getMap("meta").toJSON() });

    for (const copy of copies) {
      try {
        schema.nodeFromJSON(copy.json).check();
      } catch (error) {
        result.invalid.push(`${copy.name}: ${(error as Error).message}`);
      }
    }
    const reference = copies[copies.length - 1]!;
    result.blocks = textBlocks(schema.nodeFromJSON(reference.json)).length;
    for (const copy of copies.slice(0, -1)) {
      const difference = firstDifference((reference.json as { content?: unknown[] }).content ?? [], (copy.json as { content?: unknown[] }).content ?? []);
      if (difference) {
        const marksOnly = JSON.stringify(canonical(reference.json)) === JSON.stringify(canonical(copy.json));
        result.divergences.push(`${copy.name} differs from the fresh client${marksOnly ? " (only in the order of marks on some text)" : ""}: ${difference}`);
      }
      if (copy.decisions !== undefined && JSON.stringify(copy.decisions) !== JSON.stringify(reference.decisions)) result.divergences.push(`${copy.name}: the decision log differs`);
      if (copy.meta !== undefined && JSON.stringify(copy.meta) !== JSON.stringify(reference.meta)) result.divergences.push(`${copy.name}: meta differs`);
    }
    result.ops = opIndex;
    return result;
  } catch (error) {
    if (!(error instanceof StopRun)) {
      // Whatever went wrong, say which seed (and how far) to replay it.
      if (error instanceof Error) error.message = `seed ${options.seed}, after ${result.ops} operations: ${error.message}`;
      throw error;
    }
    result.stopped = true;
    return result;
  } finally {
    for (const peer of peers) peer.destroy();
    fresh?.destroy();
    await server?.close();
    temp.remove();
    result.durationMs = Math.round(performance.now() - started);
  }
}

/**
 * A temporary data directory, in memory where the machine has /dev/shm: the store syncs
 * every accepted update to disk (synchronous=FULL), which would otherwise be most of a
 * run's time. PLENARY_FUZZ_DIR picks another parent.
 */
function fuzzDataDir(): { dir: string; remove(): void } {
  const parent = process.env.PLENARY_FUZZ_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
  const dir = mkdtempSync(join(parent, "plenary-fuzz-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Waits until the server no longer counts `peer`'s seat as connected (its client id is free again). */
async function untilDisconnectedOnServer(session: { server: { url: string }; id: string; tokens: Record<string, string> }, peer: FuzzPeer): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const response = await fetch(`${session.server.url}/api/sessions/${session.id}/participants`, { headers: { Authorization: `Bearer ${session.tokens.chair}` } });
    const { participants } = (await response.json()) as { participants: { role: string; code: string | null; connected: boolean }[] };
    const seat = participants.find((p) => p.role === peer.role && (p.code ?? null) === (peer.code ?? null));
    if (!seat?.connected) return;
    if (Date.now() > deadline) throw new Error(`${peer.name} still counts as connected on the server`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** A document's JSON with each node's marks in one order (by type, then attrs). */
function canonical(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(canonical);
  if (!json || typeof json !== "object") return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) out[key] = key === "marks" && Array.isArray(value) ? value.map((m) => JSON.stringify(m)).sort() : canonical(value);
  return out;
}

/** Where two lists of top-level nodes (JSON) first differ, in words; null when equal. */
function firstDifference(a: unknown[], b: unknown[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = JSON.stringify(a[i] ?? null);
    const y = JSON.stringify(b[i] ?? null);
    if (x === y) continue;
    let at = 0;
    while (at < x.length && x[at] === y[at]) at++;
    return `top-level node ${i} of ${a.length}/${b.length}, at char ${at}: …${x.slice(Math.max(0, at - 60), at + 100)}… vs …${y.slice(Math.max(0, at - 60), at + 100)}…`;
  }
  return null;
}

/** Whether a refusal counts against the run (anything but a race with the chair). */
export const nonRace = (r: RefusalRecord) => !isRace(r.cls);

export { CHAIR_OPS, PROPOSER_OPS };
