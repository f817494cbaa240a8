import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../dl/parse.ts";
import { textBlocks } from "../dl/serialize.ts";
import { listChanges } from "../track/changes.ts";
import { exportDocx } from "./docx.ts";
import { bodyText, openInLibreOffice, soffice, trackedChanges } from "../../test/libreoffice.ts";
import { DELEGATIONS, seedText, sessionDocument } from "../../test/session-doc.ts";

// Opening the DOCX in LibreOffice, as a delegate's Word-compatible software does.
// Needs LibreOffice (`apt-get install -y libreoffice-writer-nogui`): fails, saying so, without it.

const letters = (s: string) => s.replace(/[[\]\s\u2013]/g, "");

test("LibreOffice is installed for the DOCX tests", () => {
  assert.ok(soffice());
});

test("LibreOffice finds each of the reference document's 81 deletions, by Imported, and the text in order", async () => {
  const seed = parse(seedText).doc;
  const fodt = openInLibreOffice(await exportDocx(seed, { variant: "marked", authors: {} }));
  const changes = trackedChanges(fodt);
  const deletions = changes.filter((c) => c.kind === "deletion");
  assert.equal(deletions.length, 81);
  assert.equal(changes.length, 81);
  assert.deepEqual(new Set(deletions.map((d) => d.author)), new Set(["Imported"]));
  const struck = listChanges(seed).filter((c) => c.kind === "deletion");
  deletions.forEach((d, i) => assert.equal(letters(d.text).slice(0, 40), letters(struck[i].text).slice(0, 40), `deletion ${i + 1}`));
  // The whole text, struck and kept, in order.
  assert.equal(letters(bodyText(fodt)), letters(textBlocks(seed).map((n) => n.textContent).join("")));
});

test("LibreOffice shows a session's proposals as tracked changes by their delegations", async () => {
  const doc = sessionDocument();
  const fodt = openInLibreOffice(await exportDocx(doc, { variant: "marked", authors: DELEGATIONS, revision: { number: 3, date: "2026-11-28" } }));
  const changes = trackedChanges(fodt).filter((c) => c.author !== "Imported");
  assert.deepEqual(
    changes.map((c) => [c.kind, c.author, c.date?.slice(0, 16), c.text.slice(0, 30)]),
    [
      ["insertion", "United States (USA)", "2026-11-28T10:15", 'e) Resolution 200 <Busan> & "o'],
      ["deletion", "Russian Federation (RUS)", "2026-11-28T10:20", "– c) the outcomes of the Minis"], // a list item: its dash struck too
      ["deletion", "Russian Federation (RUS)", "2026-11-28T10:20", "and leading"],
      ["insertion", "United States (USA)", "2026-11-28T10:15", "effectively"],
    ],
  );
  assert.match(bodyText(fodt), /Document DL\/23-E \(Rev\.3\)/);
  assert.match(fodt, /<office:annotation[^>]*>\s*<dc:creator>Russian Federation \(RUS\)<\/dc:creator>[\s\S]*?pending consultations/);
});
