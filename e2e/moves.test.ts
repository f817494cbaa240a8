import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page, WebSocketRoute } from "playwright-core";
import type { RunningServer } from "../server/server.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { placeCaret, selectText, waitForConnection } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
/** Clause d) of "considering" in the reference draft. */
const CLAUSE = "all the responsibilities entrusted to ITU";

/**
 * Issue 9 in the browser: RUS presses Enter in a clause while USA's strike of words after
 * the caret is still on its way (USA's messages are held back, as on a slow network), so
 * the strike reaches the server after the split moved those words into a new clause. The
 * server carries the strike over (server/check/carry.ts): every page shows it, on the
 * moved words, and nobody is refused.
 */
describe("a strike made while another delegation splits the clause, in three browsers", () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  let usa: Page;
  let rus: Page;
  let observer: Page;
  /** USA's messages to the server, held while `holding`. */
  const held: (string | Buffer)[] = [];
  let holding = false;
  let usaServer: WebSocketRoute | null = null;

  before(async () => {
    ({ dataDir, server, browser } = await openStage("plenary-e2e-moves-"));
  });

  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  it("USA, RUS and the projector open the reference draft", async () => {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "Resolution 140 (WSIS) — moves e2e",
        text: await readFile(FIXTURE, "utf8"),
        delegations: [
          { code: "USA", name: "United States" },
          { code: "RUS", name: "Russian Federation" },
        ],
      }),
    });
    assert.equal(response.status, 201);
    const { links } = (await response.json()) as { links: { observer: string; delegations: Record<string, string> } };
    const open = async (name: string, url: string) => {
      const { context, page } = await openPage(browser, name, problems, { width: 1440, height: 900 });
      contexts.push(context);
      if (name === "USA") {
        // A slow network, on demand: USA's messages wait while `holding`, then go in order.
        await page.routeWebSocket(/\/ws\//, (ws) => {
          const upstream = ws.connectToServer();
          usaServer = upstream;
          ws.onMessage((message) => (holding ? held.push(message) : upstream.send(message)));
          upstream.onMessage((message) => ws.send(message));
        });
      }
      await page.goto(url);
      await waitForConnection(page, "connected");
      return page;
    };
    [usa, rus, observer] = await Promise.all([open("USA", links.delegations.USA!), open("RUS", links.delegations.RUS!), open("observer", links.observer)]);
  });

  it("USA strikes 'entrusted'; before it arrives, RUS presses Enter before 'responsibilities'; the strike lands on the moved words", async () => {
    // A refused update reloads the page (client/refusal.ts): this mark would be gone.
    await usa.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    holding = true;
    await selectText(usa, CLAUSE, "entrusted");
    await usa.keyboard.press("Backspace");
    await usa.locator(`.document del[data-by="USA"]`, { hasText: "entrusted" }).waitFor();
    assert.ok(held.length > 0, "USA's strike is held back");
    await placeCaret(rus, CLAUSE, "all the ");
    await rus.keyboard.press("Enter");
    // RUS's new clause ("added by RUS"), holding the words after the caret.
    const moved = (page: Page) => page.locator(".document p.clause.block-inserted", { hasText: "responsibilities entrusted to ITU" });
    await moved(observer).waitFor();
    // The split has reached USA too; now its strike, made before, arrives.
    await moved(usa).waitFor();
    holding = false;
    for (const message of held.splice(0)) usaServer!.send(message);
    for (const page of [observer, rus, usa]) {
      await moved(page).locator(`del[data-by="USA"]`, { hasText: "entrusted" }).waitFor();
    }
    await moved(observer).evaluate((p) => p.scrollIntoView({ block: "center" }));
    await observer.screenshot({ path: new URL("moves-strike-carried.png", ARTIFACTS).pathname });
    assert.equal(await usa.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, "USA's page was not reloaded by a refusal");
  });

  it("no page logged an error", () => {
    assert.deepEqual(problems, []);
  });
});
