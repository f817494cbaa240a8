import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createTestSession, wsBaseOf } from "../server/test-support.ts";
import { TestPeer } from "../server/test-peer.ts";
import type { TestSession } from "../server/test-support.ts";
import { largeDocument } from "../bench/codec.ts";
import { ARTIFACTS, useStage } from "./stage.ts";
import { placeCaret, waitForTexts } from "./draft.ts";

/**
 * Issue 11 in the browser, at size: the 300-page draft (the reference body repeated to 1 MB,
 * about 3,400 changes) with the chair's Changes panel open. The panel draws a window of its
 * list, not every entry; scrolling it far down shows the entries there; "show in the draft"
 * on one of them brings that change to the middle of the screen although the parts of the
 * draft off screen are not laid out; and a delegation's words reach the chair.
 */
describe("the 300-page draft with the Changes panel open", () => {
  const suite = useStage("plenary-e2e-long-");
  let session: TestSession;
  let chair: Page;

  before(async () => {
    session = await createTestSession(suite.stage.server, suite.stage.dataDir, undefined, largeDocument());
  });

  const link = (seat: string) => `${suite.stage.server.url}/s/${session.id}#t=${session.tokens[seat]}`;

  it("the chair's panel holds a window of the list, and says how many there are", async () => {
    const page = await suite.openSeat("chair", link("chair"));
    await waitForTexts(page, "Resolution 73 (Minneapolis, 1998)");
    chair = page;
    const summary = (await page.locator(".change-summary").textContent()) ?? "";
    const total = Number(/^(\d+) changes in the draft/.exec(summary.replace(",", ""))?.[1]);
    assert.ok(total > 3000, summary);
    const drawn = await page.locator(".change-list > li").count();
    assert.ok(drawn > 0 && drawn < 300, `${drawn} entries in the DOM`);
    assert.equal(await page.locator(".change-list > li").first().getAttribute("aria-setsize"), String(total));
  });

  it("scrolled far down, the panel shows the entries there; showing one brings it to the middle of the draft", async () => {
    await chair.evaluate(() => {
      const side = document.querySelector(".side")!;
      side.scrollTop = side.scrollHeight * 0.88;
    });
    // An entry the chair can see there (the panel has drawn its window by then).
    await chair.waitForTimeout(500);
    const position = await chair.evaluate(() => {
      const side = document.querySelector(".side")!.getBoundingClientRect();
      const seen = ([...document.querySelectorAll(".change-list > li")] as HTMLElement[]).filter((li) => {
        const box = li.getBoundingClientRect();
        return box.top > side.top + 60 && box.bottom < side.bottom && li.dataset.kind === "deletion";
      });
      return Number(seen[0]?.getAttribute("aria-posinset") ?? 0);
    });
    assert.ok(position > 2500, `entry #${position}`);
    const entry = chair.locator(`.change-list > li[aria-posinset="${position}"]`);
    const struck = (await entry.locator(".change-text").textContent())!.split("\n")[0]!.trim();
    await entry.locator(".change-goto").click();
    await chair.waitForFunction(() => {
      const current = document.querySelector(".document .change-current")?.getBoundingClientRect();
      return !!current && current.top > 100 && current.bottom < innerHeight - 50;
    });
    assert.ok(((await chair.locator(".document .change-current").first().textContent()) ?? "").includes(struck.slice(0, 10)), struck);
    assert.ok(await entry.isVisible(), "the panel stayed where the chair was");
    await chair.screenshot({ path: new URL("long-draft-jump.png", ARTIFACTS).pathname });
  });

  it("a delegation's page opens without writing anything; its words reach the chair's screen and the chair's list", async () => {
    // The page starts from its own strict reading of the draft (client/model-guard.ts): if that
    // differed from what y-prosemirror would build, the binding would write its "corrections".
    const listener = await TestPeer.connect(wsBaseOf(suite.stage.server.url), session.id, session.tokens.observer!);
    const usa = await suite.openSeat("USA", link("USA"));
    await usa.waitForTimeout(1000);
    assert.equal(listener.relayed, 0, "opening the page changed the draft");
    listener.socket.close();
    await placeCaret(usa, "Resolution 73 (Minneapolis, 1998)", "Resolution 73");
    await usa.keyboard.type(" as amended");
    await waitForTexts(chair, "Resolution 73 as amended");
    // Its entry is at the top of the list (the panel is scrolled far down): the count says it is there.
    await chair.locator(".change-counts [data-by='USA']", { hasText: "1" }).waitFor();
    assert.deepEqual(suite.problems, []);
  });
});
