import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EditorState } from "prosemirror-state";
import { schema } from "../shared/schema.ts";
import { parse } from "../shared/dl/parse.ts";
import { serialize } from "../shared/dl/serialize.ts";
import { decideChanges } from "../shared/track/decide.ts";
import { listChanges } from "../shared/track/changes.ts";
import { COMMENTS_ARRAY } from "../shared/track/comment.ts";
import { readBody } from "../shared/yjs/read.ts";
import { importDocx } from "../shared/word/docx-import.ts";
import { AUTHORS, COMMENTS, REVISIONS, draftDocx } from "../test/word-fixture.ts";
import { startServer } from "./server.ts";
import type { RunningServer } from "./server.ts";
import { connectClient, createTestSession, docUntil, tempDataDir } from "./test-support.ts";
import type { TestClient, TestSession } from "./test-support.ts";

// Word in over HTTP: a new session from a delegation's .docx, and a delegation's .docx of
// changes brought into a live session by the secretariat, seen at once by everyone.

const DELEGATIONS = [
  { code: "USA", name: "United States" },
  { code: "F", name: "France" },
  { code: "E", name: "Spain" },
];
const revisions = (text: string) => listChanges(parse(text).doc).filter((c) => c.kind !== "bracket").map((c) => [c.kind, c.by, c.text]);

describe("Word in over HTTP", () => {
  const temp = tempDataDir();
  let server: RunningServer;
  let docx: string;
  let session: TestSession;
  let chair: TestClient;
  before(async () => {
    server = await startServer({ port: 0, dataDir: temp.dir });
    const bytes = await draftDocx();
    docx = Buffer.from(bytes).toString("base64");
    // The draft the delegation started from: its Word file with every revision rejected.
    const word = importDocx(bytes, { authors: AUTHORS });
    const state = EditorState.create({ schema, doc: word.doc });
    const start = serialize(state.apply(decideChanges(state, "reject")!).doc, { variant: "attributed" });
    session = await createTestSession(server, temp.dir, DELEGATIONS, start);
    chair = await connectClient(session.wsBase, session.id, session.tokens.chair!);
  });
  after(async () => {
    chair?.destroy();
    await server.close();
    temp.remove();
  });

  const post = (path: string, token: string, body: unknown) =>
    fetch(`${server.url}/api${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const exported = async (id: string, token: string) => (await fetch(`${server.url}/api/sessions/${id}/export?format=dl&variant=attributed`, { headers: { Authorization: `Bearer ${token}` } })).text();

  test("the report names each author, what was not read and each comment", async () => {
    const response = await post("/sessions/word/report", server.adminToken, { docx, delegations: DELEGATIONS });
    assert.equal(response.status, 200);
    const report = (await response.json()) as { counts: { clauses: number; comments: number }; authors: { name: string; count: number; proposed: string | null }[]; comments: { author: string; text: string }[] };
    assert.equal(report.counts.clauses, 4);
    assert.equal(report.counts.comments, 2);
    assert.deepEqual(report.authors.map((a) => a.name).sort(), Object.keys(AUTHORS).sort());
    assert.deepEqual(report.comments.map((c) => [c.author, c.text]), COMMENTS.map((c) => [c.author, c.text]));
  });

  test("a new session from the .docx holds each delegation's proposals and the comments as threads", async () => {
    const response = await post("/sessions/word", server.adminToken, { title: "From Word", delegations: DELEGATIONS, authors: AUTHORS, docx });
    assert.equal(response.status, 201);
    const created = (await response.json()) as { id: string; links: { chair: string } };
    const token = new URL(created.links.chair).hash.slice(3);
    assert.deepEqual(revisions(await exported(created.id, token)), REVISIONS);
    const client = await connectClient(session.wsBase, created.id, token);
    try {
      assert.deepEqual(client.doc.getArray(COMMENTS_ARRAY).toArray().map((c) => (c as { by: string }).by), COMMENTS.map((c) => c.code));
    } finally {
      client.destroy();
    }
  });

  test("only the chair and the secretariat may import into a live session: a delegation and the observer get 403", async () => {
    for (const seat of ["USA", "observer"]) {
      const response = await post(`/sessions/${session.id}/word`, session.tokens[seat]!, { docx, authors: AUTHORS });
      assert.equal(response.status, 403, seat);
      assert.match(((await response.json()) as { error: string }).error, /may not import a Word file \(the chair and the secretariat may\)/);
    }
  });

  test("a refused file or mapping leaves the stored draft exactly as it was", async () => {
    const before = await exported(session.id, session.tokens.chair!);
    const notWord = await post(`/sessions/${session.id}/word`, session.tokens.secretariat!, { docx: Buffer.from("recalling\n\na) text\n").toString("base64"), authors: {} });
    assert.equal(notWord.status, 422);
    assert.match(((await notWord.json()) as { error: string }).error, /not a Word file \(\.docx\): it is not a zip archive/);
    const badMapping = await post(`/sessions/${session.id}/word`, session.tokens.secretariat!, { docx, authors: { "Jane Smith": "RUS" } });
    assert.equal(badMapping.status, 422);
    assert.match(((await badMapping.json()) as { error: string }).error, /Word author “Jane Smith” is mapped to “RUS”, which is not a delegation of this session/);
    assert.equal(await exported(session.id, session.tokens.chair!), before);
    assert.equal(chair.doc.getArray(COMMENTS_ARRAY).length, 0);
  });

  test("the secretariat's import makes each revision the mapped delegation's proposal, seen at once by the chair, with the comments as threads", async () => {
    const preview = await post(`/sessions/${session.id}/word/report`, session.tokens.secretariat!, { docx, authors: AUTHORS });
    assert.equal(preview.status, 200);
    const dry = (await preview.json()) as { placement: { placed: unknown[]; notPlaced: unknown[] } };
    assert.equal(dry.placement.placed.length, 5, "the preview says what would be placed");
    assert.deepEqual(revisions(await exported(session.id, session.tokens.chair!)), [], "the preview wrote nothing");

    const response = await post(`/sessions/${session.id}/word`, session.tokens.secretariat!, { docx, authors: AUTHORS });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { placement: { placed: { by: string; where: string }[]; notPlaced: unknown[] }; comments: number };
    assert.deepEqual(answer.placement.notPlaced, []);
    assert.deepEqual(answer.placement.placed.map((p) => p.by), REVISIONS.map(([, by]) => by));
    assert.equal(answer.comments, 2);
    await docUntil(chair.doc, "the proposals to reach the chair", (d) => listChanges(readBody(d.getXmlFragment("body"))).length > 2);
    assert.deepEqual(listChanges(readBody(chair.doc.getXmlFragment("body"))).filter((c) => c.kind !== "bracket").map((c) => [c.kind, c.by, c.text]), REVISIONS);
    assert.equal(chair.doc.getArray(COMMENTS_ARRAY).length, 2);
    assert.deepEqual(revisions(await exported(session.id, session.tokens.chair!)), REVISIONS, "stored");
  });
});
