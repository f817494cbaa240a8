import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { Moves } from "./moves.ts";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * A letter written right after text its own sender's Enter had moved away (check/carry.ts,
 * planLate), on the document and update of a fuzz run (fuzz seed 3 op #578): CHN deletes
 * from one clause into the next, whose end reads "…ncip" "s" "le" "Member States" "s"
 * " the " ("Member States" and " the " CHN's own insertions, taken out; the rest struck).
 * y-prosemirror writes that as "delete 'Member Statess the ', insert 's'", and Yjs places
 * the new "s" after the removed characters that stood there, the last of them a "~" that
 * CHN's own Enter had moved to another clause a while before. The room, which remembers
 * that move, took the "s" for a letter typed at the end of the moved text by someone who
 * had not seen it and carried it after the copy of the "~": the old "s" was then gone from
 * the clause, refused "deleting original text outright (strike it instead)".
 */

const saved = savedRefusal("seed3-op578");

/** The room's record of CHN's Enter: the "~" moved to its copy, written by CHN's own client (the one that writes the update). */
function roomMoves(): Moves {
  const moves = new Moves();
  moves.record(Y.createID(1985510026, 30), Y.createID(560288249, 698));
  return moves;
}

/** The text of the clause holding the character `id`, each run with its change marks ("i:RUS,d:CHN"). */
function clauseOf(doc: Y.Doc, id: Y.ID): string {
  const text = (Y.getItem(doc.store, id) as Y.Item).parent as Y.XmlText;
  return (text.toDelta() as { insert: string; attributes?: Record<string, { by: string }> }[])
    .map((d) => {
      const marks = Object.entries(d.attributes ?? {})
        .filter(([key]) => key.startsWith("insertion") || key.startsWith("deletion"))
        .map(([key, value]) => `${key[0]}:${value.by}`)
        .join(",");
      return `${d.insert}{${marks}}`;
    })
    .join("");
}

const STRUCK_CLAUSE = Y.createID(1985510026, 33);
const MOVED_TILDE = Y.createID(560288249, 698);

test("CHN deletes up to the end of a clause whose last letters its own Enter had moved away: accepted, the 's' stays in its clause, struck", () => {
  const doc = saved.serverDoc();
  assert.ok(clauseOf(doc, STRUCK_CLAUSE).endsWith("ncip{}s{i:RUS}le{}Member States{i:CHN}s{} the {i:CHN}"), "the clause's end before");
  assert.ok(clauseOf(doc, MOVED_TILDE).includes("~{i:RUS,d:USA}at{d:chair}"), "the moved '~' before");
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor, roomMoves()), null);
  assert.ok(clauseOf(doc, STRUCK_CLAUSE).endsWith("ncip{d:CHN}s{i:RUS,d:CHN}les{d:CHN}"), `the clause's end after: ${clauseOf(doc, STRUCK_CLAUSE).slice(-60)}`);
  assert.ok(clauseOf(doc, MOVED_TILDE).includes("~{i:RUS,d:USA}at{d:chair}"), "nothing came after the moved '~'");
});
