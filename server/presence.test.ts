import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { PresenceUser } from "../shared/protocol.ts";
import { stampPresence } from "./presence.ts";
import { MAX_PRESENCE_CLIENT_IDS } from "./presence-limit.ts";
import { connectClient, rawClient, startTestSession, until } from "./test-support.ts";
import type { TestClient } from "./test-support.ts";
import { presenceMessage, presenceStates } from "./test-peer.ts";

type State = { user?: PresenceUser; cursor?: unknown } | undefined;

function stateUntil(client: TestClient, what: string, clientId: number, test: (state: State) => boolean): Promise<State> {
  return until<State>(what, (done) => {
    const check = () => {
      const state = client.provider.awareness.getStates().get(clientId) as State;
      if (test(state)) done(state);
    };
    client.provider.awareness.on("change", check);
    check();
    return () => client.provider.awareness.off("change", check);
  });
}

describe("presence", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  const clients: TestClient[] = [];
  before(async () => {
    session = await startTestSession();
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await session.cleanup();
  });

  test("a delegation that claims to be another is shown as itself", async () => {
    const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    const rus = await connectClient(session.wsBase, session.id, session.tokens.RUS!);
    clients.push(usa, rus);
    const forged: PresenceUser = { name: "Russian Federation", code: "RUS", role: "chair", colour: "#000000" };
    usa.provider.awareness.setLocalState({ user: forged, cursor: { anchor: 3, head: 7 } });
    const seen = await stateUntil(rus, "RUS to see the USA cursor", usa.doc.clientID, (s) => s?.cursor !== undefined);
    assert.deepEqual(seen!.cursor, { anchor: 3, head: 7 });
    assert.equal(seen!.user!.name, "United States");
    assert.equal(seen!.user!.code, "USA");
    assert.equal(seen!.user!.role, "delegation");
    assert.match(seen!.user!.colour, /^#[0-9a-f]{6}$/);
    assert.notEqual(seen!.user!.colour, "#000000");
  });

  test("a state with no user gets the roster's, and leaving removes it", async () => {
    const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
    const observer = await connectClient(session.wsBase, session.id, session.tokens.observer!);
    clients.push(chair, observer);
    observer.provider.awareness.setLocalState({ cursor: null });
    const seen = await stateUntil(chair, "the chair to see the observer", observer.doc.clientID, (s) => s !== undefined);
    assert.deepEqual(seen!.user, { name: "Observer", code: null, role: "observer", colour: seen!.user!.colour });
    const id = observer.doc.clientID;
    observer.destroy();
    await stateUntil(chair, "the observer's presence to go", id, (s) => s === undefined);
  });

  test("a connection cannot overwrite another connection's presence", async () => {
    const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
    clients.push(usa, chair);
    usa.provider.awareness.setLocalState({ cursor: "usa" });
    await stateUntil(chair, "the USA cursor", usa.doc.clientID, (s) => s?.cursor === "usa");
    const intruder = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.RUS}`);
    intruder.socket.send(presenceMessage(usa.doc.clientID, 10_000, { cursor: "hijacked" }));
    intruder.socket.send(presenceMessage(424242, 1, { cursor: "rus" }));
    await stateUntil(chair, "the intruder's own cursor", 424242, (s) => s?.cursor === "rus");
    const usaState = chair.provider.awareness.getStates().get(usa.doc.clientID) as State;
    assert.equal(usaState!.cursor, "usa");
    assert.equal(usaState!.user!.code, "USA");
    intruder.socket.close();
  });

  test("a message with more states than one connection may have is dropped whole; 4 go through", async () => {
    const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
    clients.push(chair);
    const intruder = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.RUS}`);
    const forged = Array.from({ length: 240 }, (_, i) => ({ clientId: 500_000 + i, clock: 1, state: { cursor: `fake ${i}`, padding: "x".repeat(7000) } }));
    intruder.socket.send(presenceStates(forged));
    intruder.socket.send(presenceStates(forged.slice(0, MAX_PRESENCE_CLIENT_IDS + 1)));
    const four = Array.from({ length: MAX_PRESENCE_CLIENT_IDS }, (_, i) => ({ clientId: 600_000 + i, clock: 1, state: { cursor: `own ${i}` } }));
    intruder.socket.send(presenceStates(four));
    await stateUntil(chair, "the fourth state of the last message", 600_000 + MAX_PRESENCE_CLIENT_IDS - 1, (s) => s !== undefined);
    const seen = [...chair.provider.awareness.getStates().keys()];
    assert.deepEqual(seen.filter((id) => id >= 500_000 && id < 600_000), [], "no state of the dropped messages reached the chair");
    assert.equal(seen.filter((id) => id >= 600_000 && id < 600_100).length, MAX_PRESENCE_CLIENT_IDS);
    intruder.socket.close();
  });

  test(
    "a connection speaks for at most 4 client ids, whatever it spreads them over",
    async () => {
      const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
      clients.push(chair);
      const intruder = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens.USA}`);
      for (let i = 0; i < MAX_PRESENCE_CLIENT_IDS + 3; i++) intruder.socket.send(presenceMessage(700_000 + i, 1, { cursor: i }));
      intruder.socket.send(presenceMessage(700_000, 2, { cursor: "last" }));
      await stateUntil(chair, "the intruder's last cursor", 700_000, (s) => s?.cursor === "last");
      const ids = [...chair.provider.awareness.getStates().keys()].filter((id) => id >= 700_000 && id < 700_100);
      intruder.socket.close();
      assert.equal(ids.length, MAX_PRESENCE_CLIENT_IDS);
    },
  );
});

describe("stampPresence", () => {
  const user: PresenceUser = { name: "Kenya", code: "KEN", role: "delegation", colour: "#123456" };
  const inner = (states: { clientId: number; clock: number; state: unknown }[]) => {
    const message = presenceStates(states);
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder);
    return decoding.readVarUint8Array(decoder);
  };
  const states = (ids: number[]) => ids.map((clientId) => ({ clientId, clock: 1, state: { cursor: clientId } }));

  test("drops a message of more than 4 states, and one that would make a connection speak for more than 4 ids", () => {
    assert.deepEqual(stampPresence(inner(states([1, 2, 3, 4, 5])), user, () => true).clientIds, []);
    assert.deepEqual(stampPresence(inner(states([1, 2, 3, 4])), user, () => true).clientIds, [1, 2, 3, 4]);
    assert.deepEqual(stampPresence(inner(states([5])), user, () => true, new Set([1, 2, 3, 4])).clientIds, []);
    assert.deepEqual(stampPresence(inner(states([4])), user, () => true, new Set([1, 2, 3, 4])).clientIds, [4], "its own ids again are fine");
    const leaving = inner([{ clientId: 9, clock: 2, state: null }]);
    assert.deepEqual(stampPresence(leaving, user, () => true, new Set([1, 2, 3, 4])).clientIds, [9], "a departure adds no id");
    assert.deepEqual([...stampPresence(inner(states([1, 2, 3, 4, 5])), user, () => true).update], [0], "an update of no states");
  });

  test("keeps a client's other fields, replaces user, and keeps a departure as null", () => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 2);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 5);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: "Forged" }, cursor: 1 }));
    encoding.writeVarUint(inner, 2);
    encoding.writeVarUint(inner, 6);
    encoding.writeVarString(inner, "null");
    const { update, clientIds } = stampPresence(encoding.toUint8Array(inner), user, (id) => id !== 2);
    assert.deepEqual(clientIds, [1]);
    const text = new TextDecoder().decode(update);
    assert.match(text, /"name":"Kenya"/);
    assert.doesNotMatch(text, /Forged/);
  });
});
