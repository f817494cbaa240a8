import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { promisify } from "node:util";
import { docxParts, revisionsOf } from "../../test/docx-xml.ts";
import { pdfText } from "../../test/pdf.ts";
import { tempDataDir } from "../test-support.ts";

const PLENARY = fileURLToPath(new URL("../../bin/plenary.js", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url));

async function plenary(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [PLENARY, ...args], { timeout: 60_000, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("plenary export writes a session's revision as Word and DL text; revision issue bumps Rev.2 to Rev.3", async () => {
  const temp = tempDataDir();
  try {
    const created = await plenary(["session", "create", "--title", "T", "--from", FIXTURE, "--delegations", "USA:United States", "--data", temp.dir, "--json"]);
    assert.equal(created.code, 0, created.stderr);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const issued = await plenary(["revision", "issue", "--data", temp.dir, "--", id]);
    assert.equal(issued.code, 0, issued.stderr);
    assert.match(issued.stdout, /^Rev\.3 issued, dated \d{1,2} [A-Z][a-z]+ \d{4}$/m);

    const docx = join(temp.dir, "out.docx");
    const run = await plenary(["export", "--format", "docx", "--rev", "3", "--out", docx, "--data", temp.dir, "--", id]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(DL-23-E-Rev3\.docx\)/);
    const xml = docxParts(new Uint8Array(readFileSync(docx)))["word/document.xml"]!;
    assert.match(xml, /Document DL\/23-E \(Rev\.3\)/);
    assert.ok(revisionsOf(xml).filter((r) => r.kind === "del").length >= 81, "the reference document's strikes are w:del");

    const text = join(temp.dir, "out.txt");
    assert.equal((await plenary(["export", "--format", "dl", "--variant", "clean", "--out", text, "--data", temp.dir, "--", id])).code, 0);
    assert.match(readFileSync(text, "utf8"), /^Document DL\/23-E \(Rev\.3\)$/m, "the live text continues from Rev.3");

    const usage = await plenary(["export", "--format", "odt", "--out", text, "--data", temp.dir, "--", id]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /odt/);
    const pdf = join(temp.dir, "out.pdf");
    const printed = await plenary(["export", "--format", "pdf", "--variant", "clean", "--out", pdf, "--data", temp.dir, "--", id]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /\(DL-23-E-Rev3-clean\.pdf\)/);
    const clean = pdfText(new Uint8Array(readFileSync(pdf)));
    assert.match(clean.text, /RESOLUTION 140 \(REV\. BUSAN, 2014\)/, "the clean text, struck words gone");
    assert.match(clean.pageTwo, /DL\/23-E \(Rev\.3\)/);
    const noBrowser = await plenary(["export", "--format", "pdf", "--out", join(temp.dir, "none.pdf"), "--data", temp.dir, "--", id], { PLENARY_CHROMIUM: "/nonexistent/chromium" });
    assert.equal(noBrowser.code, 1);
    assert.match(noBrowser.stderr, /PDF export needs Chromium, not found at \/nonexistent\/chromium/);
    assert.ok(!existsSync(join(temp.dir, "none.pdf")), "no file written");
    assert.equal((await plenary(["export", "--format", "docx", "--variant", "attributed", "--out", docx, "--data", temp.dir, "--", id])).code, 2);
    const unknown = await plenary(["export", "--format", "dl", "--out", text, "--data", temp.dir, "--", "nosuch"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no session nosuch/);
    const noRev = await plenary(["export", "--format", "dl", "--rev", "7", "--out", text, "--data", temp.dir, "--", id]);
    assert.equal(noRev.code, 1);
    assert.match(noRev.stderr, /no revision 7/);
  } finally {
    temp.remove();
  }
});

test("plenary revision issue writes a French or Spanish draft's revision in its language, and refuses a draft without a symbol by name", async () => {
  const temp = tempDataDir();
  const create = async (file: string) => {
    const created = await plenary(["session", "create", "--title", "T", "--from", file, "--delegations", "FRA:France", "--data", temp.dir, "--json"]);
    assert.equal(created.code, 0, created.stderr);
    return (JSON.parse(created.stdout) as { id: string }).id;
  };
  const liveText = async (id: string) => {
    const out = join(temp.dir, `${id}.txt`);
    assert.equal((await plenary(["export", "--format", "dl", "--out", out, "--data", temp.dir, "--", id])).code, 0);
    return readFileSync(out, "utf8");
  };
  try {
    const fr = await create(fileURLToPath(new URL("../../test/fixtures/dl-23-rev2-fr.txt", import.meta.url)));
    const issuedFr = await plenary(["revision", "issue", "--data", temp.dir, "--", fr]);
    assert.equal(issuedFr.code, 0, issuedFr.stderr);
    assert.match(issuedFr.stdout, /^Rev\.3 issued, dated (1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/m);
    const frText = await liveText(fr);
    assert.match(frText, /^Document DL\/23-F \(Rév\.3\)\n(1er|\d{1,2}) \p{Ll}+ \d{4}\nOriginal : anglais$/mu, "one date line, in French");

    const es = await create(fileURLToPath(new URL("../../test/fixtures/dl-45-s.txt", import.meta.url)));
    const issuedEs = await plenary(["revision", "issue", "--data", temp.dir, "--", es]);
    assert.equal(issuedEs.code, 0, issuedEs.stderr);
    assert.match(await liveText(es), /^Documento DL\/45-S \(Rev\.1\)\n\d{1,2} de \p{Ll}+ de \d{4}\nOriginal: inglés$/mu);

    const bare = join(temp.dir, "bare.txt");
    writeFileSync(bare, "resolves\n\n1 that ITU should act;\n");
    const none = await create(bare);
    const refused = await plenary(["revision", "issue", "--data", temp.dir, "--", none]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no symbol line/);
    assert.doesNotMatch(refused.stderr, /RangeError|at .*\.ts/, "an error for the secretariat, not a stack trace");
    assert.equal(await liveText(none), "resolves\n\n1 that ITU should act;\n");
  } finally {
    temp.remove();
  }
});
