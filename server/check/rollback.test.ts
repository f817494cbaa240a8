import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { prng } from "../../test/random-doc.ts";
import { rollback } from "./rollback.ts";

/**
 * A refused update is taken back in place: the server's doc must then be the doc that
 * never saw it (same content, state vector and delete set), and go on accepting updates
 * exactly like it. Random Yjs edits (text, formatting, elements, attributes, deletions,
 * concurrent clients, updates that build on refused ones) under a seeded generator.
 */

const REFUSED = Symbol("refused");

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.on("beforeObserverCalls", (transaction: Y.Transaction) => {
    if (transaction.origin === REFUSED) rollback(transaction);
  });
  return doc;
}

function seedDoc(): Y.Doc {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  for (let g = 0; g < 3; g++) {
    const group = new Y.XmlElement("clause_group");
    body.insert(body.length, [group]);
    for (let c = 0; c < 3; c++) {
      const clause = new Y.XmlElement("clause");
      clause.setAttribute("gap", 1 as never);
      group.insert(group.length, [clause]);
      const text = new Y.XmlText();
      clause.insert(0, [text]);
      text.insert(0, `clause ${g}.${c} text here`, { label: {} });
    }
  }
  doc.getMap("meta").set("title", "t");
  return doc;
}

function allTexts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) out.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment("body"));
  return out;
}

function allElements(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlElement) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(doc.getXmlFragment("body"));
  return out;
}

/** One random edit on a client's doc, in one transaction. */
function randomEdit(doc: Y.Doc, rnd: () => number): void {
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
  doc.transact(() => {
    const texts = allTexts(doc);
    const elements = allElements(doc);
    const n = Math.floor(rnd() * 8);
    const text = pick(texts);
    const element = pick(elements);
    switch (n) {
      case 0:
      case 1:
        if (text) text.insert(Math.floor(rnd() * (text.length + 1)), "ab".repeat(1 + Math.floor(rnd() * 3)), rnd() < 0.5 ? { "deletion--AAAAAAAA": { id: "d", by: "USA" } } : {});
        break;
      case 2:
        if (text && text.length > 0) {
          const at = Math.floor(rnd() * text.length);
          text.delete(at, Math.min(text.length - at, 1 + Math.floor(rnd() * 6)));
        }
        break;
      case 3:
        if (text && text.length > 0) {
          const at = Math.floor(rnd() * text.length);
          text.format(at, Math.min(text.length - at, 1 + Math.floor(rnd() * 8)), { [`bracket--${rnd() < 0.5 ? "BBBBBBBB" : "CCCCCCCC"}`]: rnd() < 0.3 ? null : { id: "b", by: "RUS" } });
        }
        break;
      case 4:
        if (element) element.setAttribute(pick(["gap", "status", "inserted"])!, (rnd() < 0.2 ? null : Math.floor(rnd() * 5)) as never);
        break;
      case 5:
        if (element && element.parent instanceof Y.XmlElement) {
          const parent = element.parent;
          const clause = new Y.XmlElement("clause");
          const t = new Y.XmlText();
          t.insert(0, "new clause");
          clause.insert(0, [t]);
          parent.insert(Math.floor(rnd() * (parent.length + 1)), [clause]);
        }
        break;
      case 6:
        if (element && element.parent instanceof Y.XmlElement && element.parent.length > 1) {
          const parent = element.parent;
          parent.delete(Math.floor(rnd() * parent.length), 1);
        }
        break;
      case 7:
        doc.getMap("meta").set(pick(["title", "eol", "x"])!, rnd() < 0.3 ? null : `v${Math.floor(rnd() * 9)}`);
        break;
    }
  });
}

interface Client {
  doc: Y.Doc;
  inbox: Uint8Array[];
}

function freshClient(from: Y.Doc): Client {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return { doc, inbox: [] };
}

function assertSameDoc(actual: Y.Doc, expected: Y.Doc, where: string): void {
  assert.equal(actual.getXmlFragment("body").toString(), expected.getXmlFragment("body").toString(), `${where}: body`);
  assert.deepEqual(actual.getMap("meta").toJSON(), expected.getMap("meta").toJSON(), `${where}: meta`);
  assert.deepEqual(Y.decodeStateVector(Y.encodeStateVector(actual)), Y.decodeStateVector(Y.encodeStateVector(expected)), `${where}: state vector`);
  assert.ok(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected)), `${where}: delete set`);
  const reloaded = new Y.Doc();
  Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(actual));
  assert.equal(reloaded.getXmlFragment("body").toString(), expected.getXmlFragment("body").toString(), `${where}: encoded state`);
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`a refused update taken back leaves the doc as if it never came (seed ${seed})`, () => {
    const rnd = prng(seed);
    const origin = seedDoc();
    const server = serverDoc();
    const reference = new Y.Doc();
    const initial = Y.encodeStateAsUpdate(origin);
    Y.applyUpdate(server, initial);
    Y.applyUpdate(reference, initial);
    let clients: Client[] = [0, 1, 2].map(() => freshClient(reference));
    let refusals = 0;
    for (let step = 0; step < 300; step++) {
      const index = Math.floor(rnd() * clients.length);
      const client = clients[index]!;
      // Some of what others sent arrives first.
      for (const update of client.inbox.splice(0, Math.floor(rnd() * (client.inbox.length + 1)))) Y.applyUpdate(client.doc, update);
      const before = Y.encodeStateVector(client.doc);
      randomEdit(client.doc, rnd);
      const update = Y.encodeStateAsUpdate(client.doc, before);
      if (rnd() < 0.35) {
        refusals++;
        Y.applyUpdate(server, update, REFUSED);
        assertSameDoc(server, reference, `seed ${seed} step ${step} (refused)`);
        if (rnd() < 0.5) {
          // The client goes on from its refused state once more: its next update builds
          // on items the server does not have.
          const next = Y.encodeStateVector(client.doc);
          randomEdit(client.doc, rnd);
          Y.applyUpdate(server, Y.encodeStateAsUpdate(client.doc, next), REFUSED);
          assertSameDoc(server, reference, `seed ${seed} step ${step} (refused, pending)`);
        }
        clients[index] = freshClient(reference);
      } else {
        Y.applyUpdate(server, update);
        Y.applyUpdate(reference, update);
        for (const other of clients) if (other !== client) other.inbox.push(update);
        assertSameDoc(server, reference, `seed ${seed} step ${step}`);
      }
    }
    assert.ok(refusals > 50, "the run refused enough updates to mean something");
    clients = [];
  });
}
