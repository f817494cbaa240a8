import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { promisify } from "node:util";
import * as Y from "yjs";
import { yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { schema } from "../../shared/schema.ts";
import { listChanges } from "../../shared/track/changes.ts";
import { COMMENTS_ARRAY, threadsOf } from "../../shared/track/comment.ts";
import { BODY } from "../../shared/yjs/meta.ts";
import { Store } from "../store.ts";
import { tempDataDir } from "../test-support.ts";
import { COMMENTS, draftDocx } from "../../test/word-fixture.ts";

// The Word import through the real `plenary` command, as a secretariat runs it.

const PLENARY = fileURLToPath(new URL("../../bin/plenary.js", import.meta.url));
const AUTHORS = "Jane Smith=USA,Pierre Martin=F";

async function plenary(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [PLENARY, ...args], { timeout: 120_000, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("plenary convert reads a .docx: the proposals attributed in DL text, the report on stderr", async () => {
  const temp = tempDataDir();
  try {
    const input = join(temp.dir, "usa.docx");
    writeFileSync(input, await draftDocx());
    const out = join(temp.dir, "draft.md");
    const run = await plenary(["convert", input, out, "--variant", "attributed", "--authors", AUTHORS]);
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(out, "utf8");
    assert.match(text, /^recalling$/m);
    assert.match(text, /^a\) Resolution 71 of the Plenipotentiary Conference \[on the strategic plan\]\{import - #b\d+\}<ins> and its annexes<\/ins>\{USA 2026-11-28T10:15:00\.000Z #w\d+\};$/m);
    assert.match(text, /~~of the Summit~~\{F 2026-11-28T11:20:00\.000Z #w\d+\}<ins>of WSIS<\/ins>\{F /);
    assert.match(text, /<ins>universal <\/ins>\{import 2026-11-29T09:05:00\.000Z #w\d+\}/, "Ana García is not mapped: the import's");
    assert.match(run.stderr, new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: 11 blocks, 2 clause groups, 4 clauses, 2 brackets, 3 insertions, 2 deletions, 2 comments$`, "m"));
    assert.match(run.stderr, /authors: Jane Smith = USA \(3\), Pierre Martin = F \(2\), Ana García = import \(not mapped\) \(2\)/);
    assert.match(run.stderr, /authors: Word author “Ana García” is mapped to no delegation/);
    assert.match(run.stderr, /comment by Ana García \(import\), 2026-11-29T09:05:00\.000Z on “the outcomes”, block 8: Which outcomes\? Tunis only\?/);
    assert.match(run.stderr, /comment by Jane Smith \(USA\), 2026-11-28T10:15:00\.000Z on “affordable”, block 10: Delete the brackets once COM5 agrees\./);
    assert.match(run.stderr, /the 2 comments are not in .*draft\.md .*session create --from/);

    const docx = join(temp.dir, "back.docx");
    assert.equal((await plenary(["convert", input, docx, "--authors", AUTHORS])).code, 0, "a .docx in, a .docx out");
    assert.ok(readFileSync(docx).length > 1000);
  } finally {
    temp.remove();
  }
});

test("plenary convert refuses a file that is not a Word file: exit 1, the file named, nothing written", async () => {
  const temp = tempDataDir();
  try {
    const input = join(temp.dir, "notes.docx");
    writeFileSync(input, "recalling\n\na) some text\n");
    const out = join(temp.dir, "out.md");
    const run = await plenary(["convert", input, out]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim(), `${input}: not a Word file (.docx): it is not a zip archive`);
    assert.ok(!existsSync(out), "nothing written");

    const odt = join(temp.dir, "draft.odt");
    writeFileSync(odt, await draftDocx());
    const missing = await plenary(["convert", odt, out], { PLENARY_SOFFICE: "/nonexistent/soffice" });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /draft\.odt: reading an \.odt needs LibreOffice \(soffice\), which is not installed/);
    assert.ok(!existsSync(out), "nothing written");

    const usage = await plenary(["convert", input, out, "--authors", "Jane Smith"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--authors: author "Jane Smith" must be Name=CODE/);
  } finally {
    temp.remove();
  }
});

test("plenary session create --from a .docx: the proposals are the delegations', the comments are threads on their clauses", async () => {
  const temp = tempDataDir();
  try {
    const input = join(temp.dir, "usa.docx");
    writeFileSync(input, await draftDocx());
    const run = await plenary(["session", "create", "--title", "Draft 99", "--from", input, "--authors", `${AUTHORS},Ana García=E`, "--delegations", "USA:United States,F:France,E:Spain", "--data", temp.dir, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const { id } = JSON.parse(run.stdout) as { id: string };
    assert.match(run.stderr, /2 comments$/m);

    const store = Store.open(temp.dir);
    const ydoc = new Y.Doc();
    try {
      for (const record of store.updatesAfter(id, 0)) Y.applyUpdate(ydoc, record.update);
    } finally {
      store.close();
    }
    const doc = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY), schema);
    assert.deepEqual(
      listChanges(doc).filter((c) => c.kind !== "bracket").map((c) => [c.kind, c.by, c.text]),
      [["insertion", "USA", " and its annexes"], ["deletion", "F", "of the Summit"], ["insertion", "F", "of WSIS"], ["insertion", "E", "universal "], ["deletion", "USA", "where possible"]],
    );
    const threads = threadsOf(ydoc.getArray(COMMENTS_ARRAY).toArray());
    assert.deepEqual(
      threads.map((t) => [t.comment.by, t.comment.where, t.comment.quote, t.comment.text]),
      COMMENTS.map((c, i) => [c.code, i === 0 ? "recalling b)" : "resolves 1", c.quote, `${c.text} (${c.author}, in Word)`]),
    );
    for (const [i, thread] of threads.entries()) {
      const pos = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(thread.comment.anchor), ydoc);
      assert.ok(pos, "the anchor resolves in the stored draft");
      assert.ok(String(pos.type.toString()).includes(COMMENTS[i].on.slice(3)), `comment ${i + 1} is anchored in its clause`);
    }
  } finally {
    temp.remove();
  }
});
