import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
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
