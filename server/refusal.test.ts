import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { splitBlock } from "prosemirror-commands";
import { TextSelection } from "prosemirror-state";
import type { EditorState, Transaction } from "prosemirror-state";
import * as Y from "yjs";
import { CloseCode, MAX_MESSAGE_BYTES, MessageType } from "../shared/protocol.ts";
import { schema } from "../shared/schema.ts";
import { addBracket } from "../shared/track/bracket.ts";
import { acceptChange, decideChanges, rejectChange } from "../shared/track/decide.ts";
import { setClauseStatus } from "../shared/track/status.ts";
import { trackTransaction } from "../shared/track/suggest.ts";
import { MAX_PRESENCE_PER_SECOND } from "./presence-limit.ts";
import { auditSession } from "./audit.ts";
import { formatEntry } from "./cli/audit.ts";
import { Store } from "./store.ts";
import { TestPeer, presenceMessage, rangeOf } from "./test-peer.ts";
import { bodyText, startTestSession, syncMessage, until } from "./test-support.ts";

/**
 * The server checks every update against its sender's role (issue 5). A raw client
 * (yjs + y-protocols + y-prosemirror's updateYFragment, not the app's UI) sends honest
 * and forged edits. Each forged one is refused: nothing stored, nobody else sees it,
 * the server stays up, and the offender carries on after resyncing on a fresh Y.Doc.
 */

const author = (by: string) => ({ by, at: new Date().toISOString() });

/** The honest editor: a transaction rewritten into tracked changes by `by`. */
function tracked(state: EditorState, tr: Transaction, by: string): Transaction {
  return trackTransaction(state, tr, author(by));
}

function clausePos(state: EditorState, needle: string): number {
  const $pos = state.doc.resolve(rangeOf(state.doc, needle).from);
  return $pos.before($pos.depth);
}

function idOf(state: EditorState, needle: string, mark: "insertion" | "deletion" | "bracket"): string {
  const { from } = rangeOf(state.doc, needle);
  const found = state.doc.nodeAt(from)!.marks.find((m) => m.type.name === mark);
  assert.ok(found, `"${needle}" carries a ${mark} mark`);
  return found.attrs.id as string;
}

describe("the server checks every update against its sender's role", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  let witness: TestPeer;
  const peers: TestPeer[] = [];
  before(async () => {
    session = await startTestSession();
    witness = await connect("observer");
  });
  after(async () => {
    for (const peer of peers) await peer.close();
    await session.cleanup();
  });

  async function connect(seat: string, doc?: Y.Doc): Promise<TestPeer> {
    const peer = await TestPeer.connect(session.wsBase, session.id, session.tokens[seat]!, doc);
    peers.push(peer);
    return peer;
  }
  function stored(): { seq: number; refused: number } {
    const store = Store.open(session.dataDir);
    try {
      return { seq: store.lastSeq(session.id), refused: store.refusedUpdates(session.id).length };
    } finally {
      store.close();
    }
  }
  const witnessSees = (what: string, test: (text: string) => boolean) =>
    until<void>(`the witness to see ${what}`, (done) => {
      const check = () => test(bodyText(witness.doc)) && done();
      witness.doc.on("update", check);
      check();
      return () => witness.doc.off("update", check);
    });

  /** An honest proposal by `seat` (as `by`): `text` inserted right after `needle`. */
  async function propose(seat: string, needle: string, text: string, by = seat): Promise<TestPeer> {
    const peer = await connect(seat);
    const state = peer.state();
    const at = rangeOf(state.doc, needle).to;
    peer.apply(tracked(state, state.tr.insertText(text, at), by));
    await peer.roundTrip();
    assert.deepEqual(peer.refusals, [], "nothing was refused");
    await witnessSees(`"${text}"`, (t) => t.includes(text));
    return peer;
  }

  /**
   * Sends a forged edit from `seat` and checks the refusal: the reason, nothing stored
   * (one refusal recorded), the witness unchanged, the offender still connected; then
   * the offender resyncs on a fresh Y.Doc and an honest proposal of its own goes through.
   */
  async function refused(seat: string, forge: (peer: TestPeer) => void | Promise<void>, reason: RegExp, offender?: TestPeer): Promise<void> {
    const peer = offender ?? (await connect(seat));
    const before = stored();
    await witness.roundTrip();
    const seen = { text: bodyText(witness.doc), state: Y.encodeStateVector(witness.doc).join(), relayed: witness.relayed };
    await forge(peer);
    assert.match(await peer.nextRefusal(), reason);
    const now = stored();
    assert.equal(now.seq, before.seq, "nothing was stored");
    assert.equal(now.refused, before.refused + 1, "the refusal was recorded");
    await witness.roundTrip();
    assert.equal(witness.relayed, seen.relayed, "nothing was relayed to the witness");
    assert.equal(bodyText(witness.doc), seen.text, "the witness's document is unchanged");
    assert.equal(Y.encodeStateVector(witness.doc).join(), seen.state);
    assert.equal(peer.open, true, "the offender stays connected");
    await peer.close();
    const marker = `[${seat} carries on ${Math.random().toString(36).slice(2, 7)}]`;
    const by = seat === "secretariat" ? "secretariat" : seat;
    await propose(seat, "Plan of Action", marker, by);
  }

  describe("refused", () => {
    test("an observer's write is dropped: not stored, not relayed, the observer stays", async () => {
      const observer = await connect("observer");
      const before = stored();
      const state = observer.state();
      observer.apply(state.tr.insertText("[observer]", rangeOf(state.doc, "Minneapolis").from));
      await observer.roundTrip();
      assert.equal(stored().seq, before.seq);
      assert.equal(stored().refused, before.refused + 1, "the attempt is on the record");
      assert.equal(observer.open, true);
      await witness.roundTrip();
      assert.doesNotMatch(bodyText(witness.doc), /\[observer\]/);
    });

    test("a delegation deletes original text outright", async () => {
      await refused("USA", (peer) => {
        const state = peer.state();
        const { from, to } = rangeOf(state.doc, "Minneapolis");
        peer.apply(state.tr.delete(from, to));
      }, /deleting original text outright/);
    });

    test("a delegation deletes another delegation's insertion", async () => {
      await propose("RUS", "Rio+20", " [RUS wording]");
      await refused("USA", (peer) => {
        const state = peer.state();
        const { from, to } = rangeOf(state.doc, "[RUS wording]");
        peer.apply(state.tr.delete(from, to));
      }, /deleting text proposed by RUS/);
    });

    test("a delegation inserts text without an insertion mark", async () => {
      await refused("USA", (peer) => {
        const state = peer.state();
        peer.apply(state.tr.insertText(" unmarked", rangeOf(state.doc, "Minneapolis").to));
      }, /inserting text without your insertion mark/);
    });

    test("a delegation inserts text as another delegation", async () => {
      await refused("USA", (peer) => {
        const state = peer.state();
        peer.apply(tracked(state, state.tr.insertText(" as Russia", rangeOf(state.doc, "Minneapolis").to), "RUS"));
      }, /writing as RUS/);
    });

    test("a delegation strips another's deletion mark", async () => {
      await refused("USA", (peer) => {
        const state = peer.state();
        const { from, to } = rangeOf(state.doc, "GUADALAJARA, 2010");
        peer.apply(state.tr.removeMark(from, to, schema.marks.deletion));
      }, /removing the imported draft's deletion/);
    });

    test("a delegation rewrites another's insertion as its own", async () => {
      await propose("RUS", "WSIS Forum 2013", " [RUS second]");
      await refused("USA", (peer) => {
        const state = peer.state();
        const { from, to } = rangeOf(state.doc, "[RUS second]");
        const mine = schema.marks.insertion.create({ id: "forged", by: "USA", at: null });
        peer.apply(state.tr.removeMark(from, to, schema.marks.insertion).addMark(from, to, mine));
      }, /RUS's insertion/);
    });

    test("a delegation accepts a change", async () => {
      await propose("RUS", "Tunis Agenda;", " [RUS third]");
      await refused("USA", (peer) => {
        const state = peer.state();
        peer.apply(acceptChange(state, idOf(state, "[RUS third]", "insertion"))!);
      }, /accepting RUS's insertion is for the chair/);
    });

    test("a delegation changes a clause's status", async () => {
      await refused("USA", (peer) => {
        const state = peer.state();
        peer.apply(setClauseStatus(state, clausePos(state, "Marrakesh, 2002) of the Plenipotentiary Conference, on WSIS"), "agreed"));
      }, /status is for the chair/);
    });

    test("a delegation edits inside an agreed clause", async () => {
      const chair = await connect("chair");
      const state = chair.state();
      chair.apply(setClauseStatus(state, clausePos(state, "Ministerial Round Table"), "agreed"));
      await witnessSees("the agreed clause", () => witness.pm().nodeAt(clausePos(witness.state(), "Ministerial Round Table"))!.attrs.status === "agreed");
      await refused("USA", (peer) => {
        const s = peer.state();
        peer.apply(tracked(s, s.tr.insertText(" [in agreed]", rangeOf(s.doc, "Ministerial Round Table").to), "USA"));
      }, /changing an agreed clause/);
      await refused("RUS", (peer) => {
        const s = peer.state();
        const { from, to } = rangeOf(s.doc, "Ministerial");
        peer.apply(tracked(s, s.tr.delete(from, to), "RUS"));
      }, /changing an agreed clause/);
    });

    test("a connection writes under a Yjs client id bound to another connection", async () => {
      const rus = await propose("RUS", "Resolution 172", " [RUS fourth]");
      const usa = await connect("USA");
      usa.doc.clientID = rus.doc.clientID;
      await refused("USA", (peer) => {
        const state = peer.state();
        peer.apply(tracked(state, state.tr.insertText(" [USA under RUS id]", rangeOf(state.doc, "Minneapolis").to), "USA"));
      }, /client id \d+, which belongs to another participant/, usa);
    });

    test("later updates that build on a refused one are refused too", async () => {
      const usa = await connect("USA");
      let state = usa.state();
      usa.apply(state.tr.insertText(" unmarked", rangeOf(state.doc, "Minneapolis").to));
      state = usa.state();
      usa.apply(tracked(state, state.tr.insertText(" [after refused]", rangeOf(state.doc, " unmarked").to), "USA"));
      assert.match(await usa.nextRefusal(), /without your insertion mark/);
      assert.match(await usa.nextRefusal(), /builds on changes the server does not have/);
      await witness.roundTrip();
      assert.doesNotMatch(bodyText(witness.doc), /after refused/);
      assert.equal(usa.open, true);
    });

    for (const [what, frame, code] of [
      ["a malformed frame", () => Uint8Array.of(MessageType.Sync, 2, 200), CloseCode.Malformed],
      ["an oversized frame", () => new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(MessageType.Sync, 0, 1), CloseCode.MessageTooLarge],
    ] as const) {
      test(`${what} closes only that connection; the offender reconnects and carries on`, async () => {
        const before = stored();
        const peer = await connect("USA");
        const closed = until<number>("the offender to be closed", (done) => {
          peer.socket.once("close", (code) => done(code));
        });
        peer.send(frame());
        assert.equal(await closed, code);
        assert.equal(stored().seq, before.seq);
        await witness.roundTrip();
        await propose("USA", "Plan of Action", ` [USA after ${what}]`);
      });
    }

    test("forged presence: identity stamped, oversized states and floods dropped", async () => {
      const usa = await connect("USA");
      usa.send(presenceMessage(usa.doc.clientID, 1, { user: { name: "Chair", role: "chair" }, cursor: 1 }));
      const seen = () => witness.awareness.getStates().get(usa.doc.clientID) as { user: { name: string; role: string }; cursor: unknown } | undefined;
      await until<void>("the USA cursor", (done) => {
        const check = () => seen()?.cursor === 1 && done();
        witness.awareness.on("change", check);
        check();
        return () => witness.awareness.off("change", check);
      });
      assert.equal(seen()!.user.name, "United States");
      assert.equal(seen()!.user.role, "delegation");
      usa.send(presenceMessage(usa.doc.clientID, 2, { cursor: "x".repeat(9000) }));
      for (let clock = 3; clock < 3 + 3 * MAX_PRESENCE_PER_SECOND; clock++) usa.send(presenceMessage(usa.doc.clientID, clock, { cursor: clock }));
      await usa.roundTrip();
      await witness.roundTrip();
      const cursor = seen()!.cursor;
      assert.equal(typeof cursor, "number", "the oversized state was not relayed");
      assert.ok((cursor as number) < 3 + 3 * MAX_PRESENCE_PER_SECOND - 1, `the flood was cut (last cursor ${cursor})`);
      assert.equal(usa.open, true);
    });
  });

  describe("allowed", () => {
    test("a delegation proposes text, also where y-prosemirror's diff moves items", async () => {
      await propose("USA", "Marrakesh, 2002) of the Plenipotentiary Conference, on ", "[USA text] ");
      const usa = await connect("USA");
      const state = usa.state();
      usa.apply(tracked(state, state.tr.insertText("Mi", rangeOf(state.doc, "Minneapolis").from), "USA"));
      await witnessSees("MiMinneapolis", (t) => /Mi<\/insertion(--[^>]*)?>Minneapolis/.test(t));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, []);
    });

    test("a delegation strikes original text, and removes its own insertion", async () => {
      const usa = await propose("USA", "Sustainable Development", " [USA to remove]");
      let state = usa.state();
      const own = rangeOf(state.doc, "[USA to remove]");
      usa.apply(tracked(state, state.tr.delete(own.from, own.to), "USA"));
      state = usa.state();
      const original = rangeOf(state.doc, "Sustainable");
      usa.apply(tracked(state, state.tr.delete(original.from, original.to), "USA"));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, []);
      await witnessSees("the strike and the removal", (t) => !t.includes("[USA to remove]") && /by="USA"[^>]*>Sustainable/.test(t));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, []);
    });

    test("a delegation splits a clause (Enter), types a new clause, and brackets its own text", async () => {
      const usa = await connect("USA");
      let state = usa.state();
      const at = rangeOf(state.doc, "overall review of implementation").to;
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at - 5)));
      let split: Transaction | null = null;
      splitBlock(state, (tr) => (split = tr));
      usa.apply(tracked(state, split!, "USA"));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, [], "the split went through");
      state = usa.state();
      usa.apply(tracked(state, state.tr.insertText("[USA new clause] ", rangeOf(state.doc, "ntation of the WSIS outcomes").from), "USA"));
      state = usa.state();
      const { from, to } = rangeOf(state.doc, "[USA new clause]");
      const bracketed = addBracket(state, from, to, author("USA"), "pending COM5");
      assert.ok(!("refused" in bracketed));
      usa.apply(bracketed as Transaction);
      await witnessSees("the new clause, bracketed", (t) => /bracket--[^>]*>\[USA new clause\]/.test(t) || /bracket--.*\[USA new clause\]/.test(t));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, []);
    });

    test("the secretariat types for a delegation and as itself", async () => {
      await propose("secretariat", "Agenda for the Information Society", " [typed for RUS]", "RUS");
      await propose("secretariat", "Agenda for the Information Society", " [typed as secretariat]", "secretariat");
    });

    test("the chair decides: accept, reject, set a status, accept all of one delegation", async () => {
      await propose("RUS", "Geneva Plan of Action", " [RUS to accept]");
      await propose("RUS", "Geneva Plan of Action", " [RUS to reject]");
      const chair = await connect("chair");
      let state = chair.state();
      chair.apply(acceptChange(state, idOf(state, "[RUS to accept]", "insertion"))!);
      state = chair.state();
      chair.apply(rejectChange(state, idOf(state, "[RUS to reject]", "insertion"))!);
      state = chair.state();
      chair.apply(setClauseStatus(state, clausePos(state, "Rio+20"), "adref"));
      state = chair.state();
      chair.apply(decideChanges(state, "accept", { by: "USA" })!);
      await witnessSees("the decisions", (t) => !t.includes("[RUS to reject]") && /Plan of Action \[RUS to accept\]/.test(t.replace(/<\/?[^>]+>/g, "")));
      await chair.roundTrip();
      assert.deepEqual(chair.refusals, []);
    });
  });

  test("the audit lists who changed what and when: accepted and refused updates, decisions", () => {
    const store = Store.open(session.dataDir);
    let text: string;
    try {
      const entries = auditSession(store, session.id);
      text = entries.map(formatEntry).join("\n");
      assert.ok(entries.some((e) => e.outcome === "refused" && e.participant?.code === "USA" && e.reason === "deleting original text outright (strike it instead)"));
      assert.ok(entries.some((e) => e.outcome === "accepted" && e.participant?.code === "RUS" && e.changes.some((c) => c.includes("[RUS wording]") && c.includes("(RUS)"))));
      assert.ok(entries.some((e) => e.participant?.role === "chair" && e.changes.some((c) => /status from pending to agreed/.test(c))));
    } finally {
      store.close();
    }
    assert.match(text, /refused #\d+  USA \(United States\): deleting original text outright/);
    assert.match(text, /inserted “ \[RUS wording\]” \(RUS\)/);
    assert.match(text, /struck by USA on “Sustainable”/);
  });
});
