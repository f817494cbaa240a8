import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import type WebSocket from "ws";
import type { Node as PMNode } from "prosemirror-model";
import { trackTransaction } from "../../shared/track/suggest.ts";
import { auditSession } from "../audit.ts";
import { Store } from "../store.ts";
import type { TestPeer } from "../test-peer.ts";
import { rangeOf } from "../test-peer.ts";
import { connectClient, syncMessage, until } from "../test-support.ts";
import {
  CLAUSES,
  DELEGATIONS,
  NOW,
  Scene,
  VICTIM,
  WITNESS,
  blockOf,
  bracketAttrs,
  change,
  clauseSummary,
  editOnCopy,
  expectRefused,
  firstOfType,
  formatText,
  groupOf,
  indexIn,
  insertAfter,
  locate,
  pmOf,
  proposedClause,
  useLab,
  twin,
  yMark,
  yMarkKey,
  write,
} from "./harness.ts";

/**
 * Issue 9, hole by hole: each change reproduced there against `plenary serve`, written
 * by a raw Yjs client, must now be refused with a reason, stored nowhere, relayed to
 * nobody, and leave the document whole for everyone (export and fresh client included).
 * Plus what must not be refused: an observer's connect, an empty sync step 2, and an
 * honest proposal by a delegation whose code starts with a digit.
 */

const own = (by: string) => yMark("insertion", change(by));
/** An honest proposal the way the editor makes it: `text` typed right after `needle`, tracked as `by`'s. */
async function propose(peer: TestPeer, needle: string, text: string, by: string): Promise<void> {
  const state = peer.state();
  const at = rangeOf(state.doc, needle).to;
  peer.apply(trackTransaction(state, state.tr.insertText(text, at), { by, at: new Date().toISOString() }));
  await peer.roundTrip();
  assert.deepEqual(peer.refusals, [], `the honest proposal of ${by} was refused`);
}

/** The formatting key and value of the insertion mark over `text`. */
function insertionOver(doc: Y.Doc, text: string): { key: string; attrs: { id: string; by: string; at: string | null } } {
  const { text: ytext } = locate(doc, text);
  for (const delta of ytext.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]) {
    if (typeof delta.insert !== "string" || !delta.insert.includes(text)) continue;
    for (const [key, value] of Object.entries(delta.attributes ?? {})) {
      if (key.startsWith("insertion")) return { key, attrs: value as { id: string; by: string; at: string | null } };
    }
  }
  throw new RangeError(`no insertion over "${text}"`);
}

/** Sends sync step 1 on a raw socket and waits for the server's step 2: everything sent before was handled. */
function roundTripOn(socket: WebSocket, stateVector: Uint8Array): Promise<void> {
  return until<void>("the server's sync step 2", (done) => {
    const listener = (data: Buffer | ArrayBuffer) => {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
      if (bytes[0] === 0 && bytes[1] === syncProtocol.messageYjsSyncStep2) done();
    };
    socket.on("message", listener);
    socket.send(syncMessage(syncProtocol.messageYjsSyncStep1, stateVector));
    return () => socket.off("message", listener);
  });
}

const lab = useLab();

describe("hole 1: one ill-formed mark must not erase a clause", () => {
  const cases: [string, () => Record<string, unknown>, RegExp[]][] = [
    ["without an id", () => ({ by: "USA", at: NOW }), [/insertion/, /\bid\b/]],
    ["whose at is a number", () => ({ ...change("USA"), at: 1764324900000 }), [/\bat\b/]],
    ['whose at is "yesterday"', () => ({ ...change("USA"), at: "yesterday" }), [/\bat\b/]],
  ];
  for (const [what, attrs, reasons] of cases) {
    test(`a delegation's one-character insertion ${what} is refused, and export, revision and compare leave clause d) for everyone`, async (t) => {
      const scene = await Scene.open(lab);
      try {
        await expectRefused(t, lab, "USA", write((doc) => insertAfter(doc, "all the", "x", yMark("insertion", attrs()))), reasons, { scene });
        const beforeIssue = scene.seq();
        const headers = { Authorization: `Bearer ${scene.token("chair")}` };
        const base = `${scene.session.server.url}/api/sessions/${scene.id}`;
        const issued = await fetch(`${base}/revisions`, { method: "POST", headers });
        const { revision } = (await issued.json()) as { revision: { number: number } };
        assert.equal(issued.status, 201, "the chair issues a revision");
        // Issuing writes one thing: the live draft's symbol and date lines now name the revision.
        assert.deepEqual(scene.storedAfter(beforeIssue).map((u) => u.replace(/\(\d+ bytes\)/, "")), [`#${beforeIssue + 1} by the server `]);
        const before = scene.seq();
        const revised = await fetch(`${base}/export?format=dl&variant=attributed&rev=${revision.number}`, { headers });
        assert.ok((await revised.text()).includes(VICTIM), "the issued revision has clause d)");
        const compared = await fetch(`${base}/compare?from=${revision.number}&to=live&format=dl`, { headers });
        assert.equal(compared.status, 200);
        assert.ok((await compared.text()).includes(VICTIM), "the comparison shows clause d)");
        assert.deepEqual(scene.storedAfter(before), [], "reading the revision and comparing write nothing to the live document");
        assert.deepEqual(clauseSummary(await scene.freshBody()), { clauses: CLAUSES, victim: true });
      } finally {
        await scene.close();
      }
    });
  }

  test("a delegation's bracket whose note is a number is refused and erases nothing", async (t) => {
    await expectRefused(t, lab, "USA", write((doc) => formatText(doc, "responsibilities", yMark("bracket", bracketAttrs("USA", 42)))), [/note/]);
  });
});

describe("hole 2: a change the check does not see must not put other delegates into a reload loop", () => {
  for (const [what, edit] of [
    ["text inside a line break", (lineBreak: Y.XmlElement) => lineBreak.insert(0, [new Y.XmlText("hidden")])],
    ["an attribute on a line break", (lineBreak: Y.XmlElement) => lineBreak.setAttribute("by", "USA" as never)],
  ] as const) {
    test(`a delegation putting ${what} is refused; another delegation's editor then has nothing to repair`, async (t) => {
      const scene = await Scene.open(lab);
      try {
        await expectRefused(t, lab, "USA", write((doc) => edit(firstOfType(doc, "line_break"))), [/line.?break/], { scene });
        const before = { seq: scene.seq(), refused: scene.refusedCount() };
        const rus = await scene.connect("RUS");
        rus.pm(); // what y-prosemirror does on the live doc: builds it, "repairing" (deleting) what it cannot build
        await rus.roundTrip();
        assert.deepEqual(rus.refusals, [], "the other delegation's editor sent nothing to be refused");
        assert.deepEqual(scene.storedAfter(before.seq), []);
        assert.equal(scene.refusedCount(), before.refused);
      } finally {
        await scene.close();
      }
    });
  }
});

/** Clause d) of "considering" deleted and replaced by a twin: new Yjs items saying the same (an identity swap). */
function swapForTwin(doc: Y.Doc): void {
  const group = groupOf(doc, "considering");
  const old = blockOf(doc, VICTIM);
  const at = indexIn(group, old);
  const copy = twin(old); // before the delete: a deleted element reads empty
  group.delete(at, 1);
  group.insert(at, [copy]);
}

/** The status of clause d) of "considering" in a document. */
function statusOfVictim(doc: PMNode): unknown {
  let found: unknown = null;
  doc.descendants((node) => {
    if (node.type.name === "clause" && node.textContent.includes("all the responsibilities entrusted")) found = node.attrs.status;
    return !node.isTextblock;
  });
  return found;
}

describe("hole 3: identity swaps lose nothing, hidden value changes are seen", () => {
  // Policy (README "What the server accepts"): a block's Yjs element is not its identity
  // for the rules (y-prosemirror itself replaces elements on splits and joins), so a
  // copy that says exactly what the clause said changes nothing anyone reads. What such
  // a swap could do harm, a concurrent proposal landing in the old element where nobody
  // would see it, is carried over to the copy by the server (server/check/carry.ts).
  test("a clause swapped for an identical copy changes nothing; a concurrent proposal into the old clause lands in the copy", async () => {
    const scene = await Scene.open(lab);
    try {
      const rus = await scene.connect("RUS");
      const usa = await scene.connect("USA");
      // RUS proposes into clause d) on its copy of the document before the swap reaches anyone.
      const concurrent = editOnCopy(rus.doc, (doc) => insertAfter(doc, "all the responsibilities", " [RUS concurrent]", own("RUS")));
      usa.doc.transact(() => swapForTwin(usa.doc));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, [], "the swap reads as no change");
      assert.equal(clauseSummary(await scene.freshBody()).clauses, CLAUSES);
      assert.equal(JSON.stringify((await scene.freshBody()).toJSON()), JSON.stringify(scene.baseline.body), "a fresh client reads the same draft");
      const seq = scene.seq();
      rus.send(syncMessage(syncProtocol.messageYjsUpdate, concurrent));
      await rus.roundTrip();
      assert.deepEqual(rus.refusals, [], "RUS's proposal is taken");
      assert.ok(scene.storedAfter(seq).length > 0, "and stored");
      const fresh = await scene.freshBody();
      assert.match(fresh.textContent, /all the responsibilities \[RUS concurrent\] entrusted to ITU/, "RUS's words are in clause d), as it wrote them");
      assert.equal(clauseSummary(fresh).clauses, CLAUSES);
      let by: unknown = null;
      fresh.descendants((node) => {
        if (node.isText && node.text!.includes("[RUS concurrent]")) by = node.marks.find((m) => m.type.name === "insertion")?.attrs.by;
      });
      assert.equal(by, "RUS", "attributed to RUS");
    } finally {
      await scene.close();
    }
  });

  test("a clause swapped for an identical copy while the chair, not having seen it, marks the clause ad ref: the status lands on the copy", async () => {
    const scene = await Scene.open(lab);
    try {
      const chair = await scene.connect("chair");
      const usa = await scene.connect("USA");
      const status = editOnCopy(chair.doc, (doc) => blockOf(doc, VICTIM).setAttribute("status", "adref"));
      usa.doc.transact(() => swapForTwin(usa.doc));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, [], "the swap reads as no change");
      chair.send(syncMessage(syncProtocol.messageYjsUpdate, status));
      await chair.roundTrip();
      assert.deepEqual(chair.refusals, [], "the chair's decision is taken");
      const fresh = await scene.freshBody();
      assert.equal(statusOfVictim(fresh), "adref", "clause d) is ad ref for a fresh client");
      assert.equal(clauseSummary(fresh).clauses, CLAUSES);
    } finally {
      await scene.close();
    }
  });

  test("the chair marks a clause ad ref while USA, not having seen it, swaps the clause for a copy of what it saw: the clause stays ad ref", async () => {
    const scene = await Scene.open(lab);
    try {
      const chair = await scene.connect("chair");
      const usa = await scene.connect("USA");
      // USA's swap, made on its copy before the chair's decision reaches it.
      const swap = editOnCopy(usa.doc, swapForTwin);
      chair.doc.transact(() => blockOf(chair.doc, VICTIM).setAttribute("status", "adref"));
      await chair.roundTrip();
      assert.deepEqual(chair.refusals, []);
      usa.send(syncMessage(syncProtocol.messageYjsUpdate, swap));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, [], "USA's swap is taken");
      const fresh = await scene.freshBody();
      assert.equal(statusOfVictim(fresh), "adref", "clause d) is still ad ref for a fresh client");
      assert.equal(clauseSummary(fresh).clauses, CLAUSES);
    } finally {
      await scene.close();
    }
  });

  test("a delegation's stale status change on a clause another swapped is carried to the copy and refused there: the status is the chair's", async () => {
    const scene = await Scene.open(lab);
    try {
      const rus = await scene.connect("RUS");
      const usa = await scene.connect("USA");
      const agreed = editOnCopy(rus.doc, (doc) => blockOf(doc, VICTIM).setAttribute("status", "agreed"));
      usa.doc.transact(() => swapForTwin(usa.doc));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, [], "the swap reads as no change");
      const seq = scene.seq();
      rus.send(syncMessage(syncProtocol.messageYjsUpdate, agreed));
      await rus.roundTrip();
      assert.deepEqual(rus.refusals, ["setting a clause's status is for the chair"]);
      assert.equal(scene.storedAfter(seq).length, 0, "nothing stored");
      assert.equal(statusOfVictim(await scene.freshBody()), "pending", "clause d) is still pending for a fresh client");
    } finally {
      await scene.close();
    }
  });

  test("a delegation re-creating a clause with another status cannot set the status: the copy keeps the clause's own", async () => {
    const scene = await Scene.open(lab);
    try {
      const usa = await scene.connect("USA");
      usa.doc.transact(() => {
        swapForTwin(usa.doc);
        blockOf(usa.doc, VICTIM).setAttribute("status", "agreed");
      });
      await usa.roundTrip();
      for (const reason of usa.refusals) assert.match(reason, /status is for the chair/);
      assert.equal(statusOfVictim(await scene.freshBody()), "pending", "clause d) is still pending for a fresh client");
    } finally {
      await scene.close();
    }
  });

  test("a delegation rewriting the time of another delegation's insertion is refused", async (t) => {
    const scene = await Scene.open(lab);
    try {
      const rus = await scene.connect("RUS");
      await propose(rus, "Minneapolis", " [RUS words]", "RUS");
      await scene.rebaseline();
      await expectRefused(t, lab, "USA", write((doc) => {
        const { key, attrs } = insertionOver(doc, "[RUS words]");
        const rewritten = { ...attrs, at: "2001-01-01T00:00:00.000Z" };
        formatText(doc, " [RUS words]", { [key]: null, [yMarkKey("insertion", rewritten)]: rewritten });
      }), [/RUS/], { scene });
    } finally {
      await scene.close();
    }
  });

  test("a delegation rewriting the imported draft's deletion (its time) is refused", async (t) => {
    await expectRefused(t, lab, "USA", write((doc) => {
      const old = { id: "d1", by: "import", at: null };
      const rewritten = { ...old, at: NOW };
      formatText(doc, "GUADALAJARA, 2010", { [yMarkKey("deletion", old)]: null, [yMarkKey("deletion", rewritten)]: rewritten });
    }), [/import|deletion/]);
  });
});

describe("hole 7 and empty updates: what sends nothing new is no update", () => {
  test("the observer's page (a stock y-websocket provider on an empty doc) causes no refusal and no log entry", async () => {
    const scene = await Scene.open(lab);
    try {
      const before = { seq: scene.seq(), refused: scene.refusedCount() };
      const observer = await connectClient(scene.session.wsBase, scene.id, scene.token("observer"));
      try {
        await roundTripOn(observer.provider.ws as unknown as WebSocket, Y.encodeStateVector(observer.doc));
        assert.equal(scene.refusedCount(), before.refused, "no refusal recorded for the observer's connect");
        assert.deepEqual(scene.storedAfter(before.seq), [], "nothing logged");
      } finally {
        observer.destroy();
      }
    } finally {
      await scene.close();
    }
  });

  test("an empty update (sync step 2 carrying nothing new) from a delegation is not refused and not logged", async () => {
    const scene = await Scene.open(lab);
    try {
      // A delete set the server already has: RUS proposes words, then takes them back.
      const rus = await scene.connect("RUS");
      await propose(rus, "Minneapolis", " [RUS takes back]", "RUS");
      const state = rus.state();
      const { from, to } = rangeOf(state.doc, " [RUS takes back]");
      rus.apply(trackTransaction(state, state.tr.delete(from, to), { by: "RUS", at: NOW }));
      await rus.roundTrip();
      assert.deepEqual(rus.refusals, []);
      const usa = await scene.connect("USA");
      const before = { seq: scene.seq(), refused: scene.refusedCount() };
      usa.send(syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(new Y.Doc())));
      usa.send(syncMessage(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(new Y.Doc())));
      usa.send(syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(usa.doc, Y.encodeStateVector(usa.doc))));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, [], "nothing refused");
      assert.equal(scene.refusedCount(), before.refused, "no refusal recorded");
      assert.deepEqual(scene.storedAfter(before.seq), [], "nothing logged");
    } finally {
      await scene.close();
    }
  });
});

describe("hole 8: accepted, stored and relayed from a delegation, and must not be", () => {
  test("an insertion reusing another delegation's insertion id is refused", async (t) => {
    const scene = await Scene.open(lab);
    try {
      const rus = await scene.connect("RUS");
      await propose(rus, "Minneapolis", " [RUS words]", "RUS");
      await scene.rebaseline();
      const rusId = insertionOver(rus.doc, "[RUS words]").attrs.id;
      await expectRefused(t, lab, "USA", write((doc) => insertAfter(doc, "Tunis Agenda", " [USA words]", yMark("insertion", { id: rusId, by: "USA", at: NOW }))), [/\bid\b/], {
        scene,
      });
    } finally {
      await scene.close();
    }
  });

  test("a header block (symbol_line) added by a delegation is refused", async (t) => {
    await expectRefused(t, lab, "USA", write((doc) => {
      const inserted = change("USA");
      const line = new Y.XmlElement("symbol_line");
      line.setAttribute("gap", 0 as never);
      line.setAttribute("inserted", inserted as never);
      const text = new Y.XmlText();
      text.insert(0, "Document DL/23-E (Rev.3)", yMark("insertion", inserted));
      line.insert(0, [text]);
      doc.getXmlFragment("body").insert(2, [line]);
    }), [/symbol_line|header/]);
  });

  for (const [what, gap] of [["10,000,000", 10_000_000], ['"x"', "x"]] as const) {
    test(`a delegation's new clause whose gap is ${what} is refused`, async (t) => {
      await expectRefused(t, lab, "USA", write((doc) => {
        const group = groupOf(doc, "considering");
        group.insert(indexIn(group, blockOf(doc, VICTIM)) + 1, [proposedClause("USA", "e) a new clause", { gap })]);
      }), [/gap/]);
    });
  }

  test("a delegation's strike whose id is a number is refused", async (t) => {
    await expectRefused(t, lab, "USA", write((doc) => formatText(doc, "responsibilities", yMark("deletion", { ...change("USA"), id: 7 }))), [/\bid\b/]);
  });
});

describe("writing under another participant's Yjs client id", () => {
  test("a delegation's proposal under another delegation's client id is refused", async (t) => {
    const scene = await Scene.open(lab);
    try {
      const rus = await scene.connect("RUS");
      await propose(rus, "Minneapolis", " [RUS words]", "RUS");
      await scene.rebaseline();
      await expectRefused(t, lab, "USA", (peer) => {
        peer.doc.clientID = rus.doc.clientID;
        peer.doc.transact(() => insertAfter(peer.doc, "Tunis Agenda", " [USA as RUS's client]", own("USA")));
      }, [/client id/], { scene });
    } finally {
      await scene.close();
    }
  });
});

describe("hole 9: a delegation whose code starts with a digit", () => {
  test("3GPP's honest proposal is accepted, relayed, stored, and an export keeps every clause and writes nothing", async () => {
    const scene = await Scene.open(lab, [...DELEGATIONS, { code: "3GPP", name: "3rd Generation Partnership Project" }]);
    try {
      const witness = await scene.connect(WITNESS);
      const before = scene.seq();
      const peer = await scene.connect("3GPP");
      await propose(peer, "Minneapolis", " [3GPP words]", "3GPP");
      await witness.roundTrip();
      assert.match(pmOf(witness.doc).textContent, /\[3GPP words\]/, "relayed to the witness");
      assert.equal(scene.storedAfter(before).length, 1, "stored once");
      assert.deepEqual(await scene.intact(false), []);
      const exported = await scene.exportText();
      assert.match(exported, /\[3GPP words\]<\/ins>\{3GPP /, "attributed to 3GPP in the export");
      const store = Store.open(scene.dataDir);
      try {
        const entries = auditSession(store, scene.id);
        assert.ok(entries.some((e) => e.participant?.code === "3GPP" && e.changes.some((c) => c.includes("[3GPP words]"))));
        assert.ok(!entries.some((e) => e.outcome === "accepted" && e.participant === null && e.seq > 1), "no update by the server after the import");
      } finally {
        store.close();
      }
    } finally {
      await scene.close();
    }
  });
});
