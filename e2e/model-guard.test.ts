import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import type { Page, WebSocketRoute } from "playwright-core";
import { TestPeer } from "../server/test-peer.ts";
import { bodyText, createTestSession, syncMessage, wsBaseOf } from "../server/test-support.ts";
import type { TestSession } from "../server/test-support.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { ARTIFACTS, useStage } from "./stage.ts";
import { waitForConnection, waitForTexts } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
/** Clause d) of "considering" in the reference draft. */
const CLAUSE = "all the responsibilities entrusted to ITU";

/**
 * Issue 9's second wall, in the browser: the server lets only valid drafts through, but if a
 * page ever receives content it cannot build (here a mark without an id, put straight into
 * the chair's socket, as a faulty or hostile relay would), y-prosemirror would "repair" the
 * clause by deleting it and send that deletion to everyone. The page must instead say so,
 * stop sending, and leave the shared draft alone.
 */
describe("a page that receives content it cannot show sends nothing and says so", () => {
  const suite = useStage("plenary-e2e-guard-");
  let session: TestSession;
  let chair: Page;
  let toChair: WebSocketRoute | null = null;
  /** Document updates the chair's page sent after the bad content reached it. */
  const sentAfter: Buffer[] = [];
  let injected = false;

  before(async () => {
    session = await createTestSession(suite.stage.server, suite.stage.dataDir, undefined, await readFile(FIXTURE, "utf8"));
  });

  it("the chair opens the draft", async () => {
    // The chair's socket, routed: the test can put a message into it and see what the page sends.
    const route = (page: Page) => page.routeWebSocket(/\/ws\//, (ws) => {
      const upstream = ws.connectToServer();
      toChair = ws;
      ws.onMessage((message) => {
        // A document update (message 0, sync step 2 or update) from the page.
        const bytes = typeof message === "string" ? Buffer.from(message) : message;
        if (injected && bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) sentAfter.push(bytes);
        upstream.send(message);
      });
      upstream.onMessage((message) => ws.send(message));
    });
    chair = await suite.openSeat("chair", `${suite.stage.server.url}/s/${session.id}#t=${session.tokens.chair}`, route);
    await waitForTexts(chair, CLAUSE);
  });

  it("honest changes anywhere, the header included, never trip the guard: the chair accepts all changes and undoes that", async () => {
    const text = () => chair.evaluate(() => document.querySelector(".document")!.textContent!);
    const before = await text();
    assert.ok(before.includes("GUADALAJARA, 2010"), "the title's struck words are there");
    // A bulk decision says how many first; Cancel (which has the focus: a stray Enter) decides nothing.
    await chair.locator(".bulk-details > summary").click();
    await chair.locator('[data-bulk="accept-all"]').click();
    await chair.locator(".confirm-dialog", { hasText: /Accept [\d,]+ changes\?/ }).waitFor();
    await chair.locator(".confirm-dialog").screenshot({ path: new URL("confirm-accept-all.png", ARTIFACTS).pathname });
    await chair.keyboard.press("Enter");
    await chair.locator(".confirm-dialog").waitFor({ state: "detached" });
    assert.equal(await text(), before, "cancelled: nothing decided");
    await chair.locator('[data-bulk="accept-all"]').click();
    await chair.locator("#confirm-dialog-ok").click();
    await chair.waitForFunction(() => !document.querySelector(".document")!.textContent!.includes("GUADALAJARA, 2010"));
    await chair.locator('button[aria-keyshortcuts="Control+Z"]').click();
    await chair.waitForFunction((t) => document.querySelector(".document")!.textContent === t, before);
    assert.equal(await chair.locator("#connection").getAttribute("data-state"), "connected");
    assert.equal(await chair.evaluate(() => document.body.innerText.includes("stopped sending")), false);
  });

  it("an insertion mark without an id arrives in clause d): the page stops sending, says why, and the clause stays for everyone", async () => {
    // The bad update, built on the draft as the server has it.
    const peer = await TestPeer.connect(wsBaseOf(suite.stage.server.url), session.id, session.tokens.observer!);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer.doc));
    peer.socket.close();
    let bad: Uint8Array | null = null;
    doc.on("update", (update: Uint8Array) => (bad = update));
    const clause = findText(doc, CLAUSE);
    clause.insert(clause.length, "BADMARK", { "insertion--AAAAAAAA": { by: "USA", at: "yesterday" } });
    assert.ok(bad);

    await chair.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    injected = true;
    toChair!.send(Buffer.from(syncMessage(syncProtocol.messageYjsUpdate, bad!)));
    await chair.locator("#notice", { hasText: "stopped sending" }).waitFor();
    const notice = (await chair.locator("#notice").textContent()) ?? "";
    assert.match(notice, /content it cannot show/);
    assert.match(notice, /Nothing of yours was sent after it/);
    await waitForConnection(chair, "closed");
    assert.match((await chair.locator("#connection").textContent()) ?? "", /stopped sending/);
    // The chair's draft is read-only now: typing changes nothing.
    await chair.locator(".document p.clause", { hasText: CLAUSE }).click();
    await chair.keyboard.type("typed after");
    assert.equal(await chair.evaluate(() => document.querySelector(".document")!.textContent!.includes("typed after")), false);
    await chair.screenshot({ path: new URL("model-guard.png", ARTIFACTS).pathname });
    // Nothing left the page, and the draft on the server still holds clause d) whole.
    await chair.waitForTimeout(500);
    assert.deepEqual(sentAfter, [], "the page sent a document update after the bad content");
    const fresh = await TestPeer.connect(wsBaseOf(suite.stage.server.url), session.id, session.tokens.observer!);
    assert.ok(bodyText(fresh.doc).includes(CLAUSE), "clause d) is intact on the server");
    assert.ok(!bodyText(fresh.doc).includes("BADMARK"), "the bad content never reached the server");
    fresh.socket.close();
    assert.equal(await chair.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, "the page did not reload into a loop");
    assert.deepEqual(suite.problems.filter((p) => !/stopped sending|cannot show/.test(p.text)), []);
  });
});

/** The Y.XmlText of the clause holding `needle`. */
function findText(doc: Y.Doc, needle: string): Y.XmlText {
  const search = (type: Y.XmlElement | Y.XmlFragment): Y.XmlText | null => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText && child.toDelta().map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : "")).join("").includes(needle)) return child;
      if (child instanceof Y.XmlElement) {
        const found = search(child);
        if (found) return found;
      }
    }
    return null;
  };
  const found = search(doc.getXmlFragment(BODY));
  if (!found) throw new Error(`no text holds ${needle}`);
  return found;
}
