import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Node as PMNode } from "prosemirror-model";
import { trackTransaction } from "../shared/track/suggest.ts";
import { TestPeer, rangeOf } from "./test-peer.ts";
import { startTestSession, until } from "./test-support.ts";

/**
 * Issue 9, hole 4: two delegations striking overlapping text at the same moment both keep
 * their strikes (each deletion has its own Yjs formatting key), and neither is refused.
 */

let session: Awaited<ReturnType<typeof startTestSession>>;
const peers: TestPeer[] = [];
before(async () => {
  session = await startTestSession();
});
after(async () => {
  for (const peer of peers) await peer.close();
  await session.cleanup();
});

async function connect(seat: string): Promise<TestPeer> {
  const peer = await TestPeer.connect(session.wsBase, session.id, session.tokens[seat]!);
  peers.push(peer);
  return peer;
}

/** The delegations whose deletion marks each character of `needle` carries. */
function strikersOf(doc: PMNode, needle: string): string[][] {
  const { from, to } = rangeOf(doc, needle);
  const out: string[][] = [];
  for (let pos = from; pos < to; pos++) {
    const node = doc.nodeAt(pos)!;
    out.push(node.marks.filter((m) => m.type.name === "deletion").map((m) => m.attrs.by as string).sort());
  }
  return out;
}

test("USA and RUS strike overlapping text at once: both strikes stay, neither is refused", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "responsibilities entrusted to ITU";
  // Both edit their own copy before either hears of the other's: a true race.
  const strike = (peer: TestPeer, by: string, words: string) => {
    const state = peer.state();
    const { from } = rangeOf(state.doc, phrase);
    const start = from + phrase.indexOf(words);
    peer.apply(trackTransaction(state, state.tr.delete(start, start + words.length), { by, at: new Date().toISOString() }));
  };
  strike(usa, "USA", "responsibilities entrusted");
  strike(rus, "RUS", "entrusted to ITU");
  await usa.roundTrip();
  await rus.roundTrip();
  const expected = [...phrase].map((_, i) => {
    const inUsa = i < "responsibilities entrusted".length;
    const inRus = i >= "responsibilities ".length;
    return [...(inRus ? ["RUS"] : []), ...(inUsa ? ["USA"] : [])].sort();
  });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) {
    await until<void>(`${name} to see both strikes`, (done) => {
      const check = () => JSON.stringify(strikersOf(peer.pm(), phrase)) === JSON.stringify(expected) && done();
      peer.doc.on("update", check);
      check();
      return () => peer.doc.off("update", check);
    });
  }
  assert.deepEqual(usa.refusals, []);
  assert.deepEqual(rus.refusals, []);
  assert.deepEqual(strikersOf(chair.pm(), "entrusted"), [..."entrusted"].map(() => ["RUS", "USA"]));
});
