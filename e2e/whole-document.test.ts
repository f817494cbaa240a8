import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { createTestSession } from "../server/test-support.ts";
import type { TestSession } from "../server/test-support.ts";
import { ARTIFACTS, useStage } from "./stage.ts";
import { waitForTexts } from "./draft.ts";

const fixture = (name: string) => readFile(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const DELEGATIONS = [
  { code: "USA", name: "United States" },
  { code: "ZAF", name: "South Africa" },
];

/**
 * Issue 13, point 2: what comes after the operative part is modelled, and shows so in the room:
 * footnotes (their references raised, their text at the end with its label, open to proposals
 * like any clause), an annex with its numbered sections, and a compilation of several texts.
 */
describe("the whole document in the room: footnotes, an annex, several texts, a table, a UN text", () => {
  const suite = useStage("plenary-e2e-whole-");
  const sessions: Record<string, TestSession> = {};
  const link = (name: string, seat: string) => `${suite.stage.server.url}/s/${sessions[name]!.id}#t=${sessions[name]!.tokens[seat]}`;
  let chair: Page;
  let usa: Page;

  before(async () => {
    for (const name of ["dt-40-footnotes-e.txt", "dl-18-annex-e.txt", "25-add1-compilation-e.txt", "dl-24-table-e.txt", "a-c2-78-l12-ga.txt"]) {
      sessions[name] = await createTestSession(suite.stage.server, suite.stage.dataDir, DELEGATIONS, await fixture(name));
    }
  });

  it("footnote references are raised; the footnotes stand at the end with their labels", async () => {
    chair = await suite.openSeat("chair", link("dt-40-footnotes-e.txt", "chair"));
    await waitForTexts(chair, "instructs the Director of the Telecommunication Standardization Bureau");
    assert.equal(await chair.locator(".document sup.note-ref").count(), 6);
    assert.deepEqual(await chair.locator(".document sup.note-ref").allTextContents(), ["1", "2", "3", "4", "2", "2"]);
    const notes = chair.locator(".document p.footnote");
    assert.equal(await notes.count(), 4);
    assert.deepEqual(await notes.evaluateAll((ps) => ps.map((p) => getComputedStyle(p, "::before").content)), ['"1"', '"2"', '"3"', '"4"']);
    assert.equal(await chair.locator(".document sup.note-ref").first().evaluate((s) => getComputedStyle(s).verticalAlign), "super");
    await notes.last().scrollIntoViewIfNeeded();
    await chair.screenshot({ path: new URL("footnotes.png", ARTIFACTS).pathname });
  });

  it("a delegation proposes words in a footnote; the chair sees them as its proposal", async () => {
    usa = await suite.openSeat("USA", link("dt-40-footnotes-e.txt", "USA"));
    await waitForTexts(usa, "countries with economies in transition.");
    await usa.locator(".document").focus();
    // The caret at the end of footnote 2, as a click there puts it.
    await usa.evaluate(() => {
      const note = [...document.querySelectorAll(".document p.footnote")].find((p) => p.getAttribute("data-label") === "2")!;
      const range = document.createRange();
      range.selectNodeContents(note);
      range.collapse(false);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await usa.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
    await usa.keyboard.type(" See also Resolution 30.", { delay: 10 });
    await chair.locator('.document p.footnote[data-label="2"] ins[data-by="USA"]', { hasText: "See also Resolution 30." }).waitFor();
    await chair.locator('li.change[data-by="USA"]', { hasText: "See also Resolution 30." }).waitFor();
    await chair.locator('.document p.footnote[data-label="2"]').scrollIntoViewIfNeeded();
    await chair.screenshot({ path: new URL("footnote-proposal.png", ARTIFACTS).pathname });
  });

  it("an annex starts as on a new page, its heading centred, its sections numbered 1, 1.1, 2.1.1", async () => {
    const page = await suite.openSeat("chair-annex", link("dl-18-annex-e.txt", "chair"));
    await waitForTexts(page, "ANNEX TO RESOLUTION 71");
    const heading = page.locator('.document .group-heading[data-part="annex"]', { hasText: "ANNEX TO RESOLUTION 71" });
    assert.deepEqual(await heading.evaluate((h) => [getComputedStyle(h).textAlign, getComputedStyle(h).fontStyle]), ["center", "normal"]);
    const annex = page.locator(".document section.clause-group", { has: page.locator('.group-heading[data-part="annex"]', { hasText: "ANNEX TO RESOLUTION 71" }) });
    assert.deepEqual(await annex.locator("p.clause .label").allTextContents(), ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.2"]);
    assert.equal(await page.locator('.document .group-heading[data-part="annex"]').count(), 2, "the annex and its appendix");
    await heading.scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("annex.png", ARTIFACTS).pathname });
  });

  it("a compilation's last text stands on its own after the third text's groups", async () => {
    const page = await suite.openSeat("chair-compilation", link("25-add1-compilation-e.txt", "chair"));
    await waitForTexts(page, "RESOLUTION 37 (REV. BUSAN, 2014)");
    assert.deepEqual(await page.locator(".document > .proposal").allTextContents(), ["SUP ACP/25A1/1", "NOC ACP/25A1/2", "(MOD) ACP/25A1/3", "MOD ACP/25A1/4"]);
    // The fourth text's title is the document's own block, not a paragraph of the third text's "resolves".
    const title = page.locator(".document > .title", { hasText: "RESOLUTION 37" });
    assert.equal(await title.count(), 1);
    assert.equal(await page.locator(".document section.clause-group", { hasText: "RESOLUTION 37" }).count(), 0);
    await title.scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("compilation.png", ARTIFACTS).pathname });
  });

  it("a pipe table's rows stand one under the other; a delegation's proposal in a cell reaches the chair", async () => {
    const chairPage = await suite.openSeat("chair-table", link("dl-24-table-e.txt", "chair"));
    const usaPage = await suite.openSeat("USA-table", link("dl-24-table-e.txt", "USA"));
    await waitForTexts(usaPage, "| Growth |");
    assert.equal(await usaPage.locator(".document p.table-row").count(), 6);
    await usaPage.locator(".document").focus();
    // The caret after "55" in the Growth row's target cell.
    await usaPage.evaluate(() => {
      const row = [...document.querySelectorAll(".document p.table-row")].find((p) => p.textContent!.includes("| Growth |"))!;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf("55");
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + 2);
        range.collapse(true);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        break;
      }
    });
    await usaPage.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
    await usaPage.keyboard.type(" to 60", { delay: 10 });
    await chairPage.locator('.document p.table-row ins[data-by="USA"]', { hasText: "to 60" }).waitFor();
    await chairPage.locator('li.change[data-by="USA"]', { hasText: "to 60" }).waitFor();
    await chairPage.locator(".document p.table-row").first().scrollIntoViewIfNeeded();
    await chairPage.screenshot({ path: new URL("table.png", ARTIFACTS).pathname });
  });

  it("a General Assembly draft: its parts captioned where it has no heading lines, its calls in italics", async () => {
    const page = await suite.openSeat("chair-ga", link("a-c2-78-l12-ga.txt", "chair"));
    await waitForTexts(page, "Takes note");
    const captions = await page.locator(".document .group-heading").evaluateAll((hs) => hs.map((h) => getComputedStyle(h, "::before").content));
    assert.deepEqual(captions, ['"Preambular paragraphs"', '"Operative paragraphs"']);
    assert.deepEqual(await page.locator(".document p.clause .label").allTextContents(), ["1.", "2.", "3.", "4."]);
    assert.deepEqual(await page.locator(".document section.clause-group").first().locator("p em").allTextContents(), ["Recalling", "Reaffirming", "Recognizing"]);
    await page.locator(".document .symbol", { hasText: "A/C.2/78/L.12" }).waitFor();
    await page.locator(".document .formula").scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("general-assembly.png", ARTIFACTS).pathname });
    assert.deepEqual(suite.problems, []);
  });
});
