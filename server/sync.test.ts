import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as Y from "yjs";
import { prosemirrorToYXmlFragment } from "y-prosemirror";
import { parse } from "../shared/dl/parse.ts";
import { Store } from "./store.ts";
import { FIXTURE_TEXT, addParagraph, bodyText, connectClient, docUntil, startTestSession } from "./test-support.ts";
import type { TestClient } from "./test-support.ts";

describe("a stock y-websocket client", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  const clients: TestClient[] = [];
  before(async () => {
    session = await startTestSession();
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await session.cleanup();
  });

  test("syncs the session's draft: the parsed DL text in body, title and doc attrs in meta", async () => {
    const client = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    clients.push(client);
    const expected = new Y.Doc();
    prosemirrorToYXmlFragment(parse(FIXTURE_TEXT).doc, expected.getXmlFragment("body"));
    assert.equal(bodyText(client.doc), bodyText(expected));
    assert.match(bodyText(client.doc), /RESOLUTION 140/);
    const meta = client.doc.getMap("meta");
    assert.equal(meta.get("title"), "Test session");
    assert.equal(meta.get("eol"), "\n");
    assert.equal(meta.get("trailing"), 0);
  });

  test("a delegation's edit reaches the others and is logged under that delegation", async () => {
    const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
    clients.push(usa, chair);
    addParagraph(usa.doc, "[United States proposal]", "USA");
    await docUntil(chair.doc, "the chair to see the USA paragraph", (d) => bodyText(d).includes("[United States proposal]"));
    // Relayed only after it was appended: the log already holds it.
    const store = Store.open(session.dataDir);
    try {
      const usaId = store.participants(session.id).find((p) => p.code === "USA")!.id;
      const logged = store.updatesAfter(session.id).filter((u) => u.participantId === usaId);
      assert.equal(logged.length >= 1, true, "the USA update is in the log");
      const replay = new Y.Doc();
      for (const entry of store.updatesAfter(session.id)) Y.applyUpdate(replay, entry.update);
      assert.match(bodyText(replay), /\[United States proposal\]/);
    } finally {
      store.close();
    }
  });

  test("clients joining from the same state get one answer for the document as it is: an edit in between reaches the later one", async () => {
    // The room encodes a sync step 2 once per state vector and keeps it until the next change.
    const first = await connectClient(session.wsBase, session.id, session.tokens.observer!);
    const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    clients.push(first, usa);
    addParagraph(usa.doc, "[joined after this]", "USA");
    await docUntil(first.doc, "the first client to see the new paragraph", (d) => bodyText(d).includes("[joined after this]"));
    const later = await connectClient(session.wsBase, session.id, session.tokens.observer!);
    clients.push(later);
    assert.match(bodyText(later.doc), /\[joined after this\]/);
    assert.equal(bodyText(later.doc), bodyText(first.doc));
  });
});
