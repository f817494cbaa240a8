import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as Y from "yjs";
import { bodyText, docUntil, insertionFormat, startTestSession } from "./test-support.ts";
import { TestPeer } from "./test-peer.ts";

/**
 * The document's identity is not a proposal (issue 10): a tracked symbol line
 * "Document DL/99-E (Rev.77)" renames neither the exports nor the next revision. A
 * delegation's is refused by the server (header lines are the chair's), or kept as a
 * proposal; the chair's own tracked one is a proposal until accepted. Either way the
 * name and the revision come from the accepted header.
 */

const FORGED_SYMBOL = "Document DL/99-E (Rev.77)";

/** Proposes, as `by`, a whole new symbol line with `text` right before the document's own. */
function proposeSymbolLine(doc: Y.Doc, text: string, by: string): void {
  const body = doc.getXmlFragment("body");
  const index = body.toArray().findIndex((node) => node instanceof Y.XmlElement && node.nodeName === "symbol_line");
  assert.ok(index >= 0, "the document has a symbol line");
  const change = { id: `i${Math.random().toString(36).slice(2, 12)}`, by, at: new Date().toISOString() };
  doc.transact(() => {
    const line = new Y.XmlElement("symbol_line");
    line.setAttribute("inserted", change as never);
    const content = new Y.XmlText();
    line.insert(0, [content]);
    body.insert(index, [line]);
    content.insert(0, text, insertionFormat(change));
  });
}

describe("a proposed symbol line", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  const peers: TestPeer[] = [];
  before(async () => {
    session = await startTestSession();
    const rus = await TestPeer.connect(session.wsBase, session.id, session.tokens.RUS!);
    const chair = await TestPeer.connect(session.wsBase, session.id, session.tokens.chair!);
    const observer = await TestPeer.connect(session.wsBase, session.id, session.tokens.observer!);
    peers.push(rus, chair, observer);
    proposeSymbolLine(rus.doc, FORGED_SYMBOL, "RUS");
    await rus.roundTrip();
    proposeSymbolLine(chair.doc, FORGED_SYMBOL, "chair");
    await chair.roundTrip();
    assert.deepEqual(chair.refusals, [], "the chair's tracked symbol line is taken as a proposal");
    await docUntil(observer.doc, "the observer to see the proposal", (d) => bodyText(d).includes(FORGED_SYMBOL));
  });
  after(async () => {
    for (const peer of peers) await peer.close();
    await session.cleanup();
  });

  const api = (path: string, token: string, method = "GET") =>
    fetch(`${session.server.url}/api/sessions/${session.id}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const fileName = async (path: string) => {
    const response = await api(path, session.tokens.observer!);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
  };

  test("does not rename the exports", async () => {
    assert.equal(await fileName("/export?format=dl&variant=marked"), "DL-23-E-Rev2.txt");
    assert.equal(await fileName("/export?format=html&variant=attributed"), "DL-23-E-Rev2-attributed.html");
  });

  test("does not set the next revision: the chair issues Rev.3, not Rev.78", async () => {
    const response = await api("/revisions", session.tokens.chair!, "POST");
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { revision: { number: number } }).revision.number, 3);
    assert.equal(await fileName("/export?format=dl&variant=marked&rev=3"), "DL-23-E-Rev3.txt");
    const issued = await (await api("/export?format=dl&variant=attributed&rev=3", session.tokens.observer!)).text();
    assert.match(issued, /^Document DL\/23-E \(Rev\.3\)$/m);
    assert.match(issued, /DL\/99-E \(Rev\.77\)/, "the proposal is still there, as a proposal");
  });
});
