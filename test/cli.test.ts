import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const seedPath = join(root, "test/fixtures/dl-23-rev2.txt");
const work = mkdtempSync(join(tmpdir(), "plenary-cli-"));

function plenary(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, "bin/plenary.js"), ...args], { cwd: root, encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test("plenary convert writes the reference document back byte for byte", () => {
  const out = join(work, "out.md");
  const run = plenary("convert", seedPath, out);
  assert.equal(run.code, 0, run.err);
  assert.ok(readFileSync(out).equals(readFileSync(seedPath)));
});

test("plenary convert goes to ProseMirror JSON and back", () => {
  const json = join(work, "seed.json");
  assert.equal(plenary("convert", seedPath, json).code, 0);
  assert.equal(JSON.parse(readFileSync(json, "utf8")).type, "doc");
  const back = join(work, "back.txt");
  assert.equal(plenary("convert", json, back).code, 0);
  assert.equal(readFileSync(back, "utf8"), readFileSync(seedPath, "utf8"));
});

test("plenary convert --variant clean drops struck text", () => {
  const out = join(work, "clean.txt");
  assert.equal(plenary("convert", seedPath, out, "--variant", "clean").code, 0);
  assert.ok(!readFileSync(out, "utf8").includes("~~"));
});

test("plenary convert writes Word with the delegations' names, and HTML", async () => {
  const { docxParts, revisionsOf } = await import("./docx-xml.ts");
  const docx = join(work, "seed.docx");
  const run = plenary("convert", seedPath, docx, "--delegations", "USA:United States");
  assert.equal(run.code, 0, run.err);
  const revisions = revisionsOf(docxParts(readFileSync(docx))["word/document.xml"]);
  assert.ok(revisions.length >= 81 && revisions.every((r) => r.kind === "del" && r.author === "Imported"));
  const clean = join(work, "seed-clean.docx");
  assert.equal(plenary("convert", seedPath, clean, "--variant", "clean").code, 0);
  assert.equal(revisionsOf(docxParts(readFileSync(clean))["word/document.xml"]).length, 0);
  const html = join(work, "seed.html");
  assert.equal(plenary("convert", seedPath, html, "--variant", "attributed").code, 0);
  assert.match(readFileSync(html, "utf8"), /^<!DOCTYPE html>[\s\S]*<sup class="who a-import">import<\/sup>/);
  // Word is read too (shared/word): the export comes back as the same draft's text.
  assert.equal(plenary("convert", docx, join(work, "back.txt")).code, 0);
  assert.match(readFileSync(join(work, "back.txt"), "utf8"), /\nRESOLUTION 140 \(REV\. ~~GUADALAJARA, 2010~~BUSAN, 2014\)\n/);
  assert.equal(plenary("convert", seedPath, docx, "--delegations", "nonsense").code, 2);
});

test("plenary check lists the three unpaired brackets by line and column", () => {
  const run = plenary("check", seedPath);
  assert.equal(run.code, 0);
  assert.match(run.out, /147 blocks, 19 clause groups, 109 clauses, 17 brackets, 0 insertions, 81 deletions/);
  for (const where of ["103:529", "202:332", "247:135"]) assert.match(run.out, new RegExp(`dl-23-rev2.txt:${where}: closing bracket without an opening bracket`));
});

test("plenary check says what only some documents hold: a compilation's texts, annexes, footnotes", () => {
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
  assert.match(plenary("check", fixture("25-add1-compilation-e.txt")).out, /32 blocks, 4 clause groups, 6 clauses, 1 brackets, 1 insertions, 4 deletions, 4 texts\n/);
  assert.match(plenary("check", fixture("dl-18-annex-e.txt")).out, /32 blocks, 5 clause groups, 15 clauses, 2 brackets, 1 insertions, 3 deletions, 2 annexes\n/);
  assert.match(plenary("check", fixture("dl-24-table-e.txt")).out, /23 blocks, 2 clause groups, 2 clauses, 2 brackets, 2 insertions, 1 deletions, 1 annex, 5 table rows\n/);
  assert.match(plenary("check", fixture("dt-40-footnotes-e.txt")).out, /27 blocks, 4 clause groups, 8 clauses, 2 brackets, 3 insertions, 4 deletions, 4 footnotes \(6 references\)\n/);
});

test("plenary check --json gives the report as data", () => {
  const report = JSON.parse(plenary("check", seedPath, "--json").out);
  assert.equal(report.items.length, 3);
  assert.equal(report.counts.deletions, 81);
});

test("input errors exit 1 and name file:line:col; the output file is not touched", () => {
  const bad = join(work, "latin1.txt");
  writeFileSync(bad, Buffer.from([0x72, 0x65, 0x73, 0x0a, 0x63, 0x61, 0x66, 0xe9]));
  const out = join(work, "never.md");
  const run = plenary("convert", bad, out);
  assert.equal(run.code, 1);
  assert.equal(run.err.trim(), `${bad}:2:4: not UTF-8 text: invalid byte 0xe9`);
  assert.equal(existsSync(out), false);
  const badJson = join(work, "bad.json");
  writeFileSync(badJson, '{\n  "type": "doc",\n  "content": [\n    { "type": "clause_group" ]\n}');
  const json = plenary("check", badJson);
  assert.equal(json.code, 1);
  assert.match(json.err, /bad\.json:4:\d+: invalid JSON/);
  assert.equal(plenary("check", join(work, "missing.txt")).code, 1);
});

test("usage errors exit 2 with help; --help describes the commands", () => {
  assert.equal(plenary("convert", seedPath).code, 2);
  assert.equal(plenary("convert", seedPath, join(work, "x.pdf")).code, 2);
  assert.equal(plenary("frobnicate").code, 2);
  const help = plenary("--help");
  assert.equal(help.code, 0);
  assert.match(help.out, /convert \[options\] <in> <out>/);
  assert.match(help.out, /check \[options\] <in>/);
});
