import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as Y from "yjs";
import { CloseCode } from "../shared/protocol.ts";
import { UPDATE_BURST } from "./update-rate.ts";
import { bodyText, connectClient, docUntil, insertionFormat, startTestSession, until } from "./test-support.ts";

/**
 * Issue 10: 5,000 legal one-character updates in a burst held the server for everyone.
 * A participant past its update budget is closed with TooManyUpdates; a stock
 * y-websocket client reconnects by itself and nothing it typed is lost.
 */

let session: Awaited<ReturnType<typeof startTestSession>>;
before(async () => {
  session = await startTestSession();
});
after(async () => {
  await session.cleanup();
});

/** The first Y.XmlText of the first clause of the reference draft. */
function firstClauseText(doc: Y.Doc): Y.XmlText {
  const group = doc.getXmlFragment("body").toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "clause_group") as Y.XmlElement;
  const clause = group.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "clause") as Y.XmlElement;
  return clause.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText;
}

test("a flood of legal updates closes that participant with TooManyUpdates; its client reconnects by itself and nothing typed is lost", async () => {
  const chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
  const usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
  try {
    const change = { id: "iflood1", by: "USA", at: new Date().toISOString() };
    const closed = until<number>("the flooding connection to close", (done) => {
      const onClose = (event: { code: number } | null) => done(event?.code ?? -1);
      usa.provider.on("connection-close", onClose);
      return () => usa.provider.off("connection-close", onClose);
    });
    const text = firstClauseText(usa.doc);
    // One character an update, each a legal proposal, far past the burst.
    for (let i = 0; i < UPDATE_BURST + 200; i++) text.insert(3 + i, "x", insertionFormat(change));
    assert.equal(await closed, CloseCode.TooManyUpdates);
    assert.equal(chair.provider.wsconnected, true, "the others stay connected");
    const flood = "x".repeat(UPDATE_BURST + 200);
    await docUntil(chair.doc, "the whole flood at the chair, after USA's client reconnected", (d) => bodyText(d).includes(flood), 15_000);
  } finally {
    usa.destroy();
    chair.destroy();
  }
});
