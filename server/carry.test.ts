import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import type { Node as PMNode } from "prosemirror-model";
import { rejectChange } from "../shared/track/decide.ts";
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

/** Clause d) split before "responsibilities" and before "entrusted": three clauses, in order. */
function readsInThreeParts(name: string, doc: PMNode): void {
  const blocks: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) blocks.push(node.textContent);
    return !node.isTextblock;
  });
  const first = blocks.findIndex((b) => b.endsWith("all the "));
  assert.ok(first >= 0, `${name}: no clause ends with "all the "`);
  assert.deepEqual(blocks.slice(first + 1, first + 3).map((b) => b.slice(0, 16)), ["responsibilities", "entrusted to ITU"], name);
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

/** Where `needle` starts in the text of the block that holds it, across text of different marks. */
function startOf(doc: PMNode, needle: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0;
    const at = node.textContent.indexOf(needle);
    if (at >= 0) found = pos + 1 + at;
    return false;
  });
  if (found < 0) throw new RangeError(`"${needle}" is not in the document`);
  return found;
}

/** A participant's Enter before `before` in `phrase`, as its editor writes it. */
function split(rus: TestPeer, phrase: string, before: string): void {
  const state = rus.state();
  const from = startOf(state.doc, phrase);
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

test("USA strikes words RUS's Enter had already moved, before USA heard of it: the strike lands on the words in the new clause", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "all the responsibilities entrusted to ITU";
  split(rus, phrase, "responsibilities");
  {
    const state = usa.state();
    const { from } = rangeOf(state.doc, phrase);
    const start = from + phrase.indexOf("entrusted");
    usa.apply(trackTransaction(state, state.tr.delete(start, start + "entrusted".length), { by: "USA", at: at() }));
  }
  await rus.roundTrip();
  await usa.roundTrip();
  assert.deepEqual({ usa: usa.refusals, rus: rus.refusals }, { usa: [], rus: [] });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) {
    const found = marksOf(peer.pm(), "responsibilities entrusted to ITU");
    assert.ok(found.block.startsWith("responsibilities entrusted"), `${name}: the new clause reads "${found.block}"`);
    assert.deepEqual(found.marks.slice("responsibilities ".length, "responsibilities entrusted".length), Array("entrusted".length).fill("deletion:USA"), name);
  }
});

test("the chair rejects USA's words while RUS presses Enter before them: the rejected words do not come back", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "the Tunis Agenda";
  {
    const state = usa.state();
    const { from } = rangeOf(state.doc, phrase);
    usa.apply(trackTransaction(state, state.tr.insertText("whole ", from + "the Tunis ".length), { by: "USA", at: at() }));
  }
  await usa.roundTrip();
  await until<void>("RUS and the chair to see USA's words", (done) => {
    const check = () => rus.pm().textContent.includes("Tunis whole Agenda") && chair.pm().textContent.includes("Tunis whole Agenda") && done();
    const timer = setInterval(check, 10);
    check();
    return () => clearInterval(timer);
  });
  // A true race: the chair's rejection and RUS's Enter are made before either hears of the other.
  {
    const state = chair.state();
    let id: string | null = null;
    state.doc.descendants((node) => {
      if (node.isText && node.text!.includes("whole")) id ??= node.marks.find((m) => m.type.name === "insertion")?.attrs.id ?? null;
    });
    chair.apply(rejectChange(state, id!)!);
  }
  split(rus, "the Tunis whole Agenda", "Tunis");
  await chair.roundTrip();
  await rus.roundTrip();
  assert.deepEqual({ rus: rus.refusals, chair: chair.refusals }, { rus: [], chair: [] });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) {
    const text = peer.pm().textContent;
    assert.ok(!text.includes("whole"), `${name}: the rejected words came back`);
    assert.ok(marksOf(peer.pm(), "Tunis Agenda").block.startsWith("Tunis Agenda"), `${name}: the new clause starts with the moved text`);
  }
});

test("RUS and USA press Enter in the same clause at once: the clause reads in order, in three parts", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "all the responsibilities entrusted to ITU";
  split(rus, phrase, "responsibilities");
  {
    const state = usa.state();
    const { from } = rangeOf(state.doc, phrase);
    usa.apply(trackTransaction(state, state.tr.split(from + phrase.indexOf("entrusted")), { by: "USA", at: at() }));
  }
  await rus.roundTrip();
  await usa.roundTrip();
  assert.deepEqual({ usa: usa.refusals, rus: rus.refusals }, { usa: [], rus: [] });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) readsInThreeParts(name, peer.pm());
});

test("a delegation that deletes and retypes text another struck, without the strike, leaves the strike in place", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const phrase = "all the responsibilities entrusted to ITU";
  {
    const state = rus.state();
    const { from } = rangeOf(state.doc, phrase);
    const start = from + phrase.indexOf("entrusted");
    rus.apply(trackTransaction(state, state.tr.delete(start, start + "entrusted".length), { by: "RUS", at: at() }));
  }
  await rus.roundTrip();
  await until<void>("USA to see RUS's strike", (done) => {
    const check = () => marksOf(usa.pm(), "entrusted").marks.every((m) => m === "deletion:RUS") && done();
    const timer = setInterval(check, 10);
    check();
    return () => clearInterval(timer);
  });
  // USA's editor is bypassed: the words go, and come back plain, in one update.
  const state = usa.state();
  const from = startOf(state.doc, phrase);
  const start = from + phrase.indexOf("entrusted");
  usa.apply(state.tr.replaceWith(start, start + "entrusted".length, state.schema.text("entrusted")));
  await usa.roundTrip();
  const fresh = await connect("chair");
  assert.deepEqual(marksOf(fresh.pm(), phrase).marks.slice(phrase.indexOf("entrusted"), phrase.indexOf("entrusted") + "entrusted".length), Array("entrusted".length).fill("deletion:RUS"));
});

test("the chair joins RUS's new clause back while USA types into it: USA's words stay, in place", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  split(rus, "all the responsibilities entrusted to ITU", "responsibilities");
  await rus.roundTrip();
  await until<void>("USA to see RUS's new clause", (done) => {
    const check = () => marksOf(usa.pm(), "responsibilities entrusted").block.startsWith("responsibilities") && done();
    const timer = setInterval(check, 10);
    check();
    return () => clearInterval(timer);
  });
  // A true race: USA types in the new clause while the chair joins it back (Backspace at its start).
  {
    const state = usa.state();
    const from = startOf(state.doc, "entrusted to ITU");
    usa.apply(trackTransaction(state, state.tr.insertText("duly ", from), { by: "USA", at: at() }));
  }
  {
    const state = chair.state();
    const from = startOf(state.doc, "responsibilities entrusted");
    chair.apply(state.tr.delete(from - 2, from));
  }
  await usa.roundTrip();
  await chair.roundTrip();
  assert.deepEqual({ usa: usa.refusals, chair: chair.refusals }, { usa: [], chair: [] });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) {
    const found = marksOf(peer.pm(), "all the responsibilities duly entrusted to ITU");
    assert.deepEqual(found.marks.slice("all the responsibilities ".length, "all the responsibilities duly ".length), Array(5).fill("insertion:USA"), name);
  }
});

test("RUS presses Enter before the last two characters of a clause while USA strikes them: the short tail keeps the strike", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "endorsed by the United Nations General Assembly;";
  {
    const state = usa.state();
    const start = startOf(state.doc, phrase) + phrase.length - 2;
    usa.apply(trackTransaction(state, state.tr.delete(start, start + 2), { by: "USA", at: at() }));
  }
  split(rus, phrase, "y;");
  await usa.roundTrip();
  await rus.roundTrip();
  assert.deepEqual({ usa: usa.refusals, rus: rus.refusals }, { usa: [], rus: [] });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) {
    let tail: string[] | null = null;
    peer.pm().descendants((node) => {
      if (node.isTextblock && node.textContent === "y;") {
        const marks: string[] = [];
        node.forEach((child) => {
          for (let i = 0; i < child.nodeSize; i++) marks.push(child.marks.filter((m) => m.attrs.by).map((m) => `${m.type.name}:${m.attrs.by}`).join(" "));
        });
        tail = marks;
      }
      return !node.isTextblock;
    });
    assert.deepEqual(tail, ["deletion:USA", "deletion:USA"], `${name}: the new clause "y;" carries USA's strike`);
  }
});

test("two Enters in one clause, the later point reaching the server first: the clause still reads in order, in three parts", async () => {
  const usa = await connect("USA");
  const rus = await connect("RUS");
  const chair = await connect("chair");
  const phrase = "all the responsibilities entrusted to ITU";
  split(rus, phrase, "entrusted");
  {
    const state = usa.state();
    const from = startOf(state.doc, phrase);
    usa.apply(trackTransaction(state, state.tr.split(from + phrase.indexOf("responsibilities")), { by: "USA", at: at() }));
  }
  await rus.roundTrip();
  await usa.roundTrip();
  assert.deepEqual({ usa: usa.refusals, rus: rus.refusals }, { usa: [], rus: [] });
  for (const [name, peer] of [["chair", chair], ["USA", usa], ["RUS", rus]] as const) readsInThreeParts(name, peer.pm());
});
