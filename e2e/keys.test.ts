import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { RunningServer } from "../server/server.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { clause, placeCaret, selectText, waitForConnection, waitForTexts } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
const CLAUSE = "19 to endorse";

/**
 * Issue 12, the keyboard: the chair goes from change to change and decides with Alt keys, as in
 * Word's review pane; everyone finds text in the draft, struck text included; "?" lists the keys
 * of one's role; formatting keys are the chair's.
 */
describe("the room's keys: next change, decisions, find, the list of keys", () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  let chair: Page;
  let usa: Page;

  before(async () => {
    ({ dataDir, server, browser } = await openStage("plenary-e2e-keys-"));
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Resolution 140 (WSIS) — keys e2e", text: await readFile(FIXTURE, "utf8"), delegations: [{ code: "USA", name: "United States" }] }),
    });
    const { links } = (await response.json()) as { links: { chair: string; delegations: Record<string, string> } };
    for (const [name, url] of [["chair", links.chair], ["USA", links.delegations.USA!]] as const) {
      const { context, page } = await openPage(browser, name, problems, { width: 1440, height: 900 });
      contexts.push(context);
      await page.goto(url);
      await waitForConnection(page, "connected");
      await waitForTexts(page, CLAUSE);
      if (name === "chair") chair = page;
      else usa = page;
    }
  });

  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  it("Ctrl+F finds every match, struck text included, and Enter goes from one to the next", async () => {
    await placeCaret(chair, "Resolution 73");
    await chair.keyboard.press("Control+f");
    await chair.keyboard.type("guadalajara");
    const count = chair.locator(".find-count");
    // The first match after the caret is the current one.
    await count.filter({ hasText: /^\d+ of \d+$/ }).waitFor();
    const [first, total] = (await count.textContent())!.split(" of ").map(Number) as [number, number];
    assert.ok(total > 2, `${total} matches`);
    assert.equal(await chair.locator(".document .find-match").count(), total, "every match is marked in the draft");
    assert.ok((await chair.locator(".document del .find-match, .document .find-match del").count()) > 0, "struck text is found too");
    await chair.keyboard.press("Enter");
    await count.filter({ hasText: `${(first % total) + 1} of ${total}` }).waitFor();
    await chair.keyboard.press("Shift+Enter");
    await count.filter({ hasText: `${first} of ${total}` }).waitFor();
    await chair.locator(".find-bar").screenshot({ path: new URL("find-bar.png", ARTIFACTS).pathname });
    await chair.keyboard.press("Escape");
    assert.equal(await chair.locator(".document .find-match").count(), 0, "closing find clears the marks");
  });

  it("the chair goes to USA's proposals with Alt+↓ and accepts one, rejects the next, with Alt+Enter and Alt+Backspace", async () => {
    await placeCaret(usa, CLAUSE, "to endorse");
    await usa.keyboard.type(" fully", { delay: 20 });
    await selectText(usa, CLAUSE, "Report");
    await usa.keyboard.press("Backspace");
    await chair.locator(`.document del[data-by="USA"]`, { hasText: "Report" }).waitFor();

    await placeCaret(chair, CLAUSE, "19");
    await chair.keyboard.press("Alt+ArrowDown");
    await chair.locator(".change-current", { hasText: "fully" }).waitFor();
    await chair.keyboard.press("Alt+Enter");
    // Accepted: the words stay, nobody's proposal any more; the next change (the strike) is picked.
    await chair.locator(".change-current", { hasText: "Report" }).waitFor();
    assert.equal(await clause(chair, CLAUSE).locator('ins[data-by="USA"]').count(), 0);
    assert.match((await clause(chair, CLAUSE).textContent()) ?? "", /to endorse fully the/);
    await chair.keyboard.press("Alt+Backspace");
    // Rejected: "Report" stands again, unstruck, on both screens.
    for (const page of [chair, usa]) {
      await page.waitForFunction((needle) => {
        const p = [...document.querySelectorAll(".document p.clause")].find((x) => (x.textContent ?? "").includes(needle));
        return !!p && p.querySelectorAll("del, ins").length === 0 && (p.textContent ?? "").includes("WSIS+10 Report");
      }, CLAUSE);
    }
  });

  it("'?' lists the keys of one's role; a delegation's Ctrl+B is refused with a reason", async () => {
    await usa.locator("#connection").click();
    await usa.keyboard.press("?");
    const dialog = usa.locator(".keys-dialog");
    await dialog.waitFor();
    const keys = await dialog.locator("kbd").allTextContents();
    assert.ok(keys.includes("Alt+↓") && keys.includes("Ctrl+F") && keys.includes("Ctrl+["), `a delegation's keys: ${keys.join(", ")}`);
    assert.ok(!keys.includes("Alt+Enter"), "deciding is not a delegation's key");
    await usa.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    await chair.locator("#keys-button").click();
    await chair.locator(".keys-dialog kbd", { hasText: "Alt+Enter" }).waitFor();
    await chair.locator(".keys-dialog").screenshot({ path: new URL("keys-chair.png", ARTIFACTS).pathname });
    await chair.keyboard.press("Escape");

    await selectText(usa, CLAUSE, "WSIS+10");
    await usa.keyboard.press("Control+b");
    await usa.locator("#notice", { hasText: "Formatting is for the chair." }).waitFor();
    assert.equal(await clause(usa, CLAUSE).locator("strong").count(), 0);
  });

  it("square brackets typed by hand become a bracket of the typist's; Ctrl+Z gives the typed signs back", async () => {
    const TWENTY = "20 that UN General Assembly";
    await placeCaret(usa, TWENTY, "Assembly ");
    await usa.keyboard.type("[");
    await placeCaret(usa, TWENTY, "be encouraged");
    await usa.keyboard.type("]");
    const bracket = clause(usa, TWENTY).locator('span.bracket[data-by="USA"]');
    await bracket.first().waitFor();
    assert.equal((await bracket.allTextContents()).join(""), "be encouraged");
    const text = () => clause(usa, TWENTY).evaluate((p) => [...p.childNodes].map((n) => ((n as HTMLElement).classList?.contains("bracket-sign") ? "" : n.textContent)).join(""));
    assert.match(await text(), /Assembly be encouraged to/, "the typed signs are gone: the bracket is drawn, not typed");
    // The chair sees USA's bracket like any other.
    await clause(chair, TWENTY).locator('span.bracket[data-by="USA"]').first().waitFor();
    await chair.locator('li.change[data-kind="bracket"][data-by="USA"]', { hasText: "be encouraged" }).waitFor();
    await usa.keyboard.press("Control+z");
    await bracket.first().waitFor({ state: "detached" });
    assert.match(await text(), /Assembly \[be encouraged\] to/, "undone: the literal signs are back");
    // A document reference typed in brackets cites a document: no bracket, the signs stay.
    await placeCaret(usa, TWENTY, "be encouraged");
    await usa.keyboard.type(" (see [WGPL/6])", { delay: 10 });
    await clause(chair, TWENTY).locator('ins[data-by="USA"]', { hasText: "[WGPL/6]" }).first().waitFor();
    assert.equal(await bracket.count(), 0, "no bracket around the reference");
  });

  it("a clause made with Enter gets its label at once: the next letter at the end of a group, 'bis' between two", async () => {
    await placeCaret(usa, "d) Resolution 172", "WSIS outcomes,");
    await usa.keyboard.press("Enter");
    await usa.keyboard.type("Resolution 200 (Busan, 2014);", { delay: 10 });
    await placeCaret(usa, "b) Resolution 113", "on WSIS;");
    await usa.keyboard.press("Enter");
    await usa.keyboard.type("Resolution 140 (Guadalajara, 2010);", { delay: 10 });
    for (const page of [usa, chair]) {
      await clause(page, "Resolution 200 (Busan").locator('span.label >> text="e)"').waitFor();
      await clause(page, "Resolution 140 (Guadalajara").locator('span.label >> text="b bis)"').waitFor();
    }
    // The label is part of USA's proposal (underlined as USA's words).
    await clause(chair, "Resolution 200 (Busan").locator('ins[data-by="USA"]', { hasText: "e)" }).first().waitFor();
    await clause(usa, "Resolution 140 (Guadalajara").evaluate((p) => p.scrollIntoView({ block: "center" }));
    await clause(usa, "Resolution 140 (Guadalajara").screenshot({ path: new URL("new-clause-label.png", ARTIFACTS).pathname });

    // The chair renumbers "recalling": b bis) becomes c), the clauses after it move one letter on, no label twice.
    await placeCaret(chair, "b) Resolution 113", "Resolution");
    await chair.getByRole("button", { name: "Renumber “recalling”" }).click();
    const labels = async () =>
      chair.evaluate(() => {
        const group = [...document.querySelectorAll(".document section.clause-group")].find((g) => g.querySelector(".group-heading")?.textContent?.trim() === "recalling")!;
        // The current label of each clause: its label text not struck.
        return [...group.querySelectorAll("p.clause")].map((p) => [...p.querySelectorAll(".label")].filter((l) => !l.closest("del")).map((l) => l.textContent).join("").trim());
      });
    const expected = ["a)", "b)", "c)", "d)", "e)", "f)"];
    for (let tries = 0; tries < 50 && JSON.stringify(await labels()) !== JSON.stringify(expected); tries++) await chair.waitForTimeout(200);
    await chair.locator("#notice", { hasText: "Chair renumbered recalling (4 labels)" }).waitFor();
    const now = await labels();
    assert.deepEqual(now, expected, `the labels of recalling: ${now.join(" ")}`);
    assert.equal(new Set(now).size, now.length, "no label twice in the group");
  });

  it("comments: USA comments on a clause, the chair replies and resolves it; both screens follow", async () => {
    await placeCaret(usa, "20 that UN General Assembly", "Assembly");
    await usa.locator("#tab-comments").click();
    await usa.locator("#new-comment").click();
    await usa.locator(".comment-box").fill("Should this not say 'invited'?");
    await usa.locator(".comment-form button[type=submit]").click();
    await chair.locator("#tab-comments").click();
    const thread = chair.locator('li.thread[data-by="USA"]', { hasText: "Should this not say 'invited'?" });
    await thread.waitFor();
    assert.match((await thread.locator(".thread-where").textContent()) ?? "", /resolves 20/);
    await thread.locator('[data-action="reply"]').click();
    await chair.locator(".comment-form .comment-box").fill("Noted; we take it up after the break.");
    await chair.locator(".comment-form button[type=submit]").click();
    await usa.locator("li.thread", { hasText: "Noted; we take it up after the break." }).waitFor();
    assert.equal(await usa.locator('li.thread [data-action="resolve"]').count(), 0, "resolving is the chair's");
    await chair.locator("#side").screenshot({ path: new URL("comments.png", ARTIFACTS).pathname });
    await thread.locator('[data-action="resolve"]').click();
    await usa.locator(".resolved-threads summary", { hasText: "Resolved (1)" }).waitFor();
    await usa.locator(".thread-list:not(.resolved) li.empty", { hasText: "No open comment." }).waitFor();
  });

  it("on a 1400x900 screen the chair sees the first changes of the list; on a 1024 px laptop the panel stays beside the draft", async () => {
    await chair.setViewportSize({ width: 1400, height: 900 });
    await chair.locator("#tab-changes").click();
    await chair.locator(".side").evaluate((side) => (side.scrollTop = 0));
    const first = (await chair.locator(".change-list > li").first().boundingBox())!;
    assert.ok(first.y + 40 < 900, `the first change at y ${first.y}, in view`);
    await chair.setViewportSize({ width: 1024, height: 768 });
    const paper = (await chair.locator(".paper").boundingBox())!;
    const side = (await chair.locator(".side").boundingBox())!;
    assert.ok(side.x >= paper.x + paper.width - 1, `the panel (x ${side.x}) is right of the draft (to ${paper.x + paper.width})`);
    assert.ok(side.y < 200, `the panel starts at the top (y ${side.y})`);
    assert.ok(paper.width >= 560, `the draft keeps a readable width (${paper.width} px)`);
    await chair.screenshot({ path: new URL("chair-1024.png", ARTIFACTS).pathname });
    assert.deepEqual(problems, []);
  });
});
