import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildServer } from "../build.ts";
import { ROOT } from "../paths.ts";

/**
 * The compiled server (issue 14: production runs compiled JavaScript, tsx only for
 * development and tests): `npm run build` writes dist/server/plenary.mjs, and that file
 * alone serves the demo session, its pages, and exports through the export thread.
 */

test("the compiled server serves the demo, its pages and a Word export through its export thread", async (t) => {
  await buildServer();
  const data = mkdtempSync(join(tmpdir(), "plenary-compiled-"));
  const child = spawn(process.execPath, [join(ROOT, "dist", "server", "plenary.mjs"), "serve", "--demo", "--data", data, "--port", "0", "--host", "127.0.0.1", "--log-level", "warn"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => {
    child.kill("SIGTERM");
    rmSync(data, { recursive: true, force: true });
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const started = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (/Observer\s+http/.test(out)) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`the compiled server exited with ${code}: ${out}${err}`)));
  });
  const url = /serving at (http:\/\/\S+)/.exec(started)![1]!;
  const chair = /Chair\s+(http\S+)/.exec(started)![1]!;
  const { pathname, hash } = new URL(chair);
  const sessionId = pathname.split("/").pop()!;
  const token = hash.replace("#t=", "");

  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  const page = await fetch(`${url}${pathname}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<script[^>]+assets\/session\.js/);
  const docx = await fetch(`${url}/api/sessions/${sessionId}/export?format=docx&variant=marked`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(docx.status, 200, await docx.clone().text());
  const bytes = new Uint8Array(await docx.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 2)], [0x50, 0x4b], "a .docx (zip) file");
  assert.match(docx.headers.get("content-disposition") ?? "", /DL-23-E-Rev2/);
  assert.equal(err, "", "nothing logged at warn or above");
});
