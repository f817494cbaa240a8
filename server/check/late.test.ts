import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * A late edit written after a formatting item of text another's update had moved
 * (check/carry.ts, planLate; check/moves.ts, standsAfter), on the document, update and
 * record of moves of a fuzz run (seed 3 op #254): the chair, 40 updates behind, rejected
 * all of USA's changes; rejecting USA's new clause joined its words into the clause
 * before, and the chair's editor wrote them after the formatting item that ends CHN's
 * insertion "Member States" at that clause's end. On the server that clause had been
 * re-created meanwhile by another participant's move, so the words landed in a removed
 * clause: refused "your change went into text that was removed meanwhile". A formatting
 * item is never copied, so the words now go after the copy of the nearest character
 * before it that stands moved.
 */

const saved = savedRefusal("seed3-op254");

/** The visible text of every text block, in document order. */
function texts(doc: Y.Doc): string[] {
  const out: string[] = [];
  const visit = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) out.push((child.toDelta() as { insert: string }[]).map((d) => d.insert).join(""));
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  return out;
}

const CLAUSE_END = "relevant United Nations agencies;Member State";

test("the chair's decision that joined words after another's formatting in a clause re-created meanwhile: accepted, the words in the clause that stands for it", () => {
  const doc = saved.serverDoc();
  const joined = `${CLAUSE_END}25 eits`;
  assert.equal(texts(doc).filter((t) => t.includes(CLAUSE_END)).length, 1, "CHN's words end one clause before");
  assert.equal(texts(doc).filter((t) => t.includes(joined)).length, 0, "the chair's words are not there before");
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor, saved.moves()), null);
  assert.equal(texts(doc).filter((t) => t.includes(joined)).length, 1, "the chair's words follow CHN's at the end of the clause that stands for the one it saw");
});

test("without the room's record of moves the same update lands in the removed clause and is refused", () => {
  assert.equal(receiveAsRoom(saved.serverDoc(), saved.update, saved.actor), "your change went into text that was removed meanwhile");
});

/**
 * And words typed after a character removed before, in a text that stands, stay where Yjs
 * put them: CHN typed "lves to" over words whose left neighbour was such a tombstone, the
 * nearest character before it being moved text (fuzz seed 1 op #344). Walking back to that
 * copy carried CHN's words away, and the words it had typed over read as deleted outright.
 */
test("CHN typing after text removed before, in a text that stands: accepted, its words where it typed them", () => {
  const typedAfterTombstone = savedRefusal("seed1-op344");
  const doc = typedAfterTombstone.serverDoc();
  assert.equal(receiveAsRoom(doc, typedAfterTombstone.update, typedAfterTombstone.actor, typedAfterTombstone.moves()), null);
  assert.equal(texts(doc).filter((t) => t.includes("lves to")).length, 1, "CHN's words stand once");
});
