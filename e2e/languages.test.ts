import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { createTestSession } from "../server/test-support.ts";
import type { TestSession } from "../server/test-support.ts";
import { ARTIFACTS, useStage } from "./stage.ts";
import { waitForTexts } from "./draft.ts";

const FRENCH = new URL("../test/fixtures/dl-23-rev2-fr.txt", import.meta.url);

/**
 * A French draft in the room (issue 13): the editor shows its structure as for an English
 * one (italic calls, lettered and numbered clauses), says its language to the browser, and
 * a revision issued from the Revisions panel is written in French: "Document DL/23-F
 * (Rév.3)" and a French date, with no English date added beside it.
 */
describe("a French draft", () => {
  const suite = useStage("plenary-e2e-lang-");
  let session: TestSession;
  let secretariat: Page;

  before(async () => {
    session = await createTestSession(suite.stage.server, suite.stage.dataDir, [{ code: "FRA", name: "France" }], await readFile(FRENCH, "utf8"));
  });

  const link = (seat: string) => `${suite.stage.server.url}/s/${session.id}#t=${session.tokens[seat]}`;

  it("opens with its groups and clauses, in French", async () => {
    secretariat = await suite.openSeat("secretariat", link("secretariat"));
    await waitForTexts(secretariat, "charge le Secrétaire général");
    assert.equal(await secretariat.locator(".document").getAttribute("lang"), "fr-FR");
    const headings = await secretariat.locator(".document .group-heading").allTextContents();
    assert.deepEqual(headings, ["rappelant", "rappelant en outre", "considérant", "reconnaissant", "décide", "charge le Secrétaire général", "charge le Conseil", "invite les États Membres, les Membres des Secteurs et les Associés"]);
    assert.equal(await secretariat.locator(".document .clause").count(), 16);
    assert.equal(await secretariat.locator(".document .group-heading").first().evaluate((h) => getComputedStyle(h).fontStyle), "italic");
    await secretariat.locator(".document .title", { hasText: "PROJET DE RÉSOLUTION 140" }).waitFor();
    await secretariat.screenshot({ path: new URL("french-draft.png", ARTIFACTS).pathname });
  });

  it("a revision issued from the panel is written in French", async () => {
    await secretariat.locator("#tab-revisions").click();
    await secretariat.locator("#issue-revision", { hasText: "Issue Rev.3" }).click();
    await secretariat.locator(".revision-message", { hasText: "Rev.3 issued" }).waitFor();
    await secretariat.locator(".document .symbol", { hasText: "Document DL/23-F (Rév.3)" }).waitFor();
    const dates = await secretariat.locator(".document .date").allTextContents();
    assert.equal(dates.length, 1, dates.join(" | "));
    assert.match(dates[0]!, /^(1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/);
    await secretariat.screenshot({ path: new URL("french-revision.png", ARTIFACTS).pathname });
    assert.deepEqual(suite.problems, []);
  });
});

const ARABIC = new URL("../test/fixtures/dl-23-a.txt", import.meta.url);
const CHINESE = new URL("../test/fixtures/dl-23-c.txt", import.meta.url);

/** Where a box's edges are, in the page. */
const edges = (locator: Locator) => locator.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { left: r.left, right: r.right };
});

/**
 * An Arabic draft opens right to left (issue 13): the editor says `lang="ar"` and
 * `dir="rtl"`, its calls are italic headings, and each clause's label hangs at the line's
 * right, where an Arabic reader starts; the interface around it stays English, left to
 * right. A Chinese draft reads its calls, which have no spaces, as headings.
 */
describe("an Arabic and a Chinese draft", () => {
  const suite = useStage("plenary-e2e-rtl-");
  let arabic: TestSession;
  let chinese: TestSession;

  before(async () => {
    arabic = await createTestSession(suite.stage.server, suite.stage.dataDir, [{ code: "EGY", name: "Egypt" }], await readFile(ARABIC, "utf8"));
    chinese = await createTestSession(suite.stage.server, suite.stage.dataDir, [{ code: "CHN", name: "China" }], await readFile(CHINESE, "utf8"));
  });

  const link = (session: TestSession, seat: string) => `${suite.stage.server.url}/s/${session.id}#t=${session.tokens[seat]}`;

  it("the Arabic draft opens right to left, its calls headings and its labels on the right", async () => {
    const page = await suite.openSeat("secretariat-ar", link(arabic, "secretariat"));
    await waitForTexts(page, "يكلف الأمين العام");
    const editor = page.locator(".document");
    assert.deepEqual([await editor.getAttribute("lang"), await editor.getAttribute("dir")], ["ar", "rtl"]);
    assert.equal(await editor.evaluate((e) => getComputedStyle(e).direction), "rtl");
    assert.equal(await page.locator("#tab-revisions").evaluate((e) => getComputedStyle(e).direction), "ltr", "the interface stays left to right");
    const headings = await page.locator(".document .group-heading").allTextContents();
    assert.deepEqual(headings, ["إذ يذكّر", "وإذ يذكّر كذلك", "وإذ يضع في اعتباره", "وإذ يدرك", "يقرر", "يكلف الأمين العام", "يدعو الدول الأعضاء"]);
    assert.deepEqual(await page.locator(".document .group-heading").evaluateAll((hs) => hs.map((h) => h.getAttribute("data-part"))), ["preamble", "preamble", "preamble", "preamble", "operative", "operative", "operative"]);
    assert.equal(await page.locator(".document .clause").count(), 14);
    assert.equal(await page.locator(".document .group-heading").first().evaluate((h) => getComputedStyle(h).fontStyle), "italic");

    // The label starts the line on the right; the heading is indented from the right.
    const clause = page.locator(".document .clause", { hasText: "الكفاءات الأساسية" });
    await clause.scrollIntoViewIfNeeded();
    const [clauseBox, labelBox, headingBox, documentBox] = [await edges(clause), await edges(clause.locator(".label")), await edges(page.locator(".document .group-heading", { hasText: "وإذ يضع في اعتباره" })), await edges(editor)];
    assert.ok(Math.abs(labelBox.right - clauseBox.right) < 3, `label at the right: ${JSON.stringify([labelBox, clauseBox])}`);
    assert.ok(headingBox.right < documentBox.right - 20, `heading indented from the right: ${JSON.stringify([headingBox, documentBox])}`);
    assert.equal(await clause.locator("del .label").count() + await clause.locator(".label del").count() > 0, true, "the struck old label is struck");
    assert.equal(await page.locator(".document .bracket-sign").count(), 4, "two brackets, each with its two signs");
    await page.screenshot({ path: new URL("arabic-draft.png", ARTIFACTS).pathname });
    await page.locator(".document .group-heading", { hasText: "يقرر" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("arabic-draft-operative.png", ARTIFACTS).pathname });
  });

  it("the Chinese draft reads its calls as headings", async () => {
    const page = await suite.openSeat("secretariat-zh", link(chinese, "secretariat"));
    await waitForTexts(page, "责成秘书长");
    const editor = page.locator(".document");
    assert.deepEqual([await editor.getAttribute("lang"), await editor.getAttribute("dir")], ["zh-CN", "ltr"]);
    assert.equal(await editor.evaluate((e) => getComputedStyle(e).direction), "ltr");
    const headings = await page.locator(".document .group-heading").allTextContents();
    assert.deepEqual(headings, ["忆及", "进一步忆及", "考虑到", "认识到", "做出决议", "责成秘书长", "请成员国"]);
    assert.equal(await page.locator(".document .clause").count(), 14);
    await page.locator(".document .title", { hasText: "第140号决议草案" }).waitFor();
    await page.locator(".document .group-heading", { hasText: "考虑到" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("chinese-draft.png", ARTIFACTS).pathname });
    assert.deepEqual(suite.problems, []);
  });
});
