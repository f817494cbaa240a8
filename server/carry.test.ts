import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import type { Node as PMNode } from "prosemirror-model";
import { trackTransaction } from "../shared/track/suggest.ts";
import { TestPeer, rangeOf } from "./test-peer.ts";
import { startTestSession, until } from "./test-support.ts";

/**
 * Issue 9: a split (Enter) is written by y-prosemirror as "delete the rest of the clause,
 * insert a copy in a new clause". What others did to that text at the same moment must
 * not be lost and must not get the splitter refused: the server finishes the move
 * (server/check/carry.ts). Each test is a true race: both edits are made before either
 * participant hears of the other's.
 */

let session: Awaited<ReturnType<typeof startTestSession>>;
const peers: TestPeer[] = [];
// A fresh session of the reference draft for each test.
beforeEach(async () => {
  session = await startTestSession();
});
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
  await session.cleanup();
});

async function connect(seat: string): Promise<TestPeer> {
  const peer = await TestPeer.connect(session.wsBase, session.id, session.tokens[seat]!);
  peers.push(peer);
  return peer;
}

const at = () => new Date().toISOString();

/** The block holding `needle` and the marks of each of its characters, by mark type and author. */
function marksOf(doc: PMNode, needle: string): { block: string; marks: string[] } {
  let found: { block: string; marks: string[] } | null = null;
  doc.descendants((node) => {
    if (found || !node.isTextblock) return !found;
    const start = node.textContent.indexOf(needle);
    if (start < 0) return false;
    const marks: string[] = [];
    let offset = 0;
    node.forEach((child) => {
      for (let i = 0; i < child.nodeSize; i++, offset++) {
        if (offset >= start && offset < start + needle.length) marks.push(child.marks.filter((m) => m.attrs.by).map((m) => `${m.type.name}:${m.attrs.by}`).sort().join(" "));
      }
    });
    found = { block: node.textContent, marks };
    return false;
  });
  if (!found) throw new RangeError(`"${needle}" is not in the document`);
  return found;
}

/** Waits until every peer's document satisfies `test`. */
async function everyone(what: string, list: TestPeer[], check: (doc: PMNode) => boolean): Promise<void> {
  for (const peer of list) {
    await until<void>(what, (done) => {
      const run = () => check(peer.pm()) && done();
      peer.doc.on("update", run);
      run();
      return () => peer.doc.off("update", run);
    });
  }
}

test("RUS presses Enter in a clause while USA strikes words after the caret: the strike moves with the text, nobody is refused", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "all the responsibilities entrusted to ITU";
  {
    const state = usa.state();
    const { from } = rangeOf(state.doc, phrase);
    const start = from + phrase.indexOf("entrusted");
    usa.apply(trackTransaction(state, state.tr.delete(start, start + "entrusted".length), { by: "USA", at: at() }));
  }
  {
    const state = rus.state();
    const { from } = rangeOf(state.doc, phrase);
    rus.apply(trackTransaction(state, state.tr.split(from + "all the ".length), { by: "RUS", at: at() }));
  }
  await usa.roundTrip();
  await rus.roundTrip();
  await everyone("the strike on the moved text", [chair, usa, rus], (doc) => {
    const found = marksOf(doc, "responsibilities entrusted to ITU");
    return found.block.startsWith("responsibilities entrusted") && found.marks.slice("responsibilities ".length, "responsibilities entrusted".length).every((m) => m === "deletion:USA");
  });
  assert.deepEqual(usa.refusals, []);
  assert.deepEqual(rus.refusals, []);
});

/** RUS's Enter before "responsibilities" in clause d), as its editor writes it. */
function split(rus: TestPeer, phrase: string, before: string): void {
  const state = rus.state();
  const { from } = rangeOf(state.doc, phrase);
  rus.apply(trackTransaction(state, state.tr.split(from + phrase.indexOf(before)), { by: "RUS", at: at() }));
}

for (const order of ["the split first", "the split second"] as const) {
  test(`USA types inside the text RUS's Enter moves (${order}): USA's words land in the new clause, in place`, async () => {
    const usa = await connect("USA");
    const rus = await connect("RUS");
    const chair = await connect("chair");
    const phrase = "the Tunis Agenda";
    const type = () => {
      const state = usa.state();
      const { from } = rangeOf(state.doc, phrase);
      usa.apply(trackTransaction(state, state.tr.insertText("whole ", from + "the Tunis ".length), { by: "USA", at: at() }));
    };
    if (order === "the split first") {
      split(rus, phrase, "Tunis");
      type();
    } else {
      type();
      split(rus, phrase, "Tunis");
    }
    await usa.roundTrip();
    await rus.roundTrip();
    await usa.roundTrip();
    await rus.roundTrip();
    assert.deepEqual({ usa: usa.refusals, rus: rus.refusals }, { usa: [], rus: [] });
    for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) {
      const found = marksOf(peer.pm(), "Tunis whole Agenda");
      assert.ok(found.block.startsWith("Tunis whole Agenda"), `${name}: the new clause reads "${found.block}"`);
      assert.deepEqual(found.marks.slice("Tunis ".length, "Tunis whole ".length), Array(6).fill("insertion:USA"), name);
    }
  });
}
