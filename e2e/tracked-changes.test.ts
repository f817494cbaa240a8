import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { RunningServer } from "../server/server.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { clause, clauseText, copySelection, draftText, pasteInto, placeCaret, selectBetween, selectText, waitForConnection, waitForTexts } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
/** The clause every delegation works on at once: resolves 19 of the reference document. */
const CLAUSE = "19 to endorse";
const BY_USA = " fully";
const BY_BRA = " and its annex";

/**
 * Waits until the clause's text under `tag` (ins or del) by `by` reads `text`: one insertion may be
 * drawn as several elements (one per keystroke's time), so their texts are joined.
 */
async function waitForMarked(page: Page, tag: "ins" | "del", by: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([needle, selector, wanted]) => {
      const p = [...document.querySelectorAll(".document p.clause")].find((x) => (x.textContent ?? "").includes(needle));
      return !!p && [...p.querySelectorAll(selector)].map((e) => e.textContent).join("") === wanted;
    },
    [CLAUSE, `${tag}[data-by="${by}"]`, text] as const,
  );
}

/** The clause as a reader sees it, bracket signs included, without other participants' carets. */
function shownText(page: Page): Promise<string> {
  return clause(page, CLAUSE).evaluate((p) => {
    const copy = p.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll(".remote-cursor")) caret.remove();
    return copy.textContent ?? "";
  });
}

describe("tracked changes, brackets and the chair's decisions in five browsers", () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  const pages: Record<"chair" | "secretariat" | "USA" | "RUS" | "CHN", Page> = {} as never;
  const all = () => Object.values(pages);
  let chairLink = "";

  before(async () => {
    ({ dataDir, server, browser } = await openStage("plenary-e2e-track-"));
  });

  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  it("the chair, the secretariat and three delegations open the reference draft", async () => {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "Resolution 140 (WSIS) — tracked changes e2e",
        text: await readFile(FIXTURE, "utf8"),
        delegations: [
          { code: "USA", name: "United States" },
          { code: "RUS", name: "Russian Federation" },
          { code: "CHN", name: "China" },
          { code: "BRA", name: "Brazil" },
        ],
      }),
    });
    assert.equal(response.status, 201);
    const { links } = (await response.json()) as { links: { chair: string; secretariat: string; delegations: Record<string, string> } };
    const seats = { chair: links.chair, secretariat: links.secretariat, USA: links.delegations.USA!, RUS: links.delegations.RUS!, CHN: links.delegations.CHN! };
    chairLink = links.chair;
    await Promise.all(
      Object.entries(seats).map(async ([name, url]) => {
        const { context, page } = await openPage(browser, name, problems, { width: 1600, height: 1000 });
        contexts.push(context);
        await page.goto(url);
        pages[name as keyof typeof pages] = page;
      }),
    );
    for (const page of all()) {
      await waitForConnection(page, "connected");
      await waitForTexts(page, CLAUSE);
      await page.locator(".legend-row[data-by=BRA]").waitFor();
    }
    await pages.chair.locator(".chair-tools").waitFor();
    assert.equal(await pages.USA.locator(".chair-tools").count(), 0, "a delegation has no decision tools");
    assert.equal(await pages.USA.locator(".change-actions").count(), 0, "a delegation cannot accept or reject");
    await pages.secretariat.locator("#typing-for").selectOption("BRA");
    await pages.secretariat.locator(".typing-for", { hasText: "Brazil" }).waitFor();
    await pages.secretariat.locator("#toolbar").screenshot({ path: new URL("secretariat-typing-for.png", ARTIFACTS).pathname });
  });

  it("struck labels look struck and the imported draft's changes are in a neutral colour, in the editor and the HTML export", async () => {
    const { chair } = pages;
    // The draft arrived with "c)" renumbered "h)" and both struck (DL: ~~c)h)~~).
    const label = chair.locator(".document p.clause del .label", { hasText: "c)h)" });
    await label.scrollIntoViewIfNeeded();
    const look = await label.evaluate((el) => {
      const style = getComputedStyle(el);
      const del = getComputedStyle(el.closest("del")!);
      return { line: style.textDecorationLine, colour: style.textDecorationColor, delColour: del.textDecorationColor };
    });
    assert.equal(look.line, "line-through", "the struck label draws its strike");
    assert.equal(look.colour, look.delColour, "in the colour of the strike around it");
    const usaStrike = await chair.evaluate(() => {
      const probe = document.createElement("del");
      probe.dataset.by = "USA";
      document.querySelector(".document")!.append(probe);
      const colour = getComputedStyle(probe).textDecorationColor;
      probe.remove();
      return colour;
    });
    assert.notEqual(look.delColour, usaStrike, "an imported strike is not drawn in USA's colour");
    assert.equal(look.delColour, "rgb(107, 119, 133)", "imported changes in the neutral slate (#6b7785)");
    await chair.locator(".legend-row[data-by=import]", { hasText: "Imported" }).waitFor();
    await chair.locator(".legend").screenshot({ path: new URL("legend-imported.png", ARTIFACTS).pathname });
    await label.screenshot({ path: new URL("struck-label.png", ARTIFACTS).pathname });

    // The HTML export, read by Chromium as a reader would.
    const { pathname, hash } = new URL(chairLink);
    const token = new URLSearchParams(hash.slice(1)).get("t")!;
    const response = await fetch(`${server.url}/api${pathname.replace(/^\/s\//, "/sessions/")}/export?format=html&variant=marked`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    const reader = await browser.newPage();
    try {
      await reader.setContent(await response.text());
      const exported = await reader.evaluate(() => {
        // The export writes the strike inside the label (".label del"); either way it must show.
        const el = [...document.querySelectorAll(".label del, del .label")].find((e) => e.textContent === "c)h)")!;
        return { line: getComputedStyle(el).textDecorationLine, colour: getComputedStyle(el).textDecorationColor, legend: document.querySelector(".legend")?.textContent ?? "" };
      });
      assert.equal(exported.line, "line-through", "the exported struck label draws its strike");
      assert.equal(exported.colour, "rgb(107, 119, 133)", "the export draws imported strikes in the editor's neutral colour");
      assert.match(exported.legend, /Imported/);
    } finally {
      await reader.close();
    }
  });

  it("three delegations and the secretariat (typing for Brazil) propose in one clause at once", async () => {
    const { USA, RUS, CHN, secretariat } = pages;
    await placeCaret(USA, CLAUSE, "to endorse");
    await selectText(RUS, CLAUSE, "Implementation");
    await placeCaret(secretariat, CLAUSE);
    await selectText(CHN, CLAUSE, "Ten Year");
    await Promise.all([
      USA.keyboard.type(BY_USA, { delay: 20 }),
      RUS.keyboard.press("Backspace"),
      secretariat.keyboard.type(BY_BRA, { delay: 20 }),
      (async () => {
        await CHN.keyboard.press("Control+BracketLeft");
        await CHN.locator("#bracket-note").fill("pending consultations");
        await CHN.keyboard.press("Enter");
      })(),
    ]);
    // A second bracket, by the secretariat for Brazil, around the period of the report.
    await selectText(secretariat, CLAUSE, "(2005-2014)");
    await secretariat.locator("#bracket-button").click();
    await secretariat.locator("#bracket-note").waitFor();
    await secretariat.keyboard.press("Enter");

    for (const page of all()) {
      const c = clause(page, CLAUSE);
      await waitForMarked(page, "ins", "USA", BY_USA);
      await waitForMarked(page, "del", "RUS", "Implementation");
      await waitForMarked(page, "ins", "BRA", BY_BRA);
      await c.locator('.bracket-sign[data-by="CHN"]').first().waitFor();
      await c.locator('.bracket-sign[data-by="BRA"]').first().waitFor();
      assert.match((await c.locator('ins[data-by="USA"]').first().getAttribute("title")) ?? "", /^USA — United States, proposed insertion/);
      assert.match((await c.locator('del[data-by="RUS"]').first().getAttribute("title")) ?? "", /^RUS — Russian Federation, proposed deletion/);
      // The changes panel names each author.
      await page.locator('li.change[data-kind="insertion"][data-by="USA"]', { hasText: BY_USA.trim() }).waitFor();
      await page.locator('li.change[data-kind="deletion"][data-by="RUS"]', { hasText: "Implementation" }).waitFor();
      await page.locator('li.change[data-kind="insertion"][data-by="BRA"]', { hasText: BY_BRA.trim() }).waitFor();
      await page.locator('li.change[data-kind="bracket"][data-by="CHN"]', { hasText: "pending consultations" }).waitFor();
      await page.locator('li.change[data-kind="bracket"][data-by="BRA"]', { hasText: "(2005-2014)" }).waitFor();
    }
    assert.equal(await clause(pages.secretariat, CLAUSE).locator('ins[data-by="secretariat"]').count(), 0, "the secretariat's typing is Brazil's");
    for (const page of all()) {
      assert.equal(await shownText(page), "19 to endorse fully the WSIS+10 Report: ITU's [Ten Year] Contribution to the WSIS Implementation and Follow-up [(2005-2014)]; and its annex");
    }
  });

  it("a delegate copies the clause: the plain text is DL with its brackets, strikes and additions; the HTML writes the brackets out", async () => {
    const { USA } = pages;
    // Select the whole clause, then copy as Ctrl+C does; read what the page put on the clipboard.
    await USA.evaluate((needle) => {
      const p = [...document.querySelectorAll(".document p.clause")].find((x) => (x.textContent ?? "").includes(needle))!;
      const range = document.createRange();
      range.selectNodeContents(p);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, CLAUSE);
    await USA.waitForTimeout(100);
    const copied = await copySelection(USA);
    assert.equal(copied.text, "19 to endorse<ins> fully</ins> the WSIS+10 Report: ITU's [Ten Year] Contribution to the WSIS ~~Implementation~~ and Follow-up [(2005-2014)];<ins> and its annex</ins>");
    const html = await USA.evaluate((markup) => {
      const box = document.createElement("div");
      box.innerHTML = markup;
      return { text: box.textContent, struck: [...box.querySelectorAll("del")].map((d) => `${d.textContent}:${(d as HTMLElement).style.textDecoration}`) };
    }, copied.html!);
    assert.match(html.text ?? "", /ITU's \[Ten Year\] Contribution/);
    assert.match(html.text ?? "", /\[\(2005-2014\)\]/);
    assert.deepEqual(html.struck, ["Implementation:line-through"]);
  });

  it("RUS pastes what USA copied, and DL text from an e-mail: brackets and strikes come in as RUS's own bracket and proposed deletion", async () => {
    const { USA, RUS } = pages;
    // What USA's copy of "ITU's [Ten Year] Contribution to the WSIS ~~Implementation~~" puts on the clipboard.
    await selectBetween(USA, CLAUSE, "ITU's", "Implementation");
    const { html } = await copySelection(USA);
    await placeCaret(RUS, "20 that UN General Assembly", "Assembly");
    await pasteInto(RUS, { "text/html": html, "text/plain": "ignored" });
    const twenty = clause(RUS, "20 that UN General Assembly");
    await twenty.locator('span.bracket[data-by="RUS"]', { hasText: "Ten Year" }).waitFor();
    await twenty.locator('del[data-by="RUS"]', { hasText: "Implementation" }).waitFor();
    assert.equal(await twenty.locator('[data-by="USA"]').count(), 0, "nothing pasted keeps USA's name");
    assert.doesNotMatch((await twenty.textContent()) ?? "", /\[\[|\]\]/, "the written-out signs are not pasted as text");
    // DL text pasted from an e-mail.
    await placeCaret(RUS, "20 that UN General Assembly", "be encouraged");
    await pasteInto(RUS, { "text/plain": " [in due course] ~~soon~~" });
    await twenty.locator('span.bracket[data-by="RUS"]', { hasText: "in due course" }).waitFor();
    await twenty.locator('del[data-by="RUS"]', { hasText: "soon" }).waitFor();
    // Accepted by the server: the chair sees both pastes as RUS's.
    await clause(pages.chair, "20 that UN General Assembly").locator('span.bracket[data-by="RUS"]', { hasText: "in due course" }).waitFor();
    await clause(pages.chair, "20 that UN General Assembly").locator('del[data-by="RUS"]', { hasText: "Implementation" }).waitFor();
    assert.equal(await RUS.locator('#notice[data-kind="refused"]:not([hidden])').count(), 0, "nothing refused");
    // The pastes undo (two quick ones may be one step): the clause is as it was, for the tests after this one.
    for (let i = 0; i < 2 && (await twenty.locator('[data-by="RUS"]').count()) > 0; i++) {
      await RUS.keyboard.press("Control+z");
      await RUS.waitForTimeout(400);
    }
    assert.equal(await twenty.locator('[data-by="RUS"]').count(), 0, "the pastes are undone");
    await clause(pages.chair, "20 that UN General Assembly").locator('[data-by="RUS"]').first().waitFor({ state: "detached" });
  });

  it("a bracket's note shows on hover and beside the bracket while the caret is in it", async () => {
    const { USA } = pages;
    const bracketed = clause(USA, CLAUSE).locator('span.bracket[data-by="CHN"]').first();
    assert.equal(await bracketed.getAttribute("title"), "In square brackets, by CHN — China: pending consultations");
    await placeCaret(USA, CLAUSE, "Ten Y");
    const pop = clause(USA, CLAUSE).locator(".bracket-note-pop");
    await pop.waitFor();
    assert.equal(await pop.getAttribute("data-note"), "pending consultations");
    assert.equal(await pop.evaluate((el) => getComputedStyle(el, "::after").content), '"pending consultations"', "drawn beside the bracket");
    await clause(USA, CLAUSE).screenshot({ path: new URL("bracket-note.png", ARTIFACTS).pathname });
    await placeCaret(USA, CLAUSE, "to endorse");
    await pop.waitFor({ state: "detached" });
  });

  it("the changes panel filters by delegation and shows the change picked in the draft", async () => {
    const { chair } = pages;
    await chair.locator('.count-button[data-by="RUS"]').click();
    const listed = chair.locator("li.change");
    await chair.waitForFunction(() => [...document.querySelectorAll("li.change")].every((li) => (li as HTMLElement).dataset.by === "RUS"));
    assert.ok((await listed.count()) >= 1);
    await chair.locator('.count-button[data-by="RUS"]').click();
    await chair.locator('#filter-by').selectOption("");
    await chair.locator('li.change[data-by="USA"][data-kind="insertion"] .change-goto').click();
    await chair.waitForFunction((t) => [...document.querySelectorAll(".document .change-current")].map((e) => e.textContent).join("") === t, BY_USA);
    await clause(chair, CLAUSE).evaluate((p) => p.scrollIntoView({ block: "center" }));
    await chair.locator('li.change[data-by="USA"][data-kind="insertion"]').scrollIntoViewIfNeeded();
    await chair.screenshot({ path: new URL("changes-panel.png", ARTIFACTS).pathname });
  });

  it("the chair accepts one change, rejects one, agrees one bracket and drops another; every screen follows", async () => {
    const { chair } = pages;
    const entry = (by: string, kind: string, text: string) => chair.locator(`li.change[data-by="${by}"][data-kind="${kind}"]`, { hasText: text });
    await entry("USA", "insertion", BY_USA.trim()).locator('[data-action="accept"]').click();
    await entry("RUS", "deletion", "Implementation").locator('[data-action="reject"]').click();
    await entry("CHN", "bracket", "Ten Year").locator('[data-action="agree"]').click();
    await entry("BRA", "bracket", "(2005-2014)").locator('[data-action="drop"]').click();
    const settled = "19 to endorse fully the WSIS+10 Report: ITU's Ten Year Contribution to the WSIS Implementation and Follow-up; and its annex";
    for (const page of all()) {
      await page.waitForFunction(() => document.querySelectorAll("ol.history-list li.decision").length === 4);
      await page.waitForFunction((needle) => {
        const p = [...document.querySelectorAll(".document p.clause")].find((x) => x.textContent?.includes(needle));
        return !!p && !p.querySelector('ins[data-by="USA"], del[data-by="RUS"], .bracket-sign[data-by="CHN"], .bracket-sign[data-by="BRA"]');
      }, CLAUSE);
      assert.equal(await shownText(page), settled);
      await waitForMarked(page, "ins", "BRA", BY_BRA); // Brazil's insertion is still a proposal
    }
    await pages.USA.locator("#tab-history").click();
    const history = await pages.USA.locator("ol.history-list").innerText();
    assert.match(history, /chair accepted USA's insertion “fully” in .*19/i);
    assert.match(history, /chair rejected RUS's deletion “Implementation”/i);
    assert.match(history, /chair agreed CHN's bracket “Ten Year”/i);
    assert.match(history, /chair dropped BRA's bracket “\(2005-2014\)”/i);
  });

  it("the chair's Ctrl+Z undoes a decision, and the text comes back on every screen", async () => {
    const { chair } = pages;
    await chair.locator('li.change[data-by="BRA"][data-kind="insertion"] [data-action="reject"]').click();
    for (const page of all()) await page.waitForFunction((t) => !document.querySelector(".document")!.textContent!.includes(t), BY_BRA.trim());
    await placeCaret(chair, CLAUSE, "to endorse");
    await chair.keyboard.press("Control+z");
    for (const page of all()) await waitForMarked(page, "ins", "BRA", BY_BRA);
    // The log does not claim a decision that no longer stands.
    await pages.USA.locator("ol.history-list li", { hasText: /rejected BRA.s insertion.*undone by chair/i }).waitFor({ state: "attached" });
  });

  it("the chair sets the clause agreed; it is settled on every screen and a delegation can no longer change it", async () => {
    const { chair, USA } = pages;
    await placeCaret(chair, CLAUSE, "to endorse");
    await chair.locator(".caret-clause", { hasText: "19" }).waitFor();
    await chair.locator('.status-buttons [data-status="agreed"]').click();
    for (const page of all()) await page.locator('.document p.clause[data-status="agreed"]', { hasText: CLAUSE }).waitFor();
    const before = await clauseText(USA, CLAUSE);
    await placeCaret(USA, CLAUSE, "to endorse");
    await USA.keyboard.type(" LOCKED");
    await USA.keyboard.press("Backspace");
    await USA.locator("#notice", { hasText: "agreed and locked" }).waitFor();
    assert.equal(await clauseText(USA, CLAUSE), before, "the agreed clause did not change");
    await clause(chair, CLAUSE).evaluate((p) => p.scrollIntoView({ block: "center" }));
    await chair.screenshot({ path: new URL("settled-clause.png", ARTIFACTS).pathname });
    await clause(USA, CLAUSE).evaluate((p) => p.scrollIntoView({ block: "center" }));
    await USA.screenshot({ path: new URL("settled-clause-delegation.png", ARTIFACTS).pathname });
  });

  it("all five screens show the same text", async () => {
    const texts = await Promise.all(all().map((page) => draftText(page)));
    for (const text of texts.slice(1)) assert.equal(text, texts[0]);
    assert.ok(!texts[0]!.includes("LOCKED"));
  });

  it("no page logged an error", () => {
    assert.deepEqual(problems, []);
  });
});
