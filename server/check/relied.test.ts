import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * An editor's clean-up of formatting that relied on a mark another had meanwhile taken
 * away (check/carry.ts, planRelied), on the document and update of a fuzz run (fuzz seed 3
 * op #154): RUS's insertion resumed after words RUS had inserted and then took back; the
 * secretariat, typing for CHN elsewhere in that clause and not having seen the removal,
 * had its editor merge the two runs of RUS's insertion by deleting the second start. On the
 * server that took RUS's mark off the words after it: refused "accepting RUS's insertion is
 * for the chair".
 */

const saved = savedRefusal("seed3-op154");
const serverDoc = () => saved.serverDoc();
const receive = receiveAsRoom;

/** Who holds the insertion on each character of the text run that holds `needle`, over `needle`. */
function insertionsOver(doc: Y.Doc, needle: string): (string | null)[] {
  const found: (string | null)[][] = [];
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText) {
        const delta = child.toDelta() as { insert: string; attributes?: Record<string, { by?: string }> }[];
        const text = delta.map((d) => d.insert).join("");
        const at = text.indexOf(needle);
        if (at < 0) continue;
        const by: (string | null)[] = [];
        for (const d of delta) {
          const ins = Object.entries(d.attributes ?? {}).find(([key]) => key.startsWith("insertion"))?.[1];
          for (let i = 0; i < d.insert.length; i++) by.push(ins?.by ?? null);
        }
        found.push(by.slice(at, at + needle.length));
      } else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  assert.equal(found.length, 1, `"${needle}" is in one text`);
  return found[0]!;
}

const AFTER = ") for WSIS activ—ities are developed";

test("the secretariat's clean-up that merged two runs of RUS's insertion, one of them taken back meanwhile: accepted, and RUS's words keep RUS's mark", () => {
  const doc = serverDoc();
  assert.deepEqual(insertionsOver(doc, AFTER), Array(AFTER.length).fill("RUS"), "RUS's words before the update");
  assert.equal(receive(doc, saved.update, saved.actor), null);
  assert.deepEqual(insertionsOver(doc, AFTER), Array(AFTER.length).fill("RUS"), "RUS's words after it");
});

test("deleting the start of RUS's insertion, and nothing else, is still refused", () => {
  const doc = serverDoc();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  // The formatting item the honest update deleted that began RUS's mark on those words.
  const { ds } = Y.decodeUpdate(saved.update);
  copy.transact((transaction) => {
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        for (let k = clock; k < clock + len; k++) {
          const item = Y.getItem(copy.store, { client, clock: k } as Y.ID) as Y.Item;
          if (item.content instanceof Y.ContentFormat && !item.deleted && (item.content.value as { by?: string } | null)?.by === "RUS") item.delete(transaction);
        }
      }
    }
  });
  const forged = Y.encodeStateAsUpdate(copy, before);
  assert.equal(receive(doc, forged, saved.actor), "accepting RUS's insertion is for the chair");
});
