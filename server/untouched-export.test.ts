import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { aknProblems } from "../test/akn.ts";
import { createTestSession, startTestSession } from "./test-support.ts";

/**
 * Issue 13, point 3: a session nobody has edited exports the text it was imported from,
 * byte for byte (the marked DL variant), for every fixture written in the marked form,
 * through the real server: import, the Yjs document, the strict reader, the serializer.
 */

const fixtures = new URL("../test/fixtures/", import.meta.url);
let session: Awaited<ReturnType<typeof startTestSession>>;

before(async () => {
  session = await startTestSession();
});
after(async () => {
  await session.cleanup();
});

for (const name of readdirSync(fixtures).filter((f) => f.endsWith(".txt") && !f.startsWith("attributed"))) {
  test(`an untouched session of ${name} exports it byte for byte`, async () => {
    const text = readFileSync(new URL(name, fixtures), "utf8");
    const created = await createTestSession(session.server, session.dataDir, undefined, text);
    const response = await fetch(`${session.server.url}/api/sessions/${created.id}/export?format=dl&variant=marked`, { headers: { Authorization: `Bearer ${created.tokens.chair}` } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), text);
  });
}

test("the Akoma Ntoso export of a session validates against the AKN 3.0 schema and names each delegation", async () => {
  const response = await fetch(`${session.server.url}/api/sessions/${session.id}/export?format=akn`, { headers: { Authorization: `Bearer ${session.tokens.USA}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^application\/akn\+xml/);
  assert.match(response.headers.get("content-disposition") ?? "", /filename="DL-23-E-Rev2\.akn\.xml"/);
  assert.equal(aknProblems(await response.text()), "");
  const refused = await fetch(`${session.server.url}/api/sessions/${session.id}/export?format=akn&variant=attributed`, { headers: { Authorization: `Bearer ${session.tokens.USA}` } });
  assert.equal(refused.status, 400);
  assert.match(((await refused.json()) as { error: string }).error, /Akoma Ntoso names each change's delegation/);
});
