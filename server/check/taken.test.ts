import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * A split of words another's move had meanwhile taken into the middle of a later clause
 * (check/carry.ts, planMoves and movesBack), on the document, update and record of moves
 * of a fuzz run (seed 7 op #588): CHN pressed Enter inside RUS's words "within existing
 * resources, " at the end of RUS's clause; unseen, the server had carried those words
 * into the text of the next clause (a late edit into text CHN's own earlier Enter had
 * moved there). Taking "ng resources, " out of the middle of that clause into CHN's new
 * one before it read as RUS's words removed there and written anew by CHN: refused
 * "writing as RUS". They now stay where the server had them; CHN's new clause stays,
 * without the copy.
 */

const saved = savedRefusal("seed7-op588");

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

const RUS_WORDS = "(§ 120within existing resources,  of the Tunis Agenda)";
const CLAUSE = "h)h) that the ITU is given specific responsibil";

test("CHN's Enter in RUS's words the server had meanwhile carried into the next clause: accepted, the words stay there and CHN's new clause follows RUS's", () => {
  const doc = saved.serverDoc();
  const before = texts(doc);
  const at = before.indexOf(CLAUSE);
  assert.ok(at >= 0 && before[at + 1]!.includes(RUS_WORDS), "RUS's words stand in the clause after RUS's");
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor, saved.moves()), null);
  const after = texts(doc);
  const now = after.indexOf(CLAUSE);
  assert.equal(after[now + 1], "", "CHN's new clause, without a copy of the words");
  assert.ok(after[now + 2]!.includes(RUS_WORDS), "RUS's words where they stood");
  assert.equal(after.filter((t) => t.includes("ng resources, ")).length, before.filter((t) => t.includes("ng resources, ")).length, "written nowhere else");
});
