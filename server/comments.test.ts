import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { COMMENTS_ARRAY, threadsOf } from "../shared/track/comment.ts";
import { docxParts } from "../test/docx-xml.ts";
import { TestPeer } from "./test-peer.ts";
import { startTestSession } from "./test-support.ts";

/** Issue 12: comments are an append-only log the server checks like the draft: who, as whom, and that nothing goes. */

let session: Awaited<ReturnType<typeof startTestSession>>;
const peers: TestPeer[] = [];
before(async () => {
  session = await startTestSession();
});
after(async () => {
  for (const peer of peers) await peer.close();
  await session.cleanup();
});

async function seat(name: string): Promise<TestPeer> {
  const peer = await TestPeer.connect(session.wsBase, session.id, session.tokens[name]!);
  peers.push(peer);
  return peer;
}

const at = () => new Date().toISOString();
const comment = (id: string, by: string, text = "Is 'fully' needed here?") => ({ kind: "comment", id, at: at(), by, anchor: null, where: "resolves 19", quote: "to endorse", text });

test("a delegation comments and another replies in their own names; the chair resolves; everyone reads the same thread", async () => {
  const usa = await seat("USA");
  const rus = await seat("RUS");
  const chair = await seat("chair");
  usa.doc.getArray(COMMENTS_ARRAY).push([comment("c1", "USA")]);
  await usa.roundTrip();
  rus.doc.getArray(COMMENTS_ARRAY).push([{ kind: "reply", id: "r1", at: at(), by: "RUS", thread: "c1", text: "Yes, as in Rev.2." }]);
  await rus.roundTrip();
  await chair.roundTrip();
  chair.doc.getArray(COMMENTS_ARRAY).push([{ kind: "resolve", id: "x1", at: at(), by: "chair", thread: "c1" }]);
  await chair.roundTrip();
  await usa.roundTrip();
  assert.deepEqual([usa.refusals, rus.refusals, chair.refusals], [[], [], []]);
  const [thread] = threadsOf(usa.doc.getArray(COMMENTS_ARRAY).toArray());
  assert.equal(thread?.comment.by, "USA");
  assert.deepEqual(thread?.replies.map((r) => r.by), ["RUS"]);
  assert.equal(thread?.resolved?.by, "chair");
  // The live HTML export lists the thread after the text; the clean one does not.
  const exported = (variant: string) =>
    fetch(`${session.server.url}/api/sessions/${session.id}/export?format=html&variant=${variant}`, { headers: { Authorization: `Bearer ${session.tokens.observer}` } }).then((r) => r.text());
  const html = await exported("marked");
  assert.match(html, /<section class="comments"><h2>Comments<\/h2><ol><li><p class="where">resolves 19 — “to endorse”<\/p><p><strong>[^<]*USA[^<]*:<\/strong> Is &#39;fully&#39; needed here\?<\/p><p><strong>[^<]*RUS[^<]*:<\/strong> Yes, as in Rev\.2\.<\/p><p class="resolved">Resolved by the chair\.<\/p><\/li><\/ol><\/section>/);
  assert.doesNotMatch(await exported("clean"), /class="comments"/);
  // In Word: one comment by the United States on resolves 19, the reply and the resolution in it.
  const docx = await fetch(`${session.server.url}/api/sessions/${session.id}/export?format=docx&variant=marked`, { headers: { Authorization: `Bearer ${session.tokens.observer}` } });
  const parts = docxParts(new Uint8Array(await docx.arrayBuffer()));
  const word = parts["word/comments.xml"] ?? "";
  assert.match(word, /w:author="United States \(USA\)"[\s\S]*Is (?:'|&apos;)fully(?:'|&apos;) needed here\?[\s\S]*Russian Federation \(RUS\): [\s\S]*Yes, as in Rev\.2\.[\s\S]*Resolved by the chair\./);
  const paragraph = (parts["word/document.xml"] ?? "").split("</w:p>").find((p) => p.includes("WSIS+10 Report: ITU")) ?? "";
  assert.match(paragraph, /<w:commentRangeStart w:id="\d+"\/>/, "the comment is on resolves 19");
});

test("refused: commenting as another delegation, a delegation or the secretariat resolving, taking a comment out, an entry that is no comment", async () => {
  // Each try from a fresh page (a refused page reloads the draft before it sends again).
  const tries: [string, (log: ReturnType<TestPeer["doc"]["getArray"]>) => void, RegExp][] = [
    ["USA", (log) => log.push([comment("c2", "RUS")]), /commenting as RUS/],
    ["USA", (log) => log.push([{ kind: "resolve", id: "x2", at: at(), by: "USA", thread: "c1" }]), /resolving a comment is for the chair/],
    ["USA", (log) => log.delete(0, 1), /taking out a comment/],
    ["USA", (log) => log.push([{ kind: "comment", id: "c3", by: "USA" }]), /a comment is not valid/],
    ["secretariat", (log) => log.push([{ kind: "resolve", id: "x3", at: at(), by: "secretariat", thread: "c1" }]), /resolving a comment is for the chair/],
  ];
  for (const [name, act, reason] of tries) {
    const peer = await seat(name);
    act(peer.doc.getArray(COMMENTS_ARRAY));
    await peer.roundTrip();
    assert.match(peer.refusals.at(-1) ?? "(nothing refused)", reason);
  }
  const fresh = await seat("chair");
  const ids = fresh.doc.getArray(COMMENTS_ARRAY).toArray().map((e) => (e as { id: string }).id);
  assert.deepEqual(ids, ["c1", "r1", "x1"], "only the first test's entries are stored");
});
