import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServer } from "../server/server.ts";
import type { RunningServer } from "../server/server.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { clause, clauseText, draft, placeCaret, waitForConnection, waitForTexts } from "./draft.ts";
import { renderSVG } from "uqr";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
const CLAUSE = "Resolution 113 (Marrakesh, 2002)";
const BY_USA = " as reaffirmed by the United States";
const BY_KEN = " and its Kenyan amendment";
const OFFLINE = " (text typed while the server was down)";

describe("a live drafting session in the browser", () => {
  let dataDir: string;
  let distDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  let links: { chair: string; observer: string; delegations: Record<string, string> };
  let usa: Page;
  let ken: Page;
  let observer: Page;

  const open = async (name: string, url: string, viewport?: { width: number; height: number }) => {
    const { context, page } = await openPage(browser, name, problems, viewport);
    contexts.push(context);
    await page.goto(url);
    return page;
  };

  before(async () => {
    ({ dataDir, distDir, server, browser } = await openStage("plenary-e2e-"));
  });

  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  it("the new-session page shows the server's refusal of bad DL text with line and column", async () => {
    const page = await open("new", `${server.url}/new#t=${server.adminToken}`, { width: 1280, height: 1000 });
    assert.ok(!page.url().includes("#t="), "the admin token is removed from the address bar");
    await page.locator("#title").fill("Resolution 140 (WSIS) — e2e");
    await page.locator("#dl-text").fill("WORKING GROUP OF THE PLENARY\n\nDocument DL/23-E\nbad \u0001 byte");
    await page.locator("#roster-lines").fill("USA: United States\nKEN: Kenya");
    await page.getByRole("button", { name: "Create session" }).click();
    await page.getByRole("alert").filter({ hasText: "line 4, column 5" }).waitFor();
    await page.screenshot({ path: new URL("new-session-error.png", ARTIFACTS).pathname, fullPage: true });
  });

  it("the new-session page creates a session from an uploaded file, by keyboard alone, and lists every link", async () => {
    const page = await open("new", `${server.url}/new#t=${server.adminToken}`, { width: 1280, height: 1000 });
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "title");
    await page.keyboard.type("Resolution 140 (WSIS) — WG-PL e2e");
    await page.locator("#dl-file").setInputFiles(FIXTURE.pathname);
    await page.waitForFunction(() => (document.getElementById("dl-text") as HTMLTextAreaElement).value.includes("DL/23-E (Rev.2)"));
    await page.locator("#roster-lines").focus();
    await page.keyboard.insertText("USA: United States\nKEN: Kenya\nBRA: Brazil");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Create session");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Session created/ }).waitFor();
    // What the import read, to check against the document the secretariat knows, and where it could not pair a sign.
    const summary = page.locator(".import-summary");
    await summary.getByText("19 clause groups, 109 clauses, 0 proposed insertions, 81 proposed deletions, 17 brackets.").waitFor();
    assert.match(await summary.innerText(), /3 signs could not be paired and were kept as typed:[\s\S]*line \d+, column \d+: /);
    const seat = (s: string) => page.locator(`tr[data-seat="${s}"] code.link`).innerText();
    links = {
      chair: await seat("chair"),
      observer: await seat("observer"),
      delegations: { USA: await seat("USA"), KEN: await seat("KEN") },
    };
    assert.match(links.delegations.USA!, /\/s\/[^/#]+#t=[A-Za-z0-9_-]{40,}$/);
    await page.screenshot({ path: new URL("new-session.png", ARTIFACTS).pathname, fullPage: true });
  });

  it("two delegations and the observer open the draft, each with the right identity", async () => {
    [usa, ken, observer] = await Promise.all([
      open("USA", links.delegations.USA!),
      open("KEN", links.delegations.KEN!),
      open("observer", links.observer, { width: 1920, height: 1080 }),
    ]);
    for (const page of [usa, ken, observer]) {
      await waitForTexts(page, "recalling", CLAUSE);
      await waitForConnection(page, "connected");
      assert.ok(!page.url().includes("#t="), "the token is removed from the address bar");
    }
    await usa.locator("#identity", { hasText: "USA" }).waitFor();
    await usa.locator('#presence li[data-code="KEN"]').waitFor();
    await ken.locator('#presence li[data-code="USA"]').waitFor();
    assert.equal(await draft(observer).getAttribute("contenteditable"), "false");
    assert.equal(await draft(usa).getAttribute("contenteditable"), "true");
  });

  it("both delegations type into the same clause at once and each sees the other's words", async () => {
    await placeCaret(usa, CLAUSE);
    await placeCaret(ken, CLAUSE, "(Marrakesh, 2002)");
    await Promise.all([usa.keyboard.type(BY_USA, { delay: 15 }), ken.keyboard.type(BY_KEN, { delay: 15 })]);
    for (const page of [usa, ken, observer]) {
      await clause(page, CLAUSE).filter({ hasText: BY_USA.trim() }).filter({ hasText: BY_KEN.trim() }).waitFor();
    }
    const text = await clauseText(observer, CLAUSE);
    assert.match(text, /Resolution 113 \(Marrakesh, 2002\) and its Kenyan amendment of the Plenipotentiary Conference, on WSIS; as reaffirmed by the United States/);
    await usa.locator(".remote-cursor-label", { hasText: "KEN" }).waitFor();
    await observer.locator(".remote-cursor-label", { hasText: "USA" }).waitFor();
    await clause(usa, CLAUSE).evaluate((p) => p.scrollIntoView({ block: "center" }));
    await usa.screenshot({ path: new URL("delegation-view.png", ARTIFACTS).pathname });
    await clause(observer, CLAUSE).scrollIntoViewIfNeeded();
    await observer.screenshot({ path: new URL("observer-view.png", ARTIFACTS).pathname });
  });

  it("text not agreed is shown between square brackets, as on the printed draft", async () => {
    const disputed = observer.locator(".document p.clause", { hasText: "within their respective roles and responsibilities," });
    await disputed.evaluate((p) => p.scrollIntoView({ block: "center" }));
    assert.match(await clauseText(observer, "within their respective roles"), /stakeholders, within their respective roles and responsibilities, is critical/);
    const shown = await disputed.innerText();
    assert.match(shown, /\[within their respective roles and responsibilities,\]/);
    await observer.screenshot({ path: new URL("observer-brackets.png", ARTIFACTS).pathname });
  });

  it("the observer cannot type into the draft", async () => {
    await draft(observer).click();
    await observer.keyboard.type("OBSERVER-TYPED");
    assert.ok(!(await draft(observer).innerText()).includes("OBSERVER-TYPED"));
    await placeCaret(usa, CLAUSE);
    await usa.keyboard.type(" ·");
    await waitForTexts(observer, `${BY_USA} ·`.trim());
    assert.ok(!(await draft(usa).innerText()).includes("OBSERVER-TYPED"));
  });

  it("undo in one delegation's view undoes only its own typing", async () => {
    await ken.keyboard.press("Control+z");
    await ken.waitForFunction((t) => !document.querySelector(".document")!.textContent!.includes(t), BY_KEN.trim());
    await waitForTexts(ken, BY_USA.trim());
    await ken.keyboard.press("Control+y");
    await waitForTexts(usa, BY_KEN.trim());
  });

  it("the text is still there after a page reload", async () => {
    await usa.reload();
    await waitForConnection(usa, "connected");
    await waitForTexts(usa, BY_USA.trim(), BY_KEN.trim());
  });

  it("edits made while the server is down are counted, then sent when it is back, and survive the restart", async () => {
    const port = server.port;
    await server.close();
    await waitForConnection(usa, "reconnecting");
    await placeCaret(usa, CLAUSE);
    await usa.keyboard.type(OFFLINE);
    await usa.locator("#connection", { hasText: /\d+ unsent changes/ }).waitFor();
    server = await startServer({ port, dataDir, distDir });
    await waitForConnection(usa, "connected");
    assert.equal(await usa.locator("#connection").getAttribute("data-unsent"), "0");
    await waitForTexts(observer, OFFLINE.trim());
    await observer.reload();
    await waitForTexts(observer, BY_USA.trim(), BY_KEN.trim(), OFFLINE.trim());
    await ken.reload();
    await waitForTexts(ken, OFFLINE.trim());
  });

  it("the chair's links page shows who is connected and reissues a link, disconnecting the old one", async () => {
    const chair = await open("chair", links.chair, { width: 1440, height: 900 });
    await waitForConnection(chair, "connected");
    await chair.getByRole("link", { name: "Manage links" }).focus();
    await chair.keyboard.press("Enter");
    await chair.locator('tr[data-seat="USA"] .status', { hasText: "Connected" }).waitFor();
    await chair.locator('tr[data-seat="observer"] .status', { hasText: "Connected" }).waitFor();
    await chair.getByRole("button", { name: "Reissue link for Kenya (KEN)" }).click();
    // Reissuing cuts the old link off: the page asks first.
    await chair.locator(".confirm-dialog", { hasText: "Issue a new link for Kenya?" }).waitFor();
    await chair.locator("#confirm-dialog-ok").click();
    await waitForConnection(ken, "closed");
    await ken.locator("#connection", { hasText: "no longer valid" }).waitFor();
    const newLink = await chair.locator('tr[data-seat="KEN"] code.link').innerText();
    assert.notEqual(newLink, links.delegations.KEN);
    await chair.locator(".notice.ok", { hasText: "New link for Kenya" }).waitFor();
    await chair.screenshot({ path: new URL("manage.png", ARTIFACTS).pathname, fullPage: true });

    const again = await open("KEN again", newLink);
    await waitForConnection(again, "connected");
    await waitForTexts(again, OFFLINE.trim());

    // France arrives late: the chair seats it from the same page; its link opens the draft as France.
    await chair.locator("#seat-code").fill("fra");
    await chair.locator("#seat-name").fill("France");
    await chair.locator("#add-seat button[type=submit]").click();
    await chair.locator(".notice.ok", { hasText: "France (FRA) is seated" }).waitFor();
    const franceLink = await chair.locator('tr[data-seat="FRA"] code.link').innerText();
    await chair.locator("#add-seat").screenshot({ path: new URL("add-seat.png", ARTIFACTS).pathname });
    // Shown again, large, with its QR code, for a delegate's phone or the room's screen.
    await chair.getByRole("button", { name: "Show the link of France (FRA) with its QR code" }).click();
    const shown = chair.locator(".link-dialog");
    await shown.locator(".qr svg").waitFor();
    assert.equal(await shown.locator("code.link").innerText(), franceLink);
    // The modules drawn are those of the link's own code (compared as the path's data, not as markup).
    const modules = (svg: string) => /\sd="([^"]+)"/.exec(svg)?.[1] ?? "";
    assert.ok(modules(await shown.locator(".qr").innerHTML()) === modules(renderSVG(franceLink, { ecc: "M", border: 2, pixelSize: 8 })), "the code is the link's");
    await shown.screenshot({ path: new URL("link-qr.png", ARTIFACTS).pathname });
    await chair.keyboard.press("Escape");
    const france = await open("FRA", franceLink);
    await waitForConnection(france, "connected");
    await france.locator("#identity", { hasText: "FRA" }).waitFor();
    await chair.locator("#seat-code").fill("USA");
    await chair.locator("#seat-name").fill("United States again");
    await chair.locator("#add-seat button[type=submit]").click();
    await chair.locator(".notice.error", { hasText: "USA" }).waitFor();
  });

  it("no page logged an error", () => {
    assert.deepEqual(problems, []);
  });
});
