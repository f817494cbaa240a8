import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * Words taken back between the items that began and ended their mark, the end removed
 * meanwhile by another (check/carry.ts, planEndedUnseen), on the document, update and record
 * of moves of a fuzz run (seed 8 op #526): CHN deletes "COl (pending)", striking RUS's "CO"
 * and "(pending)" and taking back its own "l ". Its editor deletes, with "l ", the items
 * that began and ended CHN's insertion around it; the end had meanwhile been removed by
 * another's clean-up, so on the server CHN's insertion ran on over "(pending)Stat]", and
 * deleting the start took it off them: refused "accepting CHN's insertion is for the chair".
 */

const saved = savedRefusal("seed8-op526");

type Delta = { insert: string; attributes?: Record<string, { by?: string } | null> }[];

/** The stretches of the text run holding `needle`, from `needle` on, each with whose change marks it carries ("Stat{ins:CHN}"). */
function marked(doc: Y.Doc, needle: string): string {
  const found: Y.XmlText[] = [];
  const visit = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText && (child.toDelta() as Delta).map((d) => d.insert).join("").includes(needle)) found.push(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  assert.equal(found.length, 1, `"${needle}" is in one text`);
  const out = (found[0]!.toDelta() as Delta).map((d) => {
    const marks = Object.entries(d.attributes ?? {})
      .filter(([key]) => key.startsWith("insertion") || key.startsWith("deletion"))
      .map(([key, value]) => `${key.startsWith("insertion") ? "ins" : "del"}:${value?.by}`)
      .sort()
      .join(",");
    return `${d.insert}{${marks}}`;
  });
  const joined = out.join("");
  return joined.slice(joined.indexOf("UNES"));
}

test("CHN takes back its 'l ' whose insertion's end another had removed meanwhile: accepted, the text after it keeps the marks the server held", () => {
  const doc = saved.serverDoc();
  assert.equal(marked(doc, "shalUNESCOl (pending)"), "UNESCO{ins:RUS}l {ins:CHN}(pending){ins:CHN,ins:RUS}Stat{ins:CHN}]{ins:CHN,ins:RUS}");
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor, saved.moves()), null);
  assert.equal(marked(doc, "shalUNESCO(pending)"), "UNES{ins:RUS}CO{del:CHN,ins:RUS}(pending){del:CHN,ins:CHN,ins:RUS}Stat{ins:CHN}]{ins:CHN,ins:RUS}");
});

test("CHN taking its insertion off that text is still refused", () => {
  const doc = saved.serverDoc();
  const text = (() => {
    let found: Y.XmlText | null = null;
    const visit = (type: Y.XmlFragment | Y.XmlElement) => {
      for (const child of type.toArray()) {
        if (child instanceof Y.XmlText && (child.toDelta() as Delta).map((d) => d.insert).join("").includes("UNESCOl (pending)Stat]")) found = child;
        else if (child instanceof Y.XmlElement) visit(child);
      }
    };
    visit(doc.getXmlFragment("body"));
    return found! as Y.XmlText;
  })();
  const plain = (text.toDelta() as Delta).map((d) => d.insert).join("");
  const at = plain.indexOf("Stat");
  const key = Object.keys((text.toDelta() as Delta).find((d) => d.insert.includes("Stat"))!.attributes!).find((k) => k.startsWith("insertion"))!;
  const sender = new Y.Doc();
  Y.applyUpdate(sender, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(sender);
  const mine = (() => {
    let found: Y.XmlText | null = null;
    const visit = (type: Y.XmlFragment | Y.XmlElement) => {
      for (const child of type.toArray()) {
        if (child instanceof Y.XmlText && child.toString().length > 0 && (child.toDelta() as Delta).map((d) => d.insert).join("") === plain) found = child;
        else if (child instanceof Y.XmlElement) visit(child);
      }
    };
    visit(sender.getXmlFragment("body"));
    return found! as Y.XmlText;
  })();
  mine.format(at, 4, { [key]: null });
  const update = Y.encodeStateAsUpdate(sender, before);
  assert.match(receiveAsRoom(doc, update, saved.actor, saved.moves()) ?? "", /insertion is for the chair/);
});
