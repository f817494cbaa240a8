import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CloseCode } from "../shared/protocol.ts";
import { rawClient, refusedUpgrade, startTestSession } from "./test-support.ts";

describe("the WebSocket upgrade", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  before(async () => {
    session = await startTestSession();
  });
  after(async () => {
    await session.cleanup();
  });

  const url = (sessionId: string, token?: string) =>
    `${session.wsBase}/${sessionId}${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;

  test("answers 401 without a token, and sends no byte of the document", async () => {
    const refused = await refusedUpgrade(url(session.id));
    assert.equal(refused.status, 401);
    assert.equal(refused.messages, 0);
    assert.doesNotMatch(refused.body, /RESOLUTION|WSIS/);
  });

  test("answers 401 to a wrong token", async () => {
    const refused = await refusedUpgrade(url(session.id, "A".repeat(43)));
    assert.equal(refused.status, 401);
    assert.equal(refused.messages, 0);
  });

  test("answers 401 to another session's token", async () => {
    const other = await (await import("./test-support.ts")).createTestSession(session.server, session.dataDir);
    const refused = await refusedUpgrade(url(session.id, other.tokens.chair));
    assert.equal(refused.status, 401);
  });

  test("answers 404 for an unknown session", async () => {
    const refused = await refusedUpgrade(url("no-such-session", session.tokens.chair));
    assert.equal(refused.status, 404);
    assert.equal(refused.messages, 0);
  });

  test("accepts a valid token and sends the document", async () => {
    const client = await rawClient(url(session.id, session.tokens.RUS));
    const state = await client.roundTrip();
    assert.ok(state.byteLength > 1000, "the sync step 2 carries the draft");
    client.socket.close();
  });

  test("a revoked token is closed at once with Unauthorized and then refused with 401", async () => {
    const me = await fetch(`${session.server.url}/api/sessions/${session.id}/participants`, {
      headers: { Authorization: `Bearer ${session.tokens.secretariat}` },
    });
    const { participants } = (await me.json()) as { participants: { id: string; code: string | null }[] };
    const usa = participants.find((p) => p.code === "USA")!;
    const client = await rawClient(url(session.id, session.tokens.USA));
    await client.roundTrip();
    const revoke = await fetch(`${session.server.url}/api/sessions/${session.id}/participants/${usa.id}/revoke`, {
      method: "POST",
      headers: { Authorization: `Bearer ${session.tokens.chair}` },
    });
    assert.equal(revoke.status, 204);
    assert.equal((await client.closed).code, CloseCode.Unauthorized);
    const refused = await refusedUpgrade(url(session.id, session.tokens.USA));
    assert.equal(refused.status, 401);
    assert.equal(refused.messages, 0);
  });
});
