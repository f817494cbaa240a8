import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * An editor's clean-up of formatting around text it deleted, with words others had typed
 * there meanwhile (check/carry.ts, planCleaned), on the document and update of a fuzz run
 * (fuzz seed 6 op #366): the secretariat, typing for USA, deletes USA's "e[" between RUS's
 * struck "a" and "g" (the "g" stays, struck). Its editor also deletes the formatting items
 * that ended RUS's strike after "a" and began it again before "g", and those of USA's
 * insertion, which had nothing left between them in its view. On the server, RUS's "shall "
 * and the chair's "ICTs ", typed after "e" meanwhile, stood between them and came out
 * struck by RUS, and "g" came out USA's insertion: refused "marking existing text as your
 * insertion".
 */

const saved = savedRefusal("seed6-op366");
const serverDoc = () => saved.serverDoc();
const receive = receiveAsRoom;

/** The text run that holds `needle` from its start, each character with its change marks ("i:USA", "d:RUS", sorted). */
function marked(doc: Y.Doc, needle: string): string {
  const found: string[] = [];
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText) {
        const delta = child.toDelta() as { insert: string; attributes?: Record<string, { by?: string }> }[];
        if (!delta.map((d) => d.insert).join("").includes(needle)) continue;
        found.push(
          delta
            .map((d) => {
              const marks = Object.entries(d.attributes ?? {})
                .filter(([key]) => key.startsWith("insertion") || key.startsWith("deletion"))
                .map(([key, value]) => `${key[0]}:${value.by}`)
                .sort()
                .join(",");
              return `${d.insert}{${marks}}`;
            })
            .join(""),
        );
      } else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  assert.equal(found.length, 1, `"${needle}" is in one text`);
  return found[0]!;
}

test("the secretariat deletes USA's 'e[' between RUS's struck letters while RUS and the chair type after 'e', unseen: accepted, their words and 'g' keep their marks", () => {
  const doc = serverDoc();
  assert.equal(marked(doc, "shall ICTs"), "a{d:RUS,d:RUS}e{i:USA}shall {i:RUS}ICTs {i:USA,i:chair}[{i:USA}g{d:RUS,d:RUS}");
  assert.equal(receive(doc, saved.update, saved.actor), null);
  assert.equal(marked(doc, "shall ICTs"), "a{d:RUS,d:RUS}shall {i:RUS}ICTs {i:USA,i:chair}g{d:RUS,d:RUS}");
});

test("deleting only the items that end RUS's strike after 'a', no text around them: RUS's strike goes on over what follows, nothing restored", () => {
  const doc = serverDoc();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  // The formatting items of the honest update that end RUS's strikes (value null, a deletion key), and only those.
  const { ds } = Y.decodeUpdate(saved.update);
  let ends = 0;
  copy.transact((transaction) => {
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        for (let k = clock; k < clock + len; k++) {
          const item = Y.getItem(copy.store, { client, clock: k } as Y.ID) as Y.Item;
          if (item.content instanceof Y.ContentFormat && !item.deleted && item.content.key.startsWith("deletion") && item.content.value === null) {
            item.delete(transaction);
            ends++;
          }
        }
      }
    }
  });
  assert.equal(ends, 2);
  const forged = Y.encodeStateAsUpdate(copy, before);
  // The secretariat may strike for RUS: this is RUS's strike, and the server leaves it so.
  assert.equal(receive(doc, forged, saved.actor), null);
  assert.equal(marked(doc, "shall ICTs"), "a{d:RUS,d:RUS}e{d:RUS,d:RUS,i:USA}shall {d:RUS,d:RUS,i:RUS}ICTs {d:RUS,d:RUS,i:USA,i:chair}[{d:RUS,d:RUS,i:USA}g{d:RUS,d:RUS}");
});

/**
 * The same clean-up where the formatting item written meanwhile is not inside a stretch the
 * update emptied but between the neighbours of one of its own new items (fuzz seed 4 op
 * #592, RUS offline: the update as its editor wrote it, on the server's document when it came
 * back): RUS typed "UNESCO" elsewhere in the text and y-prosemirror wrote the formatting of
 * the whole text again, taking out, after USA's "UNESCO", the items that ended USA's and
 * RUS's insertions and began RUS's strike of "E", and writing their like of its own right
 * after "UNESCO". USA's editor had meanwhile written, right there, an item beginning USA's
 * insertion irtv1fo5nz5w2 again (whose end RUS's took out): on the server it stood after
 * RUS's items and ran on over "E", refused "writing as USA".
 */
const unseenSaved = savedRefusal("seed4-op592");

test("RUS's editor re-writes the formatting before 'E' while USA's, unseen, begins its insertion again there: accepted, 'E' does not become USA's new proposal", () => {
  const doc = unseenSaved.serverDoc();
  const lines = "to continue to facilitate the implementation of the WSIS action lines{i:RUS}";
  assert.equal(marked(doc, "C6UN"), `[n Lin{}${lines}es C2, C5 and C6UN{i:USA}s{i:RUS,i:USA}UNESCO{i:USA}E{d:RUS,i:USA}`);
  assert.equal(receive(doc, unseenSaved.update, unseenSaved.actor), null);
  // RUS's "UNESCO" is RUS's; "E" keeps one insertion of USA's (itckiy8mf8dw3) and RUS's strike.
  assert.equal(marked(doc, "C6UN"), `[n Lin{}${lines}es C2, C5 a{i:USA}UNESCO{i:RUS}nd C6UN{i:USA}s{i:RUS,i:USA}UNESCO{i:USA}E{d:RUS,i:USA}`);
});

test("taking out the item that ends USA's insertion irtv1fo5nz5w2 before 'E', and nothing else, is still refused", () => {
  const doc = unseenSaved.serverDoc();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const { ds } = Y.decodeUpdate(unseenSaved.update);
  let ends = 0;
  copy.transact((transaction) => {
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        for (let k = clock; k < clock + len; k++) {
          const item = Y.getItem(copy.store, { client, clock: k } as Y.ID) as Y.Item;
          if (item.content instanceof Y.ContentFormat && !item.deleted && item.content.key === "insertion--50Us7ywN" && item.content.value === null) {
            item.delete(transaction);
            ends++;
          }
        }
      }
    }
  });
  assert.equal(ends, 1);
  assert.equal(receive(doc, Y.encodeStateAsUpdate(copy, before), unseenSaved.actor), "writing as USA");
});
