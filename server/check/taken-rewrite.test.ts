import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * Words an editor wrote again over text another's move had meanwhile taken into a block of
 * its own (check/carry.ts: splitAhead, carryNewMarks, planFollowing), on the document, update
 * and record of moves of a fuzz run (fuzz seed 6 op #207): the secretariat, typing for RUS,
 * typed "e" over a selection ending in "…with the e engageme", striking it for RUS, before it
 * heard of RUS's Enter, which had moved "n with the others … engagement of …" into a new
 * clause. y-prosemirror's diff wrote the clause from its start again: the selected words,
 * struck, and the old "e" after them made the typed letter (its new letters end with a
 * struck "e"). On the server the copies of the moved words go (RUS's clause keeps them) and
 * the old "e" in RUS's clause is marked as the typed letter; the strike went with the copies
 * and the struck "e" stayed alone in the old clause: refused "inserting text without your
 * insertion mark" (before that, "marking existing text as your insertion", see planCleaned).
 */

const saved = savedRefusal("seed6-op207");

/** The change marks of each character of `needle`, in the one text that holds it ("d:RUS i:USA", sorted). */
function marksOf(doc: Y.Doc, needle: string): string[] {
  const found: string[][] = [];
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText) {
        const delta = child.toDelta() as { insert: string; attributes?: Record<string, { by?: string }> }[];
        const text = delta.map((d) => d.insert).join("");
        const at = text.indexOf(needle);
        if (at < 0) continue;
        const chars: string[] = [];
        for (const d of delta) {
          const marks = Object.entries(d.attributes ?? {})
            .filter(([key]) => key.startsWith("insertion") || key.startsWith("deletion"))
            .map(([key, value]) => `${key[0]}:${value.by}`)
            .sort()
            .join(" ");
          for (let i = 0; i < d.insert.length; i++) chars.push(marks);
        }
        found.push(chars.slice(at, at + needle.length));
      } else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  assert.equal(found.length, 1, `"${needle}" is in one text`);
  return found[0]!;
}

test("the secretariat, typing for RUS, types over words RUS's Enter had moved into a new clause, unseen: accepted, the strike and the typed letter land in RUS's clause", () => {
  const doc = saved.serverDoc();
  const moved = "n with the others United Nations agencies conc";
  assert.ok(marksOf(doc, moved).every((m) => !m.includes("d:RUS")), "RUS's clause: the words are not struck yet");
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor, saved.moves()), null);
  assert.ok(marksOf(doc, moved).every((m) => m.includes("d:RUS")), "RUS's clause: the words are struck for RUS");
  // The struck "e" the diff wrote, then the old "e" that stands for the typed letter.
  assert.deepEqual(marksOf(doc, "engagemeent of").slice("engage".length, "engageme".length + 1), ["d:RUS", "d:RUS", "i:RUS"]);
  assert.ok(marksOf(doc, "inclose collaboratio").length > 0, "the old clause ends where the moved words began");
});
