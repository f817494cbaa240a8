import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Participant } from "../shared/protocol.ts";
import { refusedUpgrade, startTestSession, tokenOf } from "./test-support.ts";

describe("the JSON API", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  before(async () => {
    session = await startTestSession();
  });
  after(async () => {
    await session.cleanup();
  });

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${session.server.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const api = (path: string) => `/api/sessions/${session.id}${path}`;

  test("every response says Referrer-Policy: no-referrer", async () => {
    for (const path of ["/", api("/me"), `/s/${session.id}`, "/assets/none.js"]) {
      assert.equal((await call("GET", path)).headers.get("referrer-policy"), "no-referrer", path);
    }
  });

  test("me gives the session, the caller and the roster with server-assigned colours", async () => {
    const response = await call("GET", api("/me"), session.tokens.RUS);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { session: { id: string; title: string }; me: Participant; roster: Participant[] };
    assert.deepEqual(body.session, { id: session.id, title: "Test session" });
    assert.equal(body.me.code, "RUS");
    assert.equal(body.me.role, "delegation");
    assert.deepEqual(body.roster.map((p) => p.role), ["chair", "secretariat", "observer", "delegation", "delegation"]);
    assert.equal(new Set(body.roster.map((p) => p.colour)).size, body.roster.length);
  });

  test("me refuses a wrong token with 401 and an unknown session with 404", async () => {
    assert.equal((await call("GET", api("/me"), "nope")).status, 401);
    assert.equal((await call("GET", api("/me"))).status, 401);
    assert.equal((await call("GET", "/api/sessions/unknown/me", session.tokens.chair)).status, 404);
  });

  test("only the chair and the secretariat see and manage the roster", async () => {
    assert.equal((await call("GET", api("/participants"), session.tokens.USA)).status, 403);
    assert.equal((await call("GET", api("/participants"), session.tokens.observer)).status, 403);
    const listed = await call("GET", api("/participants"), session.tokens.secretariat);
    assert.equal(listed.status, 200);
    const { participants } = (await listed.json()) as { participants: Participant[] };
    const chair = participants.find((p) => p.role === "chair")!;
    assert.equal((await call("POST", api(`/participants/${chair.id}/revoke`), session.tokens.USA)).status, 403);
    assert.equal((await call("POST", api(`/participants/nobody/revoke`), session.tokens.chair)).status, 404);
  });

  test("reissue gives a working link and the old token stops working", async () => {
    const { participants } = (await (await call("GET", api("/participants"), session.tokens.chair)).json()) as { participants: Participant[] };
    const usa = participants.find((p) => p.code === "USA")!;
    const response = await call("POST", api(`/participants/${usa.id}/reissue`), session.tokens.chair);
    assert.equal(response.status, 200);
    const { link } = (await response.json()) as { link: string };
    assert.match(link, new RegExp(`/s/${session.id}#t=`));
    assert.equal((await call("GET", api("/me"), session.tokens.USA)).status, 401);
    assert.equal((await call("GET", api("/me"), tokenOf(link))).status, 200);
    assert.equal((await refusedUpgrade(`${session.wsBase}/${session.id}?token=${session.tokens.USA}`)).status, 401);
  });

  test("creating a session needs the admin token, and bad DL text is answered 422 with its position", async () => {
    const draft = { title: "T", text: "RESOLUTION\nbad\u0002text\n", delegations: [{ code: "KEN", name: "Kenya" }] };
    assert.equal((await call("POST", "/api/sessions", session.tokens.chair, draft)).status, 401);
    const bad = await call("POST", "/api/sessions", session.server.adminToken, draft);
    assert.equal(bad.status, 422);
    assert.deepEqual(await bad.json(), { error: "not a text file: control character U+0002", line: 2, column: 4 });
    const twice = await call("POST", "/api/sessions", session.server.adminToken, {
      ...draft,
      text: "RESOLUTION\n",
      delegations: [{ code: "KEN", name: "Kenya" }, { code: "KEN", name: "Kenya" }],
    });
    assert.equal(twice.status, 400);
    assert.match(((await twice.json()) as { error: string }).error, /"KEN" is listed twice/);
  });
});
