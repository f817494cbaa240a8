import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode, MAX_MESSAGE_BYTES, MessageType } from "../shared/protocol.ts";
import { Store } from "./store.ts";
import {
  addParagraph,
  appendParagraph,
  bodyText,
  connectClient,
  docUntil,
  rawClient,
  startTestSession,
  syncMessage,
} from "./test-support.ts";
import type { RawClient, TestClient } from "./test-support.ts";

describe("one connection", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  const clients: TestClient[] = [];
  const raws: RawClient[] = [];
  before(async () => {
    session = await startTestSession();
  });
  after(async () => {
    for (const client of clients) client.destroy();
    for (const raw of raws) raw.socket.terminate();
    await session.cleanup();
  });

  const open = async (seat: string) => {
    const raw = await rawClient(`${session.wsBase}/${session.id}?token=${session.tokens[seat]}`);
    raws.push(raw);
    return raw;
  };
  const watcher = async () => {
    const client = await connectClient(session.wsBase, session.id, session.tokens.chair!);
    clients.push(client);
    return client;
  };
  const logLength = () => {
    const store = Store.open(session.dataDir);
    try {
      return store.lastSeq(session.id);
    } finally {
      store.close();
    }
  };
  /** An edit by the secretariat that everyone sees: after it arrives, every earlier message has been handled. */
  const secretariatEdit = async (seen: TestClient, text: string) => {
    const secretariat = await connectClient(session.wsBase, session.id, session.tokens.secretariat!);
    clients.push(secretariat);
    addParagraph(secretariat.doc, text);
    await docUntil(seen.doc, `the secretariat's "${text}"`, (d) => bodyText(d).includes(text));
  };

  test("an observer's document updates are dropped: not applied, stored or relayed", async () => {
    const chair = await watcher();
    const observer = await open("observer");
    const base = new Y.Doc();
    Y.applyUpdate(base, await observer.roundTrip());
    const seqBefore = logLength();
    const received = observer.messages.length;
    observer.socket.send(syncMessage(syncProtocol.messageYjsUpdate, appendParagraph(base, "[observer wording]")));
    observer.socket.send(syncMessage(syncProtocol.messageYjsSyncStep2, appendParagraph(base, "[observer step 2]")));
    const after = new Y.Doc();
    Y.applyUpdate(after, await observer.roundTrip());
    assert.doesNotMatch(bodyText(after), /\[observer/, "the server's document is unchanged");
    assert.equal(logLength(), seqBefore, "nothing was stored");
    assert.equal(observer.messages.length, received + 1, "the observer got only its round trip's answer");
    assert.equal(observer.socket.readyState, observer.socket.OPEN, "the observer stays connected");
    await secretariatEdit(chair, "[after the observer]");
    assert.doesNotMatch(bodyText(chair.doc), /\[observer/, "the chair never saw it");
  });

  test("a message over 2 MiB closes that connection with MessageTooLarge", async () => {
    const usa = await open("USA");
    const big = new Uint8Array(MAX_MESSAGE_BYTES + 1);
    big[0] = MessageType.Sync;
    usa.socket.send(big);
    assert.equal((await usa.closed).code, CloseCode.MessageTooLarge);
  });

  test("a message of exactly 2 MiB is read (and here refused as malformed, not as too large)", async () => {
    const usa = await open("USA");
    const edge = new Uint8Array(MAX_MESSAGE_BYTES).fill(0xff);
    usa.socket.send(edge);
    assert.equal((await usa.closed).code, CloseCode.Malformed);
  });

  const malformed: [string, () => Uint8Array | string][] = [
    ["a text frame", () => "hello"],
    ["an empty frame", () => new Uint8Array(0)],
    ["an unknown message type", () => Uint8Array.of(42, 0)],
    ["an unknown sync step", () => syncMessage(7, Uint8Array.of(0))],
    ["a truncated sync message", () => Uint8Array.of(MessageType.Sync, 2, 200)],
    ["a sync update that is not a Yjs update", () => syncMessage(syncProtocol.messageYjsUpdate, Uint8Array.of(5, 200, 1, 9, 9, 9))],
    ["a state vector that does not decode", () => syncMessage(syncProtocol.messageYjsSyncStep1, Uint8Array.of(3, 255))],
    ["trailing bytes after a message", () => Uint8Array.of(...syncMessage(syncProtocol.messageYjsUpdate, Uint8Array.of(0, 0)), 1)],
    [
      "an awareness update whose state is not JSON",
      () => {
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, 1234);
        encoding.writeVarUint(inner, 1);
        encoding.writeVarString(inner, "{not json");
        const outer = encoding.createEncoder();
        encoding.writeVarUint(outer, MessageType.Awareness);
        encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
        return encoding.toUint8Array(outer);
      },
    ],
  ];
  for (const [what, frame] of malformed) {
    test(`${what} closes only that connection with Malformed`, async () => {
      const chair = await watcher();
      const bystander = await open("RUS");
      const culprit = await open("USA");
      culprit.socket.send(frame());
      const closed = await culprit.closed;
      assert.equal(closed.code, CloseCode.Malformed);
      assert.match(closed.reason, /malformed/);
      assert.equal(bystander.socket.readyState, bystander.socket.OPEN, "the other connection is open");
      await bystander.roundTrip();
      await secretariatEdit(chair, `[still editing after ${what}]`);
    });
  }
});
