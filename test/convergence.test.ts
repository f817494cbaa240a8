import { test } from "node:test";
import assert from "node:assert/strict";
import * as Y from "yjs";
import { prosemirrorToYXmlFragment, updateYFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { EditorState, TextSelection } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import { splitBlock } from "prosemirror-commands";
import { readFileSync } from "node:fs";
import { schema } from "../shared/schema.ts";
import { parse } from "../shared/dl/parse.ts";
import { trackTransaction } from "../shared/track/suggest.ts";
import { acceptChange, changeIds, rejectChange } from "../shared/track/decide.ts";
import { prng } from "./random-doc.ts";

/**
 * Convergence in the style of Yjs's own tests: several editors, each a ProseMirror
 * state over its own Y.Doc (synced the way y-prosemirror's binding does it), make
 * random proposals while the chair accepts and rejects; a seeded generator decides who
 * acts and when messages arrive. After the network settles, all documents agree and
 * every change still carries a valid author. Same seed, same run.
 */

const seedText = readFileSync(new URL("./fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
// The first clause groups keep runs short while keeping the reference document's shapes.
const start = parse(seedText.slice(0, seedText.indexOf("\n\nconsidering further"))).doc;

interface Peer {
  name: string;
  doc: Y.Doc;
  inbox: Uint8Array[];
}

const AUTHORS = new Set(["USA", "RUS", "CHN", "chair", "import"]);
const emptyMeta = () => ({ mapping: new Map(), isOMark: new Map() });

function pmDoc(peer: Peer): PMNode {
  return yXmlFragmentToProseMirrorRootNode(peer.doc.getXmlFragment("body"), schema);
}

function commit(peer: Peer, doc: PMNode): void {
  peer.doc.transact(() => updateYFragment(peer.doc, peer.doc.getXmlFragment("body"), doc, emptyMeta()), "local");
}

function textPositions(doc: PMNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i <= node.text!.length; i += 7) positions.push(pos + i);
    return true;
  });
  return positions;
}

function runSeed(seed: number, rounds: number): { proposals: number; decisions: number } {
  const counts = { proposals: 0, decisions: 0 };
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const origin = new Y.Doc();
  prosemirrorToYXmlFragment(start, origin.getXmlFragment("body"));
  const initial = Y.encodeStateAsUpdate(origin);
  const peers: Peer[] = ["USA", "RUS", "CHN", "chair"].map((name) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    return { name, doc, inbox: [] };
  });
  for (const peer of peers) {
    peer.doc.on("update", (update: Uint8Array, from: unknown) => {
      if (from === "remote") return;
      for (const other of peers) if (other !== peer) other.inbox.push(update);
    });
  }
  const deliver = (peer: Peer, all = false) => {
    while (peer.inbox.length && (all || random() < 0.6)) {
      const i = all ? 0 : Math.floor(random() * peer.inbox.length);
      const [update] = peer.inbox.splice(i, 1);
      Y.applyUpdate(peer.doc, update, "remote");
    }
  };
  for (let round = 0; round < rounds; round++) {
    const peer = pick(peers);
    deliver(peer);
    const doc = pmDoc(peer);
    const positions = textPositions(doc);
    if (positions.length === 0) continue;
    let state = EditorState.create({ doc });
    const at = pick(positions);
    state = state.apply(state.tr.setSelection(TextSelection.create(doc, at)));
    let tr: Transaction | null = null;
    if (peer.name === "chair") {
      const ids = changeIds(doc);
      if (ids.length === 0) continue;
      tr = random() < 0.5 ? acceptChange(state, pick(ids)) : rejectChange(state, pick(ids));
    } else {
      const author = { by: peer.name, at: new Date(Date.UTC(2026, 10, 28, 10, round)).toISOString() };
      const action = random();
      let user: Transaction | null = null;
      if (action < 0.4) user = state.tr.insertText(pick(["firmly ", "UNESCO", "; and", "2015"]));
      else if (action < 0.75) {
        const to = Math.min(at + 1 + Math.floor(random() * 12), doc.content.size - 1);
        const sel = TextSelection.between(doc.resolve(at), doc.resolve(to));
        user = state.tr.setSelection(sel).deleteSelection();
      } else if (action < 0.85) splitBlock(state, (t) => (user = t));
      else if (at > 1) user = state.tr.delete(at - 1, at);
      if (user && (user as Transaction).docChanged) tr = trackTransaction(state, user, author);
    }
    if (tr && tr.docChanged) {
      commit(peer, state.apply(tr).doc);
      counts[peer.name === "chair" ? "decisions" : "proposals"] += 1;
    }
  }
  for (let i = 0; i < 3; i++) for (const peer of peers) deliver(peer, true);
  const docs = peers.map(pmDoc);
  for (const doc of docs) {
    doc.check();
    doc.descendants((node) => {
      for (const mark of node.marks) if (mark.attrs.by !== undefined) assert.ok(AUTHORS.has(mark.attrs.by), `seed ${seed}: a change by "${mark.attrs.by}"`);
      if (node.isTextblock) for (const c of [node.attrs.inserted, node.attrs.deleted]) if (c) assert.ok(AUTHORS.has(c.by));
      return true;
    });
  }
  for (let i = 1; i < docs.length; i++) assert.deepEqual(docs[i].toJSON(), docs[0].toJSON(), `seed ${seed}: ${peers[i].name} differs from ${peers[0].name}`);
  return counts;
}

test("delegations proposing at once while the chair decides: every editor ends with the same text", () => {
  const total = { proposals: 0, decisions: 0 };
  for (let seed = 1; seed <= 25; seed++) {
    const { proposals, decisions } = runSeed(seed, 60);
    total.proposals += proposals;
    total.decisions += decisions;
  }
  // The run did real work: hundreds of concurrent proposals and decisions.
  assert.ok(total.proposals > 500 && total.decisions > 100, JSON.stringify(total));
});
