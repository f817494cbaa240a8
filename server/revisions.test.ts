import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as Y from "yjs";
import { documentDate } from "../shared/meta.ts";
import { docxParts, revisionsOf } from "../test/docx-xml.ts";
import { connectClient, docUntil, insertionFormat, startTestSession } from "./test-support.ts";
import type { TestClient } from "./test-support.ts";

/** Inserts `words` after `anchor` in the clause that holds it, as `by`'s proposal (as the editor marks it). */
function propose(doc: Y.Doc, anchor: string, words: string, by: string): void {
  const texts: Y.XmlText[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment("body"));
  const text = texts.find((t) => t.toString().includes(anchor) || t.toDelta().map((d: { insert: string }) => d.insert).join("").includes(anchor));
  if (!text) throw new Error(`no text holds "${anchor}"`);
  const plain = text.toDelta().map((d: { insert: string }) => d.insert).join("");
  const index = plain.indexOf(anchor) + anchor.length;
  text.insert(index, words, insertionFormat({ id: `i${Math.random().toString(36).slice(2, 14)}`, by, at: new Date().toISOString() }));
}

const plainOf = (doc: Y.Doc) => doc.getXmlFragment("body").toString();

describe("revisions and exports over HTTP", () => {
  let session: Awaited<ReturnType<typeof startTestSession>>;
  let usa: TestClient;
  let observer: TestClient;
  before(async () => {
    session = await startTestSession();
    usa = await connectClient(session.wsBase, session.id, session.tokens.USA!);
    observer = await connectClient(session.wsBase, session.id, session.tokens.observer!);
    propose(usa.doc, "19 to endorse", " fully", "USA");
    await docUntil(observer.doc, "USA's proposal to reach the observer", (d) => plainOf(d).includes(" fully"));
  });
  after(async () => {
    usa?.destroy();
    observer?.destroy();
    await session.cleanup();
  });

  const get = (path: string, token?: string) => fetch(`${session.server.url}/api/sessions/${session.id}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const post = (path: string, token: string) => fetch(`${session.server.url}/api/sessions/${session.id}${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });

  test("every format comes with its content type and the DL file name; an observer may export", async () => {
    const expected = {
      dl: ["text/plain; charset=utf-8", "DL-23-E-Rev2.txt"],
      docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DL-23-E-Rev2.docx"],
      html: ["text/html; charset=utf-8", "DL-23-E-Rev2.html"],
      json: ["application/json; charset=utf-8", "DL-23-E-Rev2.json"],
    };
    for (const [format, [type, name]] of Object.entries(expected)) {
      const response = await get(`/export?format=${format}&variant=marked`, session.tokens.observer);
      assert.equal(response.status, 200, format);
      assert.equal(response.headers.get("content-type"), type);
      assert.match(response.headers.get("content-disposition") ?? "", new RegExp(`^attachment; filename="${name.replace(".", "\\.")}"`));
      const body = Buffer.from(await response.arrayBuffer());
      if (format === "dl") assert.match(body.toString("utf8"), /19 to endorse<ins> fully<\/ins> the WSIS\+10 Report/);
    }
    const clean = await get("/export?format=dl&variant=clean", session.tokens.RUS);
    assert.match(clean.headers.get("content-disposition") ?? "", /filename="DL-23-E-Rev2-clean\.txt"/);
    assert.match(await clean.text(), /19 to endorse fully the WSIS/);
  });

  test("a bad or missing parameter is refused with 400 naming it; a bad token with 401", async () => {
    const error = async (path: string) => {
      const response = await get(path, session.tokens.USA);
      assert.equal(response.status, 400, path);
      return ((await response.json()) as { error: string }).error;
    };
    assert.match(await error("/export?format=odt"), /^format must be one of dl, docx, html, pdf, akn, json, got "odt"/);
    assert.match(await error("/export"), /^format must be/);
    assert.match(await error("/export?format=dl&variant=fancy"), /^variant must be one of marked, clean, attributed/);
    assert.match(await error("/export?format=docx&variant=attributed"), /^variant "attributed" is for dl and html/);
    assert.match(await error("/export?format=dl&rev=two"), /^rev must be a revision number/);
    assert.match(await error("/compare?from=x"), /^from must be a revision number/);
    assert.equal((await get("/export?format=dl")).status, 401);
    assert.equal((await get("/export?format=dl&rev=9", session.tokens.USA)).status, 404);
  });

  test("a delegation or an observer may not issue a revision", async () => {
    assert.equal((await post("/revisions", session.tokens.USA!)).status, 403);
    assert.equal((await post("/revisions", session.tokens.observer!)).status, 403);
  });

  test("the secretariat issues Rev.3 with today's date; it stays the same after later edits", async () => {
    const listed = async () => ((await (await get("/revisions", session.tokens.observer)).json()) as { revisions: { number: number; date: string; by: string; imported: boolean }[] }).revisions;
    assert.deepEqual((await listed()).map((r) => [r.number, r.by]), [[2, "imported"]]);
    const response = await post("/revisions", session.tokens.secretariat!);
    assert.equal(response.status, 201);
    const { revision } = (await response.json()) as { revision: { number: number; date: string; by: string } };
    const today = documentDate(new Date());
    assert.deepEqual([revision.number, revision.date, revision.by], [3, today, "Secretariat"]);
    assert.deepEqual((await listed()).map((r) => r.number), [2, 3]);
    // The live draft continues from Rev.3: every client's symbol and date lines say so, and its export is named for it.
    for (const client of [usa, observer]) await docUntil(client.doc, "the live symbol line to read Rev.3", (d) => plainOf(d).includes("Document DL/23-E (Rev.3)") && plainOf(d).includes(today));
    assert.match((await get("/export?format=dl", session.tokens.USA)).headers.get("content-disposition") ?? "", /filename="DL-23-E-Rev3\.txt"/);

    const docx = await get("/export?format=docx&variant=marked&rev=3", session.tokens.observer);
    assert.match(docx.headers.get("content-disposition") ?? "", /filename="DL-23-E-Rev3\.docx"/);
    const xml = docxParts(new Uint8Array(await docx.arrayBuffer()))["word/document.xml"]!;
    assert.match(xml, /Document DL\/23-E \(Rev\.3\)/);
    assert.match(xml, new RegExp(today));
    assert.ok(revisionsOf(xml).some((r) => r.kind === "ins" && r.author === "United States (USA)" && r.text === " fully"), "USA's proposal is a w:ins by the United States");

    const before = await (await get("/export?format=dl&variant=attributed&rev=3", session.tokens.USA)).text();
    propose(usa.doc, "19 to endorse fully", " and warmly", "USA");
    await docUntil(observer.doc, "the later edit", (d) => plainOf(d).includes(" and warmly"));
    assert.equal(await (await get("/export?format=dl&variant=attributed&rev=3", session.tokens.USA)).text(), before, "Rev.3 did not change");
    assert.match(await (await get("/export?format=dl", session.tokens.USA)).text(), /<ins> fully and warmly<\/ins>|<ins> fully<\/ins><ins> and warmly<\/ins>/);

    const compared = await get("/compare?from=3&to=live&format=html", session.tokens.observer);
    assert.equal(compared.status, 200);
    assert.match(compared.headers.get("content-disposition") ?? "", /filename="DL-23-E-Rev3-live-compare\.html"/);
    const html = await compared.text();
    assert.match(html, /<ins class="a-USA"[^>]*>and warmly ?<\/ins>/);
    assert.equal(html.match(/<ins /g)?.length, 1, html.match(/<p[^>]*>(?:(?!<\/p>).)*<ins (?:(?!<\/p>).)*<\/p>/g)?.join("\n"));

    const fromOriginal = await (await get("/compare?from=2&to=3&format=dl&variant=attributed", session.tokens.USA)).text();
    assert.match(fromOriginal, /~~\(Rev\.2\)~~\{secretariat [^}]*\}<ins>\(Rev\.3\)<\/ins>/);
    assert.match(fromOriginal, /<ins>fully <\/ins>\{USA /);

    const again = (await (await post("/revisions", session.tokens.chair!)).json()) as { revision: { number: number; by: string } };
    assert.deepEqual([again.revision.number, again.revision.by], [4, "Chair"]);
  });
});
