import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { receiveAsRoom, savedRefusal } from "./saved-refusal.ts";

/**
 * Words typed before formatting items another editor removed meanwhile (check/carry.ts,
 * planRemovedMeanwhile), on the document and update of a fuzz run (fuzz seed 5 op #349):
 * RUS types "; and" between the chair's inserted "7" and " ". In RUS's copy an "off, on"
 * pair of the chair's insertion stood between them; another editor's clean-up had removed
 * that redundant pair meanwhile. RUS's editor turned the chair's insertion off before its
 * words and left it to the "on" item to give it back to " ": on the server, without that
 * item, " " lost the chair's insertion: refused "accepting chair's insertion is for the chair".
 */

const saved = savedRefusal("seed5-op349");

/** The text run that holds `needle`. */
function textWith(doc: Y.Doc, needle: string): Y.XmlText {
  const found: Y.XmlText[] = [];
  const visit = (type: Y.AbstractType<any>) => {
    for (const child of (type as Y.XmlElement).toArray()) {
      if (child instanceof Y.XmlText && plain(child).includes(needle)) found.push(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment("body"));
  assert.equal(found.length, 1, `"${needle}" is in one text`);
  return found[0]!;
}

type Delta = { insert: string; attributes?: Record<string, { by?: string }> }[];

function plain(text: Y.XmlText): string {
  return (text.toDelta() as Delta).map((d) => d.insert).join("");
}

/** The first stretches of the text run that holds `needle`, each with whose insertions it carries ("7{chair}"). */
function insertions(doc: Y.Doc, needle: string): string {
  return (textWith(doc, needle).toDelta() as Delta)
    .slice(0, 5)
    .map((d) => {
      const by = Object.entries(d.attributes ?? {})
        .filter(([key]) => key.startsWith("insertion"))
        .map(([, value]) => value.by)
        .sort()
        .join(",");
      return `${d.insert}{${by}}`;
    })
    .join("");
}

test("RUS types '; and' after the chair's '7', the chair's redundant 'off, on' pair after it removed meanwhile: accepted, ' ' keeps the chair's insertion", () => {
  const doc = saved.serverDoc();
  assert.equal(insertions(doc, "7 ; and5"), "7{chair} {chair}; and{CHN}5{chair,chair} {chair}");
  assert.equal(receiveAsRoom(doc, saved.update, saved.actor), null);
  assert.equal(insertions(doc, "7; and ; and5"), "7{chair}; and{RUS} {chair}; and{CHN}5{chair,chair}");
});

test("RUS taking the chair's insertion off that ' ' is still refused", () => {
  const doc = saved.serverDoc();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const text = textWith(copy, "7 ; and5");
  const at = plain(text).indexOf("7 ; and5") + 1;
  const key = Object.keys((text.toDelta() as Delta)[1]!.attributes!).find((k) => k.startsWith("insertion"))!;
  text.format(at, 1, { [key]: null });
  const forged = Y.encodeStateAsUpdate(copy, before);
  assert.equal(receiveAsRoom(doc, forged, saved.actor), "accepting chair's insertion is for the chair");
});
