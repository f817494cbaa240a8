import { test } from "node:test";
import assert from "node:assert/strict";
import * as Y from "yjs";
import { skipEncodingFrom } from "../client/remote-updates.ts";

const SERVER = Symbol("server");

/** A page's doc with the skip installed, and what it would send (its "update" events, by origin). */
function page() {
  const doc = new Y.Doc();
  skipEncodingFrom(doc, SERVER);
  const sent: { update: Uint8Array; origin: unknown }[] = [];
  doc.on("update", (update: Uint8Array, origin: unknown) => sent.push({ update, origin }));
  return { doc, sent };
}

test("what arrives from the server is not encoded again; what the page types still is", () => {
  const { doc, sent } = page();
  const other = new Y.Doc();
  other.getText("t").insert(0, "from another participant");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), SERVER);
  assert.equal(doc.getText("t").toString(), "from another participant");
  assert.equal(sent.length, 0, "the remote update was encoded for the page's listeners");

  doc.getText("t").insert(0, "typed here: ");
  assert.equal(sent.length, 1);
  Y.applyUpdate(other, sent[0]!.update);
  assert.equal(other.getText("t").toString(), "typed here: from another participant");
});

test("a change the page makes while applying a remote one (from an observer) is still sent", () => {
  const { doc, sent } = page();
  const seen = doc.getMap("seen");
  doc.getText("t").observe((event) => {
    if (event.transaction.origin === SERVER) doc.transact(() => seen.set("count", (seen.get("count") as number | undefined ?? 0) + 1), "page");
  });
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.getText("t").insert(0, "one");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), SERVER);
  other.getText("t").insert(3, " two");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), SERVER);

  assert.deepEqual(sent.map((s) => s.origin), ["page", "page"]);
  for (const { update } of sent) Y.applyUpdate(other, update);
  assert.equal(other.getMap("seen").get("count"), 2);
});

test("a listener taken off between transactions stays off (the provider cut off by the page's guard sends nothing more)", () => {
  const { doc, sent } = page();
  let late = 0;
  const listener = () => late++;
  doc.on("update", listener);
  const other = new Y.Doc();
  other.getText("t").insert(0, "from another participant");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), SERVER);
  doc.off("update", listener);
  doc.getText("t").insert(0, "typed here: ");
  assert.equal(late, 0, "the removed listener was called");
  assert.equal(sent.length, 1);
});
