import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { trackTransaction } from "../shared/track/suggest.ts";
import { TestPeer, rangeOf } from "./test-peer.ts";
import { startTestSession } from "./test-support.ts";

/**
 * Issue 12: a delegation seated during the session (a Member State arriving late). The chair or
 * the secretariat adds the seat; the new delegation proposes at once, and the secretariat, already
 * connected, may type for it; nobody else may add a seat, and the roster's rule still holds.
 */

let session: Awaited<ReturnType<typeof startTestSession>>;
before(async () => {
  session = await startTestSession();
});
after(async () => {
  await session.cleanup();
});

const add = (token: string | undefined, body: unknown) =>
  fetch(`${session.server.url}/api/sessions/${session.id}/participants`, {
    method: "POST",
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

const at = () => new Date().toISOString();

test("the secretariat seats France mid-session: France proposes at once, and the secretariat already in the room types for it", async () => {
  const secretariat = await TestPeer.connect(session.wsBase, session.id, session.tokens.secretariat!);
  try {
    const response = await add(session.tokens.secretariat, { code: "fra", name: "France" });
    assert.equal(response.status, 201);
    const { participant, link } = (await response.json()) as { participant: { code: string; name: string; role: string; colour: string }; link: string };
    assert.deepEqual([participant.code, participant.name, participant.role], ["FRA", "France", "delegation"], "the code is upper-cased");
    assert.match(participant.colour, /^#[0-9a-f]{6}$/);
    const token = new URLSearchParams(new URL(link).hash.slice(1)).get("t")!;
    const france = await TestPeer.connect(session.wsBase, session.id, token);
    try {
      let state = france.state();
      france.apply(trackTransaction(state, state.tr.insertText(" en français", rangeOf(state.doc, "all the responsibilities").to), { by: "FRA", at: at() }));
      await france.roundTrip();
      assert.deepEqual(france.refusals, []);
      state = secretariat.state();
      secretariat.apply(trackTransaction(state, state.tr.insertText(" et plus", rangeOf(state.doc, "en français").to), { by: "FRA", at: at() }));
      await secretariat.roundTrip();
      assert.deepEqual(secretariat.refusals, [], "typing for a delegation seated after the secretariat joined");
      assert.match(france.pm().textContent, /all the responsibilities en français et plus/);
    } finally {
      await france.close();
    }
  } finally {
    await secretariat.close();
  }
});

test("a delegation, an observer or nobody may not seat a delegation; a code already seated is refused by the roster's rule", async () => {
  assert.equal((await add(session.tokens.USA, { code: "DEU", name: "Germany" })).status, 403);
  assert.equal((await add(session.tokens.observer, { code: "DEU", name: "Germany" })).status, 403);
  assert.equal((await add(undefined, { code: "DEU", name: "Germany" })).status, 401);
  const twice = await add(session.tokens.chair, { code: "USA", name: "United States again" });
  assert.equal(twice.status, 422);
  const { error, field } = (await twice.json()) as { error: string; field: string };
  assert.match(error, /USA/);
  assert.equal(field, "code");
  const unnamed = await add(session.tokens.chair, { code: "DEU", name: "" });
  assert.equal(unnamed.status, 422);
});
