import assert from "node:assert/strict";
import { test } from "node:test";
import { ensureDemo } from "./demo.ts";
import { authenticate, reissueToken } from "./participants.ts";
import { Store } from "./store.ts";
import { tempDataDir } from "./test-support.ts";

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get("t");

test("the demo's links are printed as they stand: replaced and revoked seats say so, the chair's link always opens", () => {
  const temp = tempDataDir();
  const store = Store.open(temp.dir);
  try {
    const first = ensureDemo(store, temp.dir, "http://localhost:8080");
    const seat = (match: (p: { role: string; code: string | null }) => boolean) => store.participants(first.id).find(match)!;
    // On the links page: Kenya's link reissued, Russia's revoked, and the chair's own revoked too.
    reissueToken(store, seat((p) => p.code === "KEN").id);
    store.setRevoked(seat((p) => p.code === "RUS").id, true);
    store.setRevoked(seat((p) => p.role === "chair").id, true);
    const again = ensureDemo(store, temp.dir, "http://localhost:8080");
    assert.equal(again.id, first.id);
    assert.equal(again.links.delegations.KEN, "(replaced on the links page: open Manage links as the chair)");
    assert.equal(again.links.delegations.RUS, "(revoked on the links page)");
    assert.equal(again.links.delegations.USA, first.links.delegations.USA, "an untouched seat keeps its link");
    assert.ok(authenticate(store, first.id, tokenOf(again.links.chair))?.role === "chair", "the chair's link opens again");
    assert.equal(authenticate(store, first.id, tokenOf(first.links.chair)), null, "with a new token");
    // Kept as printed: the next start says the same.
    assert.deepEqual(ensureDemo(store, temp.dir, "http://localhost:8080").links, again.links);
  } finally {
    store.close();
    temp.remove();
  }
});
