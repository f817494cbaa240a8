import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * Two pastes of clauses into one clause, the later point first (check/carry.ts: planLate,
 * splitAhead, planStranded), on the document, update and record of moves of a fuzz run
 * (fuzz seed 3 op #108). In clause "2 its appreciation for the WSIS+10 High-Level Event ...
 * agencies.", RUS pasted two clauses after "High-Lev": " Directors of the Bureaux" ends the
 * first part, and its second clause holds RUS's "to ensure ... o" and the moved end
 * "el Event ... agencies.". USA, not having seen it, pasted two clauses after "2 its ap": its
 * first, " ITU actively ... society;", ends the first part, and its second holds "b) the
 * nexus ... as well as" and the moved "preciation ... agencies.". The server carried USA's
 * first clause's words after "agencies." into RUS's clause and took "el Event ... agencies."
 * from it: refused "writing as RUS".
 */

const saved = savedRefusal("seed3-op108");

type Delta = { insert: string; attributes?: Record<string, { by?: string }> }[];

/** The texts that hold `needle`, each stretch with whose insertion it is ("words{USA}", "words{}"). */
function textsWith(doc: Y.Doc, needle: string): string[] {
  const found: string[] = [];
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText) {
        const delta = child.toDelta() as Delta;
        if (!delta.map((d) => d.insert).join("").includes(needle)) continue;
        const stretches: string[] = [];
        for (const d of delta) {
          const by = Object.entries(d.attributes ?? {}).find(([key]) => key.startsWith("insertion"))?.[1].by ?? "";
          const last = stretches.length - 1;
          // Stretches that differ only in other marks read as one.
          if (last >= 0 && stretches[last]!.endsWith(`{${by}}`)) stretches[last] = `${stretches[last]!.slice(0, -by.length - 2)}${d.insert}{${by}}`;
          else stretches.push(`${d.insert}{${by}}`);
        }
        found.push(stretches.join(""));
      } else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  return found;
}

const USA_FIRST = " ITU actively involveakeholder participation is essential to the successful building of a people-centered, inclusive and development-oriented information society;";
const RUS_SECOND = "to ensure that concrete objectives and deadlines (using result based management processes) for WSIS activities are developed and reflected in the operational plans o";
const END = "el Event, coordinated and hosted by the ITU and co-organized by ITU, UNESCO, UNCTAD, and UNDP with the engagement of other U~N agencies.";

test("USA pastes two clauses after '2 its ap' while RUS, unseen, pasted two after 'High-Lev': accepted, each paste reads where it was made, nothing lost", () => {
  const doc = saved.serverDoc();
  assert.deepEqual(textsWith(doc, "2 its a"), ["2 its appreciation for the WSIS+10 High-Lev{} Directors of the Bureaux{RUS}"]);
  assert.deepEqual(textsWith(doc, "operational plans oel Event"), [`${RUS_SECOND}{RUS}el Event, coordinated and hosted by the ITU and co-organized by ITU, UNESCO, UNCTAD, and UNDP with the engagement of other U{}~{CHN}N agencies.{}`]);
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor, saved.moves()), null);
  // USA's first clause ends the first part; its second holds the text after its caret, and RUS's words that followed it.
  assert.deepEqual(textsWith(doc, "2 its a"), [`2 its ap{}${USA_FIRST}{USA}`]);
  assert.deepEqual(textsWith(doc, "b) the nexus between issues of telecommunication development and those of economic, social and cultural development, as well as"), [
    "b) the nexus between issues of telecommunication development and those of economic, social and cultural development, as well as its impact on social and economic structures in all Member States;{}",
    "b) the nexus between issues of telecommunication development and those of economic, social and cultural development, as well as{USA}preciation for the WSIS+10 High-Lev{} Directors of the Bureaux{RUS}",
  ]);
  // RUS's second clause is as RUS made it.
  assert.deepEqual(textsWith(doc, "operational plans oel Event"), [`${RUS_SECOND}{RUS}el Event, coordinated and hosted by the ITU and co-organized by ITU, UNESCO, UNCTAD, and UNDP with the engagement of other U{}~{CHN}N agencies.{}`]);
  assert.equal(textsWith(doc, END).length, 1, "the clause's end stands once");
});
