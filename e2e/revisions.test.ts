import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import type { RunningServer } from "../server/server.ts";
import { documentDate } from "../shared/meta.ts";
import { openInLibreOffice, trackedChanges, bodyText } from "../test/libreoffice.ts";
import { pdfText } from "../test/pdf.ts";
import { aknProblems } from "../test/akn.ts";
import { ARTIFACTS, closeStage, openStage } from "./stage.ts";
import { openPage } from "./browser.ts";
import type { PageProblem } from "./browser.ts";
import { placeCaret, selectText, waitForConnection, waitForTexts } from "./draft.ts";

const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
const CLAUSE_19 = "19 to endorse";
const CLAUSE_11 = "11 to endorse the following";

/** The bytes of a download the page starts with `start`. */
async function downloaded(page: Page, start: () => Promise<unknown>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent("download"), start()])) as [Download, unknown];
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

describe("issuing Rev.3 and downloading it: Word with tracked changes, DL text and HTML", () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: PageProblem[] = [];
  const pages: Record<"chair" | "secretariat" | "observer" | "USA" | "RUS", Page> = {} as never;

  before(async () => {
    ({ dataDir, server, browser } = await openStage("plenary-e2e-rev-"));
  });

  after(async () => {
    await closeStage({ contexts, browser, server, dataDir });
  });

  it("two delegations propose and the chair accepts one proposal", async () => {
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "Resolution 140 (WSIS) — revisions e2e",
        text: await readFile(FIXTURE, "utf8"),
        delegations: [
          { code: "USA", name: "United States" },
          { code: "RUS", name: "Russian Federation" },
        ],
      }),
    });
    assert.equal(response.status, 201);
    const { links } = (await response.json()) as { links: { chair: string; secretariat: string; observer: string; delegations: Record<string, string> } };
    const seats = { chair: links.chair, secretariat: links.secretariat, observer: links.observer, USA: links.delegations.USA!, RUS: links.delegations.RUS! };
    for (const [name, url] of Object.entries(seats)) {
      const { context, page } = await openPage(browser, name, problems, { width: 1500, height: 950 });
      contexts.push(context);
      await page.goto(url);
      pages[name as keyof typeof pages] = page;
    }
    for (const page of Object.values(pages)) {
      await waitForConnection(page, "connected");
      await waitForTexts(page, CLAUSE_19);
    }
    const { USA, RUS, chair } = pages;
    await placeCaret(USA, CLAUSE_19, "to endorse");
    await USA.keyboard.type(" fully", { delay: 15 });
    await placeCaret(USA, CLAUSE_11, "to endorse");
    await USA.keyboard.type(" also", { delay: 15 });
    await selectText(RUS, CLAUSE_19, "Implementation");
    await RUS.keyboard.press("Backspace");
    for (const [by, kind, text] of [["USA", "insertion", "fully"], ["USA", "insertion", "also"], ["RUS", "deletion", "Implementation"]]) {
      await chair.locator(`li.change[data-by="${by}"][data-kind="${kind}"]`, { hasText: text }).waitFor();
    }
    await chair.locator('li.change[data-by="USA"][data-kind="insertion"]', { hasText: "fully" }).locator('[data-action="accept"]').click();
    await pages.secretariat.waitForFunction(() => !document.querySelector('.document ins[data-by="USA"]')?.textContent?.includes("fully") && document.querySelectorAll("ol.history-list li.decision").length === 1);
  });

  it("the secretariat issues Rev.3 from the Revisions panel", async () => {
    const { secretariat } = pages;
    await secretariat.locator("#tab-revisions").click();
    await secretariat.locator("#issue-revision", { hasText: "Issue Rev.3" }).click();
    await secretariat.locator('.revision[data-rev="3"]', { hasText: documentDate(new Date()) }).waitFor();
    await secretariat.locator(".revision-message", { hasText: "Rev.3 issued" }).waitFor();
    assert.match(await secretariat.locator('.revision[data-rev="3"]').innerText(), /issued by Secretariat/);
    await secretariat.locator("#issue-revision", { hasText: "Issue Rev.4" }).waitFor();
    // The live draft continues from Rev.3: its symbol line says so on every screen, and the panel what changed since.
    for (const page of Object.values(pages)) await page.locator(".document .symbol", { hasText: "Document DL/23-E (Rev.3)" }).waitFor();
    await secretariat.locator("#live-state", { hasText: "The live draft continues from Rev.3: no change since." }).waitFor();
    await placeCaret(pages.RUS, "19 to endorse", "to endorse");
    await pages.RUS.keyboard.type(" warmly", { delay: 20 });
    await secretariat.locator("#live-state", { hasText: "1 proposal and 0 decisions since" }).waitFor();
    await secretariat.locator("#side").screenshot({ path: new URL("revisions-panel.png", ARTIFACTS).pathname });
    // An observer sees the revision and may download it, but has no Issue button.
    // The observer's page opens as the projector (no side panel): a reader switches that off.
    await pages.observer.locator('#projector-toggle[aria-pressed="true"]').click();
    await pages.observer.locator("#tab-revisions").click();
    await pages.observer.locator('.revision[data-rev="3"]').waitFor();
    assert.equal(await pages.observer.locator("#issue-revision").count(), 0);
  });

  it("the Export menu downloads Rev.3 as Word; LibreOffice sees each remaining proposal as a tracked change by its delegation", async () => {
    const { secretariat } = pages;
    await secretariat.locator("#export-button").click();
    await secretariat.locator("#export-source").selectOption("3");
    await secretariat.locator("#export-panel").waitFor();
    await secretariat.screenshot({ path: new URL("export-menu.png", ARTIFACTS).pathname, clip: { x: 700, y: 0, width: 800, height: 620 } });
    const docx = await downloaded(secretariat, () => secretariat.locator('.export-item[data-format="docx"][data-variant="marked"]').click());
    assert.equal(docx.name, "DL-23-E-Rev3.docx");
    await secretariat.locator(".export-status", { hasText: "Downloaded DL-23-E-Rev3.docx" }).waitFor();
    const fodt = openInLibreOffice(new Uint8Array(docx.bytes));
    const changes = trackedChanges(fodt).filter((c) => c.author !== "Imported");
    assert.deepEqual(
      changes.map((c) => [c.kind, c.author, c.text]),
      [
        ["insertion", "United States (USA)", "also"],
        ["deletion", "Russian Federation (RUS)", "Implementation"],
      ],
    );
    assert.equal(trackedChanges(fodt).filter((c) => c.author === "Imported").length, 81, "the imported strikes stay");
    const text = bodyText(fodt);
    assert.match(text, /Document DL\/23-E \(Rev\.3\)/);
    assert.match(text, new RegExp(documentDate(new Date())));
    assert.match(text, /19\s*to endorse fully the WSIS\+10 Report/, "the accepted proposal is plain text");
  });

  it("the DL text and the HTML of Rev.3 say the same", async () => {
    const { secretariat } = pages;
    if (await secretariat.locator("#export-panel").isHidden()) await secretariat.locator("#export-button").click();
    await secretariat.locator("#export-source").selectOption("3");
    const dl = await downloaded(secretariat, () => secretariat.locator('.export-item[data-format="dl"][data-variant="attributed"]').click());
    assert.equal(dl.name, "DL-23-E-Rev3-attributed.txt");
    const text = dl.bytes.toString("utf8");
    assert.match(text, /^Document DL\/23-E \(Rev\.3\)$/m);
    assert.match(text, /19 to endorse fully the WSIS\+10 Report: ITU's Ten Year Contribution to the WSIS ~~Implementation~~\{RUS [^}]+\} and Follow-up/);
    assert.match(text, /11 to endorse<ins> also<\/ins>\{USA [^}]+\} the following/);
    const html = await downloaded(secretariat, () => secretariat.locator('.export-item[data-format="html"][data-variant="marked"]').click());
    assert.equal(html.name, "DL-23-E-Rev3.html");
    const page = html.bytes.toString("utf8");
    assert.match(page, /<del class="a-RUS"[^>]*title="RUS: deleted by Russian Federation \(RUS\)[^>]*>Implementation<\/del>/);
    assert.match(page, /<ins class="a-USA"[^>]*title="USA: inserted by United States \(USA\)[^>]*> also<\/ins>/);
    assert.match(page, /Document DL\/23-E \(Rev\.3\)/);
    // The PDF, as Chromium prints that HTML: A4, the symbol atop each page, numbered.
    const pdf = await downloaded(secretariat, () => secretariat.locator('.export-item[data-format="pdf"][data-variant="marked"]').click());
    assert.equal(pdf.name, "DL-23-E-Rev3.pdf");
    const printed = pdfText(pdf.bytes);
    assert.ok(printed.pages >= 8 && printed.pages <= 16, `${printed.pages} pages`);
    assert.match(printed.info, /Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    assert.match(printed.text, /RESOLUTION 140 \(REV\. GUADALAJARA, 2010BUSAN, 2014\)/, "the title, its struck and new words in order");
    assert.match(printed.text, /\[not decided\]/, "brackets");
    assert.match(printed.text, /19\s+to endorse fully the WSIS\+10 Report: ITU's Ten Year Contribution to the WSIS Implementation and Follow-up/);
    assert.match(printed.pageTwo, /DL\/23-E \(Rev\.3\)/, "the symbol heads page 2");
    assert.match(printed.pageTwo, /^-\s?2\s?-$/m, "page 2 is numbered");
    // Akoma Ntoso, as the UN's systems take it: valid AKN 3.0, RUS's strike naming RUS.
    const akn = await downloaded(secretariat, () => secretariat.locator('.export-item[data-format="akn"]').click());
    assert.equal(akn.name, "DL-23-E-Rev3.akn.xml");
    assert.equal(aknProblems(akn.bytes.toString("utf8")), "");
    assert.match(akn.bytes.toString("utf8"), /<del refersTo="#rus">Implementation<\/del>/);
    assert.match(akn.bytes.toString("utf8"), /<TLCOrganization eId="rus" [^>]*showAs="Russian Federation"\/>/);
    await secretariat.keyboard.press("Escape");
    await secretariat.locator("#export-panel").waitFor({ state: "hidden" });
    assert.equal(await secretariat.evaluate(() => document.activeElement?.id), "export-button", "Escape gives the focus back to the button");
  });

  it("the secretariat compares Rev.2 with Rev.3 in the browser and exports the comparison", async () => {
    const { secretariat } = pages;
    await secretariat.locator("#compare-from").selectOption("2");
    await secretariat.locator("#compare-to").selectOption("3");
    await secretariat.locator("#compare-button").click();
    const frame = secretariat.frameLocator(".compare-frame");
    // USA's "also" is still its proposal; "fully", accepted by the chair since, is still credited to USA, its proposer.
    await frame.locator("ins.a-USA", { hasText: "also" }).first().waitFor();
    await frame.locator("ins.a-USA", { hasText: "fully" }).first().waitFor();
    await frame.locator("del.a-RUS", { hasText: "Implementation" }).first().waitFor();
    await frame.locator("ins.a-secretariat", { hasText: "(Rev.3)" }).waitFor();
    // Only the struck word differs in clause 19, not the words around it.
    assert.equal(await frame.locator("p.clause", { hasText: "to endorse fully the WSIS+10" }).locator("del").allInnerTexts().then((t) => t.join("|").trim()), "Implementation");
    await frame.locator("del.a-RUS", { hasText: "Implementation" }).first().evaluate((d) => d.scrollIntoView({ block: "center" }));
    await secretariat.screenshot({ path: new URL("compare.png", ARTIFACTS).pathname });
    const docx = await downloaded(secretariat, () => secretariat.locator('.compare-dialog button[data-format="docx"]').click());
    assert.equal(docx.name, "DL-23-E-Rev2-Rev3-compare.docx");
    const changes = trackedChanges(openInLibreOffice(new Uint8Array(docx.bytes)));
    assert.ok(changes.some((c) => c.kind === "insertion" && c.author === "United States (USA)" && c.text.startsWith("also")), JSON.stringify(changes));
    assert.ok(changes.some((c) => c.kind === "insertion" && c.author === "United States (USA)" && c.text.trim().startsWith("fully")), JSON.stringify(changes));
    assert.ok(changes.some((c) => c.kind === "deletion" && c.author === "Russian Federation (RUS)" && c.text.startsWith("Implementation")), JSON.stringify(changes));
    await secretariat.keyboard.press("Escape");
    await secretariat.locator(".compare-dialog").waitFor({ state: "detached" });
  });

  it("no page logged an error", () => {
    assert.deepEqual(problems, []);
  });
});
