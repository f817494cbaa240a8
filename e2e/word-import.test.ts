import { describe, it, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, InsertedTextRun, Packer, Paragraph, Tab, TextRun } from "docx";
import type { Page } from "playwright-core";
import { parse } from "../shared/dl/parse.ts";
import { textBlocks } from "../shared/dl/serialize.ts";
import { draftDocx } from "../test/word-fixture.ts";
import { useStage } from "./stage.ts";
import { clause, pasteInto, placeCaret, waitForTexts } from "./draft.ts";

const SCRATCH = new URL("../.scratch/", import.meta.url);
const FIXTURE = new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url);
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: new URL(`word-${name}.png`, SCRATCH).pathname, fullPage });

/** A delegation's Word file of changes against the seed draft: two clauses of it with two authors' revisions and a comment, and a clause the draft never had. */
async function changesToSeed(seed: string): Promise<Uint8Array> {
  const blocks = textBlocks(parse(seed).doc).map((b) => b.textContent);
  const a = blocks.find((t) => t.startsWith("a) Resolution 73 (Minneapolis, 1998)"))!;
  const b = blocks.find((t) => t.startsWith("b) Resolution 113 (Marrakesh, 2002)"))!;
  const US = { author: "Delegation of the United States", date: "2026-12-01T08:30:00Z" };
  const JANE = { author: "Jane Smith", date: "2026-12-01T08:40:00Z" };
  const cut = "of the Plenipotentiary Conference, ";
  const at = a.indexOf(cut);
  const doc = new Document({
    features: { trackRevisions: true },
    comments: { children: [{ id: 0, author: "Jane Smith", date: new Date(JANE.date), children: [new Paragraph("Is Minneapolis still the reference?")] }] },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ children: ["a)", new Tab()] }), new CommentRangeStart(0), new TextRun(a.slice(3, at)), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] }), new DeletedTextRun({ text: cut, id: 1, ...US }), new TextRun(a.slice(at + cut.length))] }),
          new Paragraph({ children: [new TextRun({ children: ["b)", new Tab()] }), new TextRun(b.slice(3, -1)), new InsertedTextRun({ text: " and its follow-up", id: 2, ...JANE }), new TextRun(";")] }),
          new Paragraph({ children: [new TextRun({ children: ["z)", new Tab()] }), new TextRun("a clause the draft never had "), new InsertedTextRun({ text: "at all", id: 3, ...JANE })] }),
        ],
      },
    ],
  });
  return Packer.pack(doc, "uint8array");
}

describe("Word in, in the browser", () => {
  const suite = useStage("plenary-e2e-word-");
  let files: string;
  before(async () => {
    files = await mkdtemp(join(tmpdir(), "plenary-e2e-word-files-"));
  });
  after(async () => {
    await rm(files, { recursive: true, force: true });
    assert.deepEqual(suite.problems, [], "no page logged an error");
  });

  it("the new-session page imports a delegation's .docx: the author table is confirmed, and the session opens with the three delegations' proposals and two comment threads", async () => {
    const { server, browser } = suite.stage;
    const path = join(files, "delegation-draft.docx");
    await writeFile(path, await draftDocx());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (e) => suite.problems.push({ page: "new", kind: "pageerror", text: e.message } as never));
    await page.goto(`${server.url}/new#t=${server.adminToken}`);
    await page.fill("#title", "Connecting the unconnected — from Word");
    await page.fill("#roster-lines", "USA: United States\nF: France\nE: Spain");
    await page.setInputFiles("#dl-file", path);
    await page.waitForSelector(".word-author-table");
    assert.equal(await page.isHidden("#dl-text"), true, "the DL text box steps aside for the Word file");
    assert.match((await page.textContent(".word-counts")) ?? "", /2 clause groups, 4 clauses, 3 proposed insertions, 2 proposed deletions, 2 brackets, 2 comments/);
    assert.deepEqual(await page.$$eval(".word-author-table select", (s) => s.map((e) => [(e as HTMLSelectElement).dataset.author, (e as HTMLSelectElement).value])), [["Jane Smith", ""], ["Pierre Martin", ""], ["Ana García", ""]].sort((x, y) => 0 * x.length * y.length), "person names are not guessed");
    // Creating before choosing says what is missing.
    await page.click("button[type=submit]");
    assert.match((await page.textContent("#form-error")) ?? "", /Choose the delegation of each Word author: Jane Smith, Pierre Martin, Ana García have none yet/);
    await page.selectOption('select[data-author="Jane Smith"]', "USA");
    await page.selectOption('select[data-author="Pierre Martin"]', "F");
    await page.selectOption('select[data-author="Ana García"]', "E");
    // Every author has a delegation now: the error asking for them is gone.
    assert.equal((await page.textContent("#form-error")) ?? "", "");
    await shot(page, "new-session-mapping", true);
    await page.click("button[type=submit]");
    await page.waitForSelector("#created-heading");
    assert.match((await page.textContent(".import-summary")) ?? "", /Proposals attributed: Jane Smith → USA, Pierre Martin → F, Ana García → E/);
    await shot(page, "new-session-created", true);
    const chairLink = (await page.textContent("#link-chair"))!;
    await context.close();

    const chair = await suite.openSeat("chair", chairLink);
    await waitForTexts(chair, "the outcomes", "to promote");
    const byAuthor = async (code: string) => chair.locator(`.change-list li.change[data-by="${code}"]`).count();
    await chair.waitForFunction(() => document.querySelectorAll(".change-list li.change").length >= 7);
    assert.deepEqual([await byAuthor("USA"), await byAuthor("F"), await byAuthor("E")], [2, 2, 1], "each delegation's revisions are its proposals");
    await chair.click("#tab-comments");
    await chair.waitForSelector(".thread");
    assert.deepEqual(await chair.$$eval(".thread", (t) => t.map((e) => (e as HTMLElement).dataset.by)), ["E", "USA"]);
    await shot(chair, "new-session-chair");
  });

  it("in a live session the secretariat imports a delegation's .docx of changes against the seed: the chair's Changes panel lists them attributed; a delegation gets 403", async () => {
    const { server } = suite.stage;
    const seed = await readFile(FIXTURE, "utf8");
    const response = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "WSIS — live import", text: seed, delegations: [{ code: "USA", name: "United States" }, { code: "RUS", name: "Russian Federation" }] }),
    });
    const created = (await response.json()) as { id: string; links: { chair: string; secretariat: string; delegations: Record<string, string> } };
    const path = join(files, "usa-changes.docx");
    await writeFile(path, await changesToSeed(seed));

    const chair = await suite.openSeat("chair-live", created.links.chair);
    const usa = await suite.openSeat("usa-live", created.links.delegations.USA!);
    assert.equal(await usa.locator("#word-import").count(), 0, "a delegation is not offered the import");
    const usaToken = new URL(created.links.delegations.USA!).hash.slice(3);
    const refused = await fetch(`${server.url}/api/sessions/${created.id}/word`, { method: "POST", headers: { Authorization: `Bearer ${usaToken}`, "Content-Type": "application/json" }, body: JSON.stringify({ docx: Buffer.from(await readFile(path)).toString("base64"), authors: {} }) });
    assert.equal(refused.status, 403);

    const secretariat = await suite.openSeat("secretariat-live", created.links.secretariat);
    await secretariat.click("#word-import");
    await secretariat.setInputFiles("#word-file", path);
    await secretariat.waitForSelector(".word-author-table");
    assert.equal(await secretariat.inputValue('select[data-author="Delegation of the United States"]'), "USA", "a delegation named in the author is proposed");
    assert.equal(await secretariat.inputValue('select[data-author="Jane Smith"]'), "", "a person is left to choose");
    assert.equal(await secretariat.isDisabled("#word-confirm"), true, "nothing can be made before every author has a delegation");
    await secretariat.selectOption('select[data-author="Jane Smith"]', "USA");
    await secretariat.waitForFunction(() => /2 proposals will be made/.test(document.querySelector(".word-placement h4")?.textContent ?? ""));
    assert.match((await secretariat.textContent(".word-placement")) ?? "", /1 change cannot be placed.*z\) a clause the draft never.*matches no block of the draft/s);
    await shot(secretariat, "live-preview");
    await secretariat.click("#word-confirm");
    await secretariat.waitForFunction(() => /proposals? made in the draft/.test(document.querySelector(".word-placement h4")?.textContent ?? ""));
    assert.match((await secretariat.textContent(".word-body")) ?? "", /1 comment is now in the Comments tab/);
    await shot(secretariat, "live-done");

    // The chair sees them at once, attributed to USA, with no reload.
    await chair.selectOption("#filter-by", "USA");
    await chair.waitForFunction(() => document.querySelectorAll('.change-list li.change[data-by="USA"]').length === 2);
    assert.deepEqual(
      await chair.$$eval('.change-list li.change[data-by="USA"] .change-text', (e) => e.map((x) => x.textContent)),
      ["of the Plenipotentiary Conference, ", " and its follow-up"],
    );
    await chair.click("#tab-comments");
    await chair.waitForSelector('.thread[data-by="USA"]');
    await chair.click("#tab-changes");
    await shot(chair, "live-chair");

    // A paste from Word: its deleted words stay out, its brackets are brackets, the text is the paster's proposal.
    const wordHtml = `<html xmlns:w="urn:schemas-microsoft-com:office:word"><body><!--StartFragment--><p class=MsoNormal>, to promote [<span class=msoIns><ins cite="mailto:Jane%20Smith" datetime="2026-12-01T09:00">universal </ins></span>affordable] access <span class=msoDel><del cite="mailto:Jane%20Smith" datetime="2026-12-01T09:01">where possible</del></span><o:p></o:p></p><!--EndFragment--></body></html>`;
    await placeCaret(usa, "b) Resolution 113", "on WSIS");
    await pasteInto(usa, { "text/html": wordHtml, "text/plain": ", to promote [universal affordable] access where possible" });
    const b = clause(usa, "b) Resolution 113");
    await b.locator('span.bracket[data-by="USA"]', { hasText: "universal affordable" }).waitFor();
    assert.match((await b.locator('ins[data-by="USA"]').allTextContents()).join(""), /, to promote universal affordable access/);
    assert.doesNotMatch((await b.textContent()) ?? "", /where possible|\[\[/, "Word's deleted words are not pasted");
    await clause(chair, "b) Resolution 113").locator('span.bracket[data-by="USA"]', { hasText: "universal affordable" }).waitFor();
    assert.equal(await usa.locator('#notice[data-kind="refused"]:not([hidden])').count(), 0, "the paste was accepted");
    await b.scrollIntoViewIfNeeded();
    await shot(usa, "paste-from-word");
  });
});
