import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * Words typed, unseen, into a block another removes (check/carry.ts, planOrphaned), on the
 * document and update of a fuzz run (fuzz seed 5 op #414): CHN presses Backspace at the
 * start of its own new clause, empty in its copy, which removes it (a join of nothing onto
 * the clause before); USA, not having seen it empty, had typed "firmly " there. On the
 * server USA's words went with the clause: refused "deleting text proposed by USA".
 */

const saved = savedRefusal("seed5-op414");

type Delta = { insert: string; attributes?: Record<string, { by?: string }> }[];

/** Each clause's text (whose insertion its last stretch is, "…{USA}"), for clauses whose text holds `needle`. */
function clausesWith(doc: Y.Doc, needle: string): string[] {
  const found: string[] = [];
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText) {
        const delta = child.toDelta() as Delta;
        const text = delta.map((d) => d.insert).join("");
        if (!text.includes(needle)) continue;
        const last = delta[delta.length - 1];
        const by = Object.entries(last?.attributes ?? {}).find(([key]) => key.startsWith("insertion"))?.[1].by ?? "";
        found.push(`${text}{${by}}`);
      } else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  return found;
}

function plain(text: Y.XmlText): string {
  return (text.toDelta() as Delta).map((d) => d.insert).join("");
}

/** The clause CHN removes: the one whose text is USA's "firmly " alone. */
function chnClause(doc: Y.Doc): Y.XmlElement | null {
  let found: Y.XmlElement | null = null;
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlElement && (child.getAttribute("inserted") as unknown as { by?: string } | undefined)?.by === "CHN" && child.toArray().some((t) => t instanceof Y.XmlText && plain(t) === "firmly ")) found = child;
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  return found;
}

test("CHN removes its own empty clause with Backspace while USA types 'firmly ' into it, unseen: accepted, USA's words end the clause before, still USA's", () => {
  const doc = saved.serverDoc();
  assert.ok(chnClause(doc), "CHN's clause holds USA's words before the update");
  assert.deepEqual(clausesWith(doc, "to facilitate the implemen"), ["7 ;to continue to facilitate the implementation of the WSIS action lines aend5 ose colaboraeto continue to facilitate the implemen{CHN}"]);
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor), null);
  assert.equal(chnClause(doc), null, "CHN's clause is gone");
  assert.deepEqual(clausesWith(doc, "to facilitate the implemen"), ["7 ;to continue to facilitate the implementation of the WSIS action lines aend5 ose colaboraeto continue to facilitate the implemenfirmly {USA}"]);
});

test("CHN removing that clause with USA's words in it, having seen them, is still refused", () => {
  const doc = saved.serverDoc();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const clause = chnClause(copy)!;
  const parent = clause.parent as Y.XmlElement;
  parent.delete(parent.toArray().indexOf(clause), 1);
  const forged = Y.encodeStateAsUpdate(copy, before);
  assert.equal(receiveAsRoom(doc, forged, saved.actor), "deleting text proposed by USA");
});

/**
 * The same for a text run another's editor removes from a block that stays, on the
 * document and update of a fuzz run (fuzz seed 7, op #-1): a clause held two text runs (the
 * chair's "8 " and USA's "—", written at once); USA's editor, applying a remote update,
 * merged them as ProseMirror reads them (one text): it wrote "—" again at the end of the
 * first and removed the second. CHN, not having seen that, had typed "; and" in the second:
 * refused "deleting text proposed by CHN".
 */
const merged = savedRefusal("seed7-cleanup");

/** The clause's text run that holds USA's "—" and CHN's "; and" (USA's second run). */
function secondRun(doc: Y.Doc): Y.XmlText | null {
  let found: Y.XmlText | null = null;
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText && plain(child) === "—; and") found = child;
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  return found;
}

test("USA's editor merges a clause's second text run into the first while CHN types '; and' into the second, unseen: accepted, CHN's words follow USA's '—'", () => {
  const doc = merged.serverDoc();
  assert.ok(secondRun(doc), "the second run holds CHN's words before the update");
  assert.deepEqual(clausesWith(doc, "8 —"), ["8 —{USA}"]);
  assert.equal(receiveAsRoom(doc, merged.update, merged.actor), null);
  assert.equal(secondRun(doc), null, "the second run is gone");
  assert.deepEqual(clausesWith(doc, "8 —"), ["8 —; and{CHN}"]);
});

test("USA removing that text run with CHN's words in it, having seen them, is still refused", () => {
  const doc = merged.serverDoc();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const run = secondRun(copy)!;
  const parent = run.parent as Y.XmlElement;
  parent.delete(parent.toArray().indexOf(run), 1);
  const forged = Y.encodeStateAsUpdate(copy, before);
  assert.equal(receiveAsRoom(doc, forged, merged.actor), "deleting text proposed by CHN");
});
