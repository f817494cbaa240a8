import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { RunningServer } from "../server/server.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { placeCaret, waitForConnection, waitForTexts } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
/** resolves 19, near the end of the reference draft. */
const FAR = "19 to endorse";
/** recalling b), near its top. */
const NEAR = "Resolution 113 (Marrakesh, 2002)";

/** Waits until the projector's viewport shows the clause holding `needle` (its start, below the strip), marked as followed. */
function showsClause(page: Page, needle: string): Promise<void> {
  return page
    .waitForFunction(
      (text) => {
        const clause = [...document.querySelectorAll(".document p.clause")].find((p) => (p.textContent ?? "").includes(text));
        if (!clause) return false;
        const box = clause.getBoundingClientRect();
        const strip = document.querySelector(".projector-strip")!.getBoundingClientRect();
        // On screen below the strip (a long clause may run past the bottom), and marked as followed.
        return box.top >= strip.bottom && box.top <= innerHeight * 0.6 && clause.classList.contains("followed");
      },
      needle,
      { timeout: 10_000 },
    )
    .then(
      () => undefined,
      async (error: Error) => {
        const seen = await page.evaluate(() => ({
          followed: document.querySelector(".document .followed")?.textContent?.slice(0, 80) ?? "none",
          strip: document.querySelector(".projector-strip")?.textContent ?? "",
          scrollY,
          box: JSON.stringify(document.querySelector(".document .followed")?.getBoundingClientRect()),
          stripBottom: document.querySelector(".projector-strip")!.getBoundingClientRect().bottom,
        }));
        throw new Error(`${error.message}: the projector follows "${seen.followed}" (${seen.strip}, scrolled to ${seen.scrollY}, at ${seen.box}, strip to ${seen.stripBottom})`);
      },
    );
}

/**
 * Issue 12, projector mode: the observer's screen at 1920×1080 shows the draft in large type
 * without side panel, follows the clause the delegation with the floor is working on (the
 * secretariat types for Brazil), is not pulled away by another delegation's edit elsewhere
 * while the floor is active, and stays where the chair pins it until the chair unpins it.
 */
describe("the projector follows the floor and the chair's pin", () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  const pages: Record<"chair" | "secretariat" | "USA" | "projector", Page> = {} as never;

  before(async () => {
    ({ dataDir, server, browser } = await openStage("plenary-e2e-projector-"));
  });

  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  it("the projector opens in projector mode: large type, no side panel, the floor named", async () => {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "Resolution 140 (WSIS) — projector e2e",
        text: await readFile(FIXTURE, "utf8"),
        delegations: [
          { code: "USA", name: "United States" },
          { code: "BRA", name: "Brazil" },
        ],
      }),
    });
    assert.equal(response.status, 201);
    const { links } = (await response.json()) as { links: { chair: string; secretariat: string; observer: string; delegations: Record<string, string> } };
    const seats = { chair: links.chair, secretariat: links.secretariat, USA: links.delegations.USA!, projector: links.observer };
    for (const [name, url] of Object.entries(seats)) {
      const viewport = name === "projector" ? { width: 1920, height: 1080 } : { width: 1440, height: 900 };
      const { context, page } = await openPage(browser, name, problems, viewport);
      contexts.push(context);
      await page.goto(url);
      await waitForConnection(page, "connected");
      await waitForTexts(page, FAR);
      pages[name as keyof typeof pages] = page;
    }
    const { projector, secretariat, chair } = pages;
    assert.equal(await projector.evaluate(() => document.body.classList.contains("projector")), true, "the observer's page opens as the projector");
    assert.equal(await projector.locator(".side").isVisible(), false, "no side panel on the projector");
    const size = await projector.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".document p.clause")!).fontSize));
    assert.ok(size >= 28, `body text ${size}px, readable from the back of the room (≥ 28)`);
    assert.equal(await chair.evaluate(() => document.body.classList.contains("projector")), false, "the chair's page is not a projector unless switched");

    await secretariat.locator("#typing-for").selectOption("BRA");
    await projector.locator(".projector-floor", { hasText: "Floor: Brazil (BRA)" }).waitFor();
  });

  it("the secretariat types for Brazil far down the draft: the projector goes there", async () => {
    const { projector, secretariat } = pages;
    await placeCaret(secretariat, FAR, "to endorse");
    await secretariat.keyboard.type(" fully", { delay: 30 });
    await showsClause(projector, "to endorse fully");
    await projector.locator(".projector-place", { hasText: "Now: resolves 19" }).waitFor();
    await projector.screenshot({ path: new URL("projector-following.png", ARTIFACTS).pathname });
  });

  it("USA types near the top meanwhile: the projector stays with the floor", async () => {
    const { projector, USA } = pages;
    await placeCaret(USA, NEAR, "Plenipotentiary");
    await USA.keyboard.type(" Plenary", { delay: 30 });
    await projector.waitForFunction(() => document.body.textContent!.includes("Plenipotentiary Plenary"));
    await projector.waitForTimeout(800);
    await showsClause(projector, "to endorse fully");
  });

  it("the chair pins the projector to recalling b): it stays there while the floor types elsewhere, and follows again once unpinned", async () => {
    const { projector, chair, secretariat } = pages;
    await placeCaret(chair, NEAR, "Marrakesh");
    await chair.locator("[data-action=pin]").click();
    await showsClause(projector, NEAR);
    await projector.locator(".projector-place", { hasText: "Pinned by the chair" }).waitFor();
    await projector.screenshot({ path: new URL("projector-pinned.png", ARTIFACTS).pathname });

    await placeCaret(secretariat, FAR, "fully");
    await secretariat.keyboard.type(" and", { delay: 30 });
    await projector.waitForFunction(() => document.body.textContent!.includes("fully and"));
    await projector.waitForTimeout(800);
    await showsClause(projector, NEAR);

    await chair.locator("[data-action=pin]", { hasText: "Unpin projector" }).click();
    await secretariat.keyboard.type(" warmly", { delay: 30 });
    await showsClause(projector, "fully and warmly");
  });

  it("the speakers' list: USA asks for the floor, the chair gives it, the secretariat then types for USA and the projector names it", async () => {
    const { projector, chair, secretariat, USA } = pages;
    await USA.locator("#tab-speakers").click();
    await USA.locator("#request-floor", { hasText: "Ask for the floor" }).click();
    await chair.locator("#tab-speakers").click();
    await chair.locator('.floor-queue li[data-code="USA"]').waitFor();
    await USA.locator("#request-floor", { hasText: "Withdraw (you are number 1)" }).waitFor();
    await chair.locator("#side").screenshot({ path: new URL("speakers-chair.png", ARTIFACTS).pathname });
    await chair.locator("#next-speaker").click();
    await chair.locator(".floor-current", { hasText: "Has the floor:" }).filter({ hasText: "United States (USA)" }).waitFor();
    await USA.locator("#request-floor", { hasText: "You have the floor" }).waitFor();
    assert.equal(await chair.locator(".floor-queue li[data-code]").count(), 0, "nobody waits once USA speaks");
    await secretariat.locator('.typing-for[data-by="USA"]').waitFor();
    await projector.locator(".projector-floor", { hasText: "Floor: United States (USA)" }).waitFor();
    // Only the chair's page can give the floor: a delegation has no such control.
    assert.equal(await USA.locator("#next-speaker, #give-floor").count(), 0);
    await chair.locator("#end-floor").click();
    await USA.locator("#request-floor", { hasText: "Ask for the floor" }).waitFor();
    assert.deepEqual(problems, []);
  });
});
