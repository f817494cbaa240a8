import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { request as httpRequest } from "node:http";
import type { Participant } from "../shared/protocol.ts";
import { MAX_SESSION_BODY_BYTES } from "./http.ts";
import { WAIT_MS, connectClient, refusedUpgrade, startTestSession, tokenOf, until } from "./test-support.ts";

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
    assert.equal(twice.status, 422);
    assert.deepEqual(await twice.json(), { error: 'delegation code "KEN" is listed twice', field: "delegations.1.code" });
  });

  test("a roster's delegation codes are author codes of the schema, not reserved, not repeated: 422 naming the code", async () => {
    const draft = (delegations: { code: string; name: string }[]) => ({ title: "Roster", text: "RESOLUTION\n", delegations });
    const refused = async (delegations: { code: string; name: string }[]) => {
      const response = await call("POST", "/api/sessions", session.server.adminToken, draft(delegations));
      assert.equal(response.status, 422, JSON.stringify(delegations));
      return (await response.json()) as { error: string; field: string };
    };
    for (const reserved of ["chair", "Secretariat", "IMPORT"]) {
      const body = await refused([{ code: "KEN", name: "Kenya" }, { code: reserved, name: "Someone" }]);
      assert.equal(body.field, "delegations.1.code");
      assert.match(body.error, new RegExp(`"${reserved}" is reserved`));
    }
    const bad = await refused([{ code: "U.S.A.", name: "United States" }]);
    assert.deepEqual(bad.field, "delegations.0.code");
    assert.match(bad.error, /"U\.S\.A\." must be 1 to 32 letters, digits/);
    const twice = await refused([{ code: "usa", name: "United States" }, { code: "USA", name: "United States" }]);
    assert.equal(twice.error, 'delegation code "USA" is listed twice');
    const unnamed = await refused([{ code: "KEN", name: " " }]);
    assert.deepEqual(unnamed, { error: 'delegation "KEN" has no name', field: "delegations.0.name" });
    const digitsFirst = await call("POST", "/api/sessions", session.server.adminToken, draft([{ code: "3GPP", name: "3rd Generation Partnership Project" }]));
    assert.equal(digitsFirst.status, 201, await digitsFirst.clone().text());
    assert.deepEqual(Object.keys(((await digitsFirst.json()) as { links: { delegations: object } }).links.delegations), ["3GPP"]);
  });
});

/** The status of a POST whose headers announce `length` bytes of body, of which only the first few are sent. */
function statusWithoutBody(url: string, token: string, length: number): Promise<number> {
  return until<number>("an answer before the body is sent", (done) => {
    const request = httpRequest(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": String(length) },
    });
    request.on("response", (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    });
    request.on("error", () => undefined);
    request.write('{"title":"');
    // The rest of the body never comes: only a server that answers without reading it answers at all.
    return () => request.destroy();
  });
}

describe("request bodies", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  before(async () => {
    session = await startTestSession();
  });
  after(async () => {
    await session.cleanup();
  });
  const url = () => `${session.server.url}/api/sessions`;
  const ELEVEN_MB = 11 * 1000 * 1000;

  test("POST /api/sessions with a wrong token is refused 401 before its body is read", async () => {
    assert.equal(await statusWithoutBody(url(), "wrong", ELEVEN_MB), 401);
    assert.equal(await statusWithoutBody(url(), session.tokens.chair!, 1000), 401, "a participant's token is not the admin token");
  });

  test("POST /api/sessions over the limit is refused 413 from its length, before its body is read", async () => {
    assert.equal(await statusWithoutBody(url(), session.server.adminToken, ELEVEN_MB), 413);
    assert.equal(await statusWithoutBody(url(), session.server.adminToken, MAX_SESSION_BODY_BYTES + 1), 413);
  });

  test("an 11 MB body sent whole gets 401 without the admin token and 413 with it; the server answers meanwhile", async () => {
    const body = JSON.stringify({ title: "Big", text: "x".repeat(ELEVEN_MB), delegations: [] });
    const post = (token: string) =>
      fetch(url(), { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { error: string } }),
        (error: Error) => ({ status: 0, body: { error: error.message } }),
      );
    const [unauthorized, tooLarge] = await Promise.all([post("wrong"), post(session.server.adminToken)]);
    assert.deepEqual(unauthorized, { status: 401, body: { error: "admin token missing or wrong" } });
    assert.deepEqual(tooLarge, { status: 413, body: { error: "the request body is over the limit of 9 MiB" } });
    assert.equal((await fetch(`${session.server.url}/`)).status, 200);
  });

  test("a body sent in chunks without a length is cut off at the limit with 413, the rest never read", async () => {
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    // Endless: only a server that stops reading at the limit ever answers.
    const endless = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"title":"Big","delegations":[],"text":"'));
      },
      pull(controller) {
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(url(), {
      method: "POST",
      headers: { Authorization: `Bearer ${session.server.adminToken}`, "Content-Type": "application/json" },
      body: endless,
      duplex: "half",
      signal: AbortSignal.timeout(WAIT_MS),
    } as RequestInit);
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), { error: "the request body is over the limit of 9 MiB" });
    assert.ok(sent >= 9, `${sent} MiB sent`);
  });
});

describe("who may revoke and reissue whose seat", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  let seats: Record<string, Participant>;
  before(async () => {
    session = await startTestSession();
    const listed = await fetch(`${session.server.url}/api/sessions/${session.id}/participants`, { headers: { Authorization: `Bearer ${session.tokens.chair}` } });
    const { participants } = (await listed.json()) as { participants: Participant[] };
    seats = Object.fromEntries(participants.map((p) => [p.code ?? p.role, p]));
  });
  after(async () => {
    await session.cleanup();
  });
  const act = (action: "revoke" | "reissue", seat: string, token: string) =>
    fetch(`${session.server.url}/api/sessions/${session.id}/participants/${seats[seat]!.id}/${action}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  const me = (token: string) => fetch(`${session.server.url}/api/sessions/${session.id}/me`, { headers: { Authorization: `Bearer ${token}` } });

  test("the secretariat may neither revoke nor reissue the chair's seat, and the chair's link keeps working", async () => {
    for (const action of ["reissue", "revoke"] as const) {
      const response = await act(action, "chair", session.tokens.secretariat!);
      assert.equal(response.status, 403, action);
      assert.deepEqual(await response.json(), { error: "the secretariat may not revoke or reissue the chair's seat" });
    }
    assert.equal((await me(session.tokens.chair!)).status, 200);
    const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
    chair.destroy();
  });

  test("the chair may not revoke or reissue its own seat, nor the secretariat its own", async () => {
    for (const action of ["revoke", "reissue"] as const) {
      const chair = await act(action, "chair", session.tokens.chair!);
      assert.equal(chair.status, 403);
      assert.deepEqual(await chair.json(), { error: "the chair may not revoke or reissue its own seat" });
      assert.equal((await act(action, "secretariat", session.tokens.secretariat!)).status, 403);
    }
    assert.equal((await me(session.tokens.chair!)).status, 200);
    assert.equal((await me(session.tokens.secretariat!)).status, 200);
  });

  test("the secretariat manages delegations and the observer; the chair also the secretariat", async () => {
    const usa = (await (await act("reissue", "USA", session.tokens.secretariat!)).json()) as { link: string };
    assert.equal((await me(tokenOf(usa.link))).status, 200);
    assert.equal((await act("revoke", "observer", session.tokens.secretariat!)).status, 204);
    assert.equal((await me(session.tokens.observer!)).status, 401);
    const secretariat = await act("reissue", "secretariat", session.tokens.chair!);
    assert.equal(secretariat.status, 200);
    assert.equal((await me(session.tokens.secretariat!)).status, 401, "the old secretariat link stopped working");
    assert.equal((await me(tokenOf(((await secretariat.json()) as { link: string }).link))).status, 200);
  });

  test("a delegation manages no seat, not even another delegation's", async () => {
    const response = await act("revoke", "observer", session.tokens.RUS!);
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { error: "role delegation may not manage the roster" });
    assert.equal((await act("reissue", "chair", session.tokens.RUS!)).status, 403);
    assert.equal((await me(session.tokens.chair!)).status, 200);
  });
});
