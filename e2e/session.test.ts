import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { RunningServer } from "../server/server.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { clause, copySelection, pasteInto, placeCaret, selectBetween, selectText, waitForConnection, waitForTexts } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
const NINETEEN = "19 to endorse";
const TWENTY = "20 that UN General Assembly";

type Seat = "chair" | "secretariat" | "USA" | "RUS" | "CHN" | "BRA" | "projector";

/**
 * Issue 12's working-group session, played in one go in Chromium: the chair, the secretariat
 * typing for the floor, four delegations and the projector at 1920×1080. The speakers' list,
 * proposals typed, struck and bracketed (by the dialog and by hand), a comment, a clause added in
 * the middle and the group renumbered, decisions by keyboard, a copy pasted from one delegation's
 * page into another's, and a revision issued and compared. Screenshots of the projector, the chair
 * and a delegation at three moments go to e2e/artifacts/ (session-1-*.png ... session-3-*.png).
 */
describe("a working-group session, from the floor to the revision", () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  const pages = {} as Record<Seat, Page>;

  before(async () => {
    ({ dataDir, server, browser } = await openStage("plenary-e2e-session-"));
  });
  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  const moment = async (n: number) => {
    for (const seat of ["projector", "chair", "USA"] as const) await pages[seat].screenshot({ path: new URL(`session-${n}-${seat}.png`, ARTIFACTS).pathname });
  };

  /** Whether the projector's screen shows the start of the clause holding `needle` below its strip. */
  const projectorShows = (needle: string) =>
    pages.projector.waitForFunction(
      (text) => {
        const block = [...document.querySelectorAll(".document p.clause")].find((p) => (p.textContent ?? "").includes(text));
        const strip = document.querySelector(".projector-strip")?.getBoundingClientRect();
        if (!block || !strip) return false;
        const box = block.getBoundingClientRect();
        return box.top >= strip.bottom && box.top < innerHeight - 40;
      },
      needle,
      { timeout: 15_000 },
    );

  it("the room opens: chair, secretariat, four delegations and the projector", async () => {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "Resolution 140 (WSIS) — WG-PL, second reading",
        text: await readFile(FIXTURE, "utf8"),
        delegations: [
          { code: "USA", name: "United States" },
          { code: "RUS", name: "Russian Federation" },
          { code: "CHN", name: "China" },
          { code: "BRA", name: "Brazil" },
        ],
      }),
    });
    const { links } = (await response.json()) as { links: { chair: string; secretariat: string; observer: string; delegations: Record<string, string> } };
    const urls: Record<Seat, string> = { chair: links.chair, secretariat: links.secretariat, projector: links.observer, ...(links.delegations as Record<"USA" | "RUS" | "CHN" | "BRA", string>) };
    for (const [seat, url] of Object.entries(urls) as [Seat, string][]) {
      const { context, page } = await openPage(browser, seat, problems, seat === "projector" ? { width: 1920, height: 1080 } : { width: 1440, height: 900 });
      contexts.push(context);
      await page.goto(url);
      await waitForConnection(page, "connected");
      await waitForTexts(page, NINETEEN);
      pages[seat] = page;
    }
    const size = await pages.projector.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".document p.clause")!).fontSize));
    assert.ok(size >= 28, `the projector's text is ${size}px`);
    // The imported draft's struck labels look struck.
    const line = await pages.chair.locator(".document del .label").first().evaluate((el) => getComputedStyle(el).textDecorationLine);
    assert.equal(line, "line-through");
    await moment(1);
  });

  it("Brazil asks for the floor, the chair gives it, the secretariat types Brazil's words and the projector follows", async () => {
    const { BRA, chair, secretariat, projector } = pages;
    await BRA.locator("#tab-speakers").click();
    await BRA.locator("#request-floor").click();
    await chair.locator("#tab-speakers").click();
    await chair.locator('.floor-queue li[data-code="BRA"]').waitFor();
    await chair.locator("#next-speaker").click();
    await secretariat.locator('.typing-for[data-by="BRA"]').waitFor();
    await projector.locator(".projector-floor", { hasText: "Brazil (BRA)" }).waitFor();
    await placeCaret(secretariat, NINETEEN, "to endorse");
    await secretariat.keyboard.type(" fully", { delay: 25 });
    await clause(projector, NINETEEN).locator('ins[data-by="BRA"]', { hasText: "fully" }).waitFor();
    await projectorShows("to endorse fully");
  });

  it("delegations propose: USA types, RUS strikes, CHN brackets with a note, USA brackets by typing; RUS comments", async () => {
    const { USA, RUS, CHN, chair } = pages;
    await placeCaret(USA, TWENTY, "be encouraged");
    await USA.keyboard.type(" strongly", { delay: 20 });
    await selectText(RUS, NINETEEN, "Implementation");
    await RUS.keyboard.press("Backspace");
    await selectText(CHN, NINETEEN, "Ten Year");
    await CHN.keyboard.press("Control+BracketLeft");
    await CHN.locator("#bracket-note").fill("pending consultations");
    await CHN.keyboard.press("Enter");
    await placeCaret(USA, TWENTY, "to consider");
    await USA.keyboard.type("[", { delay: 20 });
    await placeCaret(USA, TWENTY, "Outcomes Documents");
    await USA.keyboard.type("]", { delay: 20 });
    await chair.locator("#tab-changes").click();
    for (const [by, text] of [["USA", "strongly"], ["RUS", "Implementation"]] as const) await chair.locator(`li.change[data-by="${by}"]`, { hasText: text }).first().waitFor();
    await clause(chair, NINETEEN).locator('span.bracket[data-by="CHN"]', { hasText: "Ten Year" }).waitFor();
    await clause(chair, TWENTY).locator('span.bracket[data-by="USA"]').first().waitFor();
    await placeCaret(RUS, TWENTY, "Assembly");
    await RUS.locator("#tab-comments").click();
    await RUS.locator("#new-comment").click();
    await RUS.locator(".comment-box").fill("We cannot accept 'strongly'.");
    await RUS.locator(".comment-form button[type=submit]").click();
    await chair.locator("#tab-comments").click();
    await chair.locator('li.thread[data-by="RUS"]', { hasText: "We cannot accept" }).waitFor();
  });

  it("a clause added in the middle gets 'b bis)'; the chair renumbers the group: no label twice", async () => {
    const { USA, chair } = pages;
    await placeCaret(USA, "b) Resolution 113", "on WSIS;");
    await USA.keyboard.press("Enter");
    await USA.keyboard.type("Resolution 139 (Busan, 2014);", { delay: 10 });
    await clause(chair, "Resolution 139 (Busan").locator('span.label >> text="b bis)"').waitFor();
    await placeCaret(chair, "b) Resolution 113", "Resolution");
    await chair.locator("#tab-changes").click();
    await chair.getByRole("button", { name: "Renumber “recalling”" }).click();
    const labels = () =>
      chair.evaluate(() => {
        const group = [...document.querySelectorAll(".document section.clause-group")].find((g) => g.querySelector(".group-heading")?.textContent?.trim() === "recalling")!;
        return [...group.querySelectorAll("p.clause")].map((p) => [...p.querySelectorAll(".label")].filter((l) => !l.closest("del")).map((l) => l.textContent).join("").trim());
      });
    for (let i = 0; i < 50 && (await labels()).join(" ") !== "a) b) c) d) e)"; i++) await chair.waitForTimeout(200);
    const now = (await labels()).filter(Boolean);
    assert.deepEqual(now, ["a)", "b)", "c)", "d)", "e)"]);
    assert.equal(new Set(now).size, now.length, "no label twice");
    await moment(2);
  });

  it("the chair decides by keyboard, resolves the comment; RUS pastes USA's copy with its brackets", async () => {
    const { chair, USA, RUS } = pages;
    await placeCaret(chair, NINETEEN, "19");
    await chair.keyboard.press("Alt+ArrowDown");
    await chair.locator(".change-current", { hasText: "fully" }).waitFor();
    await chair.keyboard.press("Alt+Enter");
    await clause(USA, NINETEEN).locator('ins[data-by="BRA"]').waitFor({ state: "detached" });
    await chair.locator("#tab-comments").click();
    await chair.locator('li.thread[data-by="RUS"] [data-action="resolve"]').click();
    await RUS.locator("#tab-comments").click();
    await RUS.locator(".resolved-threads summary", { hasText: "Resolved (1)" }).waitFor();

    // USA copies "ITU's [Ten Year]": the plain text keeps the brackets; RUS pastes the copy.
    await selectBetween(USA, NINETEEN, "ITU's", "Ten Year");
    const copied = await copySelection(USA);
    assert.match(copied.text, /ITU's \[Ten Year\]/, "the copy's plain text keeps the bracket");
    await placeCaret(RUS, "2 to oversee ITU", "to oversee");
    await pasteInto(RUS, { "text/html": copied.html, "text/plain": copied.text });
    await clause(chair, "adaptation to the information society").locator('span.bracket[data-by="RUS"]', { hasText: "Ten Year" }).waitFor();
  });

  it("the secretariat issues Rev.3; the comparison with Rev.2 credits each proposal to its proposer", async () => {
    const { secretariat, projector } = pages;
    await secretariat.locator("#tab-revisions").click();
    await secretariat.locator("#issue-revision", { hasText: "Issue Rev.3" }).click();
    await projector.locator(".document .symbol", { hasText: "Document DL/23-E (Rev.3)" }).waitFor();
    await secretariat.locator("#compare-from").selectOption("2");
    await secretariat.locator("#compare-to").selectOption("3");
    await secretariat.locator("#compare-button").click();
    const frame = secretariat.frameLocator(".compare-frame");
    // Brazil's "fully", accepted by the chair since, is still Brazil's; USA's words are USA's.
    await frame.locator("ins.a-BRA", { hasText: "fully" }).first().waitFor();
    assert.match((await frame.locator("ins.a-BRA", { hasText: "fully" }).first().getAttribute("title")) ?? "", /^BRA: inserted by Brazil \(BRA\), accepted by the chair/);
    await frame.locator("ins.a-USA", { hasText: "strongly" }).first().waitFor();
    await frame.locator("del.a-RUS", { hasText: "Implementation" }).first().waitFor();
    await secretariat.keyboard.press("Escape");
    // With the whole room connected the chair's top bar stays one line, the toolbar right under it.
    const { bar, toolbar } = await pages.chair.evaluate(() => ({ bar: document.querySelector(".bar")!.getBoundingClientRect().bottom, toolbar: document.querySelector("#toolbar")!.getBoundingClientRect().top }));
    assert.ok(bar < 75 && toolbar >= bar - 2, `the bar ends at ${bar}px, the toolbar starts at ${toolbar}px`);
    await moment(3);
    assert.deepEqual(problems, []);
  });
});
