import assert from "node:assert/strict";
import { after, before } from "node:test";
import * as buf from "lib0/buffer";
import * as sha256 from "lib0/hash/sha256";
import type { Node as PMNode } from "prosemirror-model";
import * as Y from "yjs";
import { yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { parse } from "../../shared/dl/parse.ts";
import { schema } from "../../shared/schema.ts";
import { Store } from "../store.ts";
import { TestPeer } from "../test-peer.ts";
import type { SessionLinks } from "../../shared/protocol.ts";
import { createTestSession, rawClient, startTestSession, tokenOf, wsBaseOf } from "../test-support.ts";
import type { TestSession } from "../test-support.ts";

/**
 * The crafted-update suite (issue 9): raw Yjs clients that write malicious changes
 * straight into their Y.Doc (Y.XmlElement / Y.XmlText APIs, not the editor) against a
 * real server. Each test runs in a fresh session of the reference document, so an
 * update the server wrongly takes cannot spoil the next test.
 *
 * `expectRefused` checks the four promises of the issue and reports every one broken:
 * (a) the sender gets a Refused message that says what is wrong; (b) nothing is stored;
 * (c) nothing reaches another client; (d) afterwards an export and a fresh client show
 * every clause intact, and the export does not write to the live document.
 */

/** Clause d) of "considering": the clause hole 1 erased. */
export const VICTIM = "all the responsibilities entrusted to ITU under various paragraphs of the Tunis Agenda;";
/** The clauses of the reference document. */
export const CLAUSES = 109;
export const NOW = "2026-11-28T10:15:00.000Z";
/** The honest client that watches: it never writes. */
export const WITNESS = "FRA";
export const DELEGATIONS = [
  { code: "USA", name: "United States" },
  { code: "RUS", name: "Russian Federation" },
  { code: WITNESS, name: "France" },
];

let counter = 0;
/** A fresh change id. */
export const newId = (prefix = "c") => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
/** The attrs of an honest change mark (or whole-block change) by `by`. */
export const change = (by: string) => ({ id: newId(), by, at: NOW });
/** The attrs of an honest bracket by `by`, in the schema's order. */
export const bracketAttrs = (by: string, note: unknown = null) => ({ ...change(by), note, openOutside: false, closeOutside: false });

/**
 * The Yjs formatting key y-prosemirror uses for a mark that does not exclude itself
 * (insertion, deletion, bracket): `name--<hash of the mark's JSON>` (its `hashOfJSON`).
 */
export function yMarkKey(name: string, attrs: Record<string, unknown> | null): string {
  const json = attrs && Object.keys(attrs).length > 0 ? { type: name, attrs } : { type: name };
  const digest = sha256.digest(buf.encodeAny(json));
  for (let i = 6; i < digest.length; i++) digest[i % 6] ^= digest[i]!;
  return `${name}--${buf.toBase64(digest.slice(0, 6))}`;
}

/** Yjs formatting attributes holding one mark as y-prosemirror stores it. */
export function yMark(name: string, attrs: Record<string, unknown>): Record<string, unknown> {
  return name === "insertion" || name === "deletion" || name === "bracket" ? { [yMarkKey(name, attrs)]: attrs } : { [name]: attrs };
}

// ---------------------------------------------------------------- reading Y content

/** The plain text of a Y.XmlText. */
export function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === "string" ? d.insert : "")).join("");
}

/** Where `needle` is: the Y.XmlText holding it, its block, and its index in that text. */
export function locate(doc: Y.Doc, needle: string): { text: Y.XmlText; block: Y.XmlElement; index: number } {
  const walk = (parent: Y.XmlElement | Y.XmlFragment): { text: Y.XmlText; block: Y.XmlElement; index: number } | null => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText && parent instanceof Y.XmlElement) {
        const index = plain(child).indexOf(needle);
        if (index >= 0) return { text: child, block: parent, index };
      } else if (child instanceof Y.XmlElement) {
        const found = walk(child);
        if (found) return found;
      }
    }
    return null;
  };
  const found = walk(doc.getXmlFragment("body"));
  if (!found) throw new RangeError(`"${needle}" is not in the document`);
  return found;
}

/** The block (Y.XmlElement) whose text holds `needle`. */
export const blockOf = (doc: Y.Doc, needle: string): Y.XmlElement => locate(doc, needle).block;

/** The clause group whose heading reads `heading`. */
export function groupOf(doc: Y.Doc, heading: string): Y.XmlElement {
  for (const child of doc.getXmlFragment("body").toArray()) {
    if (!(child instanceof Y.XmlElement) || child.nodeName !== "clause_group") continue;
    const first = child.get(0);
    if (first instanceof Y.XmlElement && first.toArray().some((t) => t instanceof Y.XmlText && plain(t) === heading)) return child;
  }
  throw new RangeError(`no clause group "${heading}"`);
}

/** The index of `child` in `parent`. */
export function indexIn(parent: Y.XmlElement | Y.XmlFragment, child: Y.XmlElement): number {
  const at = parent.toArray().indexOf(child);
  if (at < 0) throw new RangeError("not a child");
  return at;
}

/** The first block of type `type` in the body (depth first). */
export function firstOfType(doc: Y.Doc, type: string): Y.XmlElement {
  const walk = (parent: Y.XmlElement | Y.XmlFragment): Y.XmlElement | null => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === type) return child;
      const found = walk(child);
      if (found) return found;
    }
    return null;
  };
  const found = walk(doc.getXmlFragment("body"));
  if (!found) throw new RangeError(`no ${type} in the document`);
  return found;
}

// ---------------------------------------------------------------- writing Y content

/** Inserts `text` right after `needle`, with exactly these formatting attributes. */
export function insertAfter(doc: Y.Doc, needle: string, text: string, attributes: Record<string, unknown> = {}): void {
  const { text: ytext, index } = locate(doc, needle);
  ytext.insert(index + needle.length, text, attributes);
}

/** Formats the text `needle` with these attributes. */
export function formatText(doc: Y.Doc, needle: string, attributes: Record<string, unknown>): void {
  const { text: ytext, index } = locate(doc, needle);
  ytext.format(index, needle.length, attributes);
}

/** A new block: a Y.XmlElement `type` with `attrs` and one Y.XmlText of `text` formatted with `attributes`. */
export function newBlock(type: string, attrs: Record<string, unknown>, text: string, attributes: Record<string, unknown> = {}): Y.XmlElement {
  const element = new Y.XmlElement(type);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as never);
  const content = new Y.XmlText();
  content.insert(0, text, attributes);
  element.insert(0, [content]);
  return element;
}

/** A clause a delegation adds the way the editor does: `inserted` by it, its text under its insertion. */
export function proposedClause(by: string, text: string, attrs: Record<string, unknown> = {}): Y.XmlElement {
  const inserted = change(by);
  return newBlock("clause", { gap: 1, list: false, status: "pending", inserted, ...attrs }, text, yMark("insertion", inserted));
}

// ---------------------------------------------------------------- reading documents safely

/**
 * The body of `doc` as ProseMirror JSON, read on a copy: y-prosemirror "repairs" what
 * it cannot build by deleting it, and that must never reach a live doc.
 */
export function bodyJSON(doc: Y.Doc): unknown {
  return pmOf(doc).toJSON();
}

export function pmOf(doc: Y.Doc): PMNode {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment("body"), schema);
  } finally {
    copy.destroy();
  }
}

/** How many clauses a document has, and whether clause d) of "considering" is there. */
export function clauseSummary(doc: PMNode): { clauses: number; victim: boolean } {
  let clauses = 0;
  doc.descendants((node) => {
    if (node.type.name === "clause") clauses += 1;
    return node.isBlock;
  });
  return { clauses, victim: doc.textContent.includes(VICTIM) };
}

// ---------------------------------------------------------------- the scene of one test

/** What was there before the attack: the attributed DL export and a fresh client's body. */
interface Baseline {
  export: string;
  body: unknown;
}

/** One fresh session of the reference document on the shared server, and the clients of one test. */
export class Scene {
  private readonly peers: TestPeer[] = [];
  baseline!: Baseline;

  private constructor(
    readonly session: TestSession,
    readonly dataDir: string,
  ) {}

  /** A fresh session of the reference document (or of `text`, e.g. the 300-page one). */
  static async open(lab: Lab, delegations = DELEGATIONS, text?: string): Promise<Scene> {
    const session = text === undefined ? await createTestSession(lab.server, lab.dataDir, delegations) : await createSessionFrom(lab, text, delegations);
    const scene = new Scene(session, lab.dataDir);
    const body = await scene.freshBody();
    const exported = await scene.exportText();
    scene.baseline = { export: exported, body: body.toJSON() };
    if (text === undefined) assert.deepEqual(clauseSummary(body), { clauses: CLAUSES, victim: true }, "the reference document as imported");
    return scene;
  }

  /** Takes what is there now as the baseline (after honest setup steps). */
  async rebaseline(): Promise<void> {
    const body = await this.freshBody();
    this.baseline = { export: await this.exportText(), body: body.toJSON() };
  }

  get id(): string {
    return this.session.id;
  }

  token(seat: string): string {
    const token = this.session.tokens[seat];
    if (!token) throw new RangeError(`no seat ${seat}`);
    return token;
  }

  async connect(seat: string, doc?: Y.Doc): Promise<TestPeer> {
    const peer = await TestPeer.connect(this.session.wsBase, this.id, this.token(seat), doc);
    this.peers.push(peer);
    return peer;
  }

  async close(): Promise<void> {
    for (const peer of this.peers.splice(0)) await peer.close();
  }

  private withStore<T>(read: (store: Store) => T): T {
    const store = Store.open(this.dataDir);
    try {
      return read(store);
    } finally {
      store.close();
    }
  }

  /** The last seq of the session's update log. */
  seq(): number {
    return this.withStore((store) => store.lastSeq(this.id));
  }

  /** The log entries after `seq`, described ("#3 by USA (120 bytes)"). */
  storedAfter(seq: number): string[] {
    return this.withStore((store) => {
      const roster = new Map(store.participants(this.id).map((p) => [p.id, p.code ?? p.role]));
      return store.updatesAfter(this.id, seq).map((u) => `#${u.seq} by ${u.participantId ? roster.get(u.participantId) : "the server"} (${u.update.byteLength} bytes)`);
    });
  }

  /** How many refusals the store holds for the session. */
  refusedCount(): number {
    return this.withStore((store) => store.refusedUpdates(this.id).length);
  }

  /** `GET /api/sessions/:id/export?format=dl&variant=...` with the chair's token. */
  async exportText(variant = "attributed"): Promise<string> {
    const response = await fetch(`${this.session.server.url}/api/sessions/${this.id}/export?format=dl&variant=${variant}`, {
      headers: { Authorization: `Bearer ${this.token("chair")}` },
    });
    const text = await response.text();
    assert.equal(response.status, 200, `the export answered ${response.status}: ${text.slice(0, 300)}`);
    return text;
  }

  /** A fresh client joining: a raw socket that only asks (sync step 1, empty state) and never writes. */
  async freshDoc(): Promise<Y.Doc> {
    const client = await rawClient(`${this.session.wsBase}/${this.id}?token=${this.token("observer")}`);
    try {
      const update = await client.roundTrip();
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      return doc;
    } finally {
      client.socket.close();
    }
  }

  async freshBody(): Promise<PMNode> {
    const doc = await this.freshDoc();
    try {
      return pmOf(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * (d): an attributed DL export and a fresh client show every clause intact, and the
   * export did not write to the live document. `same`: both must equal the baseline
   * exactly (nothing was accepted since). Returns the problems found.
   */
  async intact(same = true): Promise<string[]> {
    const problems: string[] = [];
    const before = this.seq();
    const exported = await this.exportText();
    const wrote = this.storedAfter(before);
    if (wrote.length > 0) problems.push(`the export wrote to the live document: ${wrote.join(", ")}`);
    let inExport: { clauses: number; victim: boolean } | null = null;
    try {
      inExport = clauseSummary(parse(exported).doc);
    } catch (error) {
      problems.push(`the export cannot be read back as DL text: ${(error as Error).message}`);
    }
    if (!inExport) {
      // reported above
    } else if (inExport.clauses !== CLAUSES || !inExport.victim) {
      problems.push(`the export shows ${inExport.clauses} clauses (of ${CLAUSES})${inExport.victim ? "" : ", clause d) of considering gone"}`);
    } else if (same && exported !== this.baseline.export) {
      problems.push("the export differs from the one before the attack");
    }
    const fresh = await this.freshBody();
    const joined = clauseSummary(fresh);
    if (joined.clauses !== CLAUSES || !joined.victim) {
      problems.push(`a fresh client shows ${joined.clauses} clauses (of ${CLAUSES})${joined.victim ? "" : ", clause d) of considering gone"}`);
    } else if (same && JSON.stringify(fresh.toJSON()) !== JSON.stringify(this.baseline.body)) {
      problems.push("a fresh client's document differs from the one before the attack");
    }
    return problems;
  }
}

/** Creates a session of `text` through `POST /api/sessions`. */
async function createSessionFrom(lab: Lab, text: string, delegations: typeof DELEGATIONS): Promise<TestSession> {
  const post = () =>
    fetch(`${lab.server.url}/api/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${lab.server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Crafted", text, delegations }),
    });
  // A kept-alive socket the server closed just as the 1 MB body went out (a slow, busy machine)
  // resets before any answer: the setup asks once more on a new one. Any answer counts as given.
  const response = await post().catch((error: { cause?: { code?: string } }) => {
    if (error.cause?.code !== "ECONNRESET") throw error;
    return post();
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
  const { id, links } = (await response.json()) as { id: string; links: SessionLinks };
  const tokens: Record<string, string> = { chair: tokenOf(links.chair), secretariat: tokenOf(links.secretariat), observer: tokenOf(links.observer) };
  for (const [code, link] of Object.entries(links.delegations)) tokens[code] = tokenOf(link);
  return { server: lab.server, dataDir: lab.dataDir, id, links, tokens, wsBase: wsBaseOf(lab.server.url) };
}

/** The server every test of a file shares (sessions are per test). */
export interface Lab {
  server: { url: string; adminToken: string };
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const started = await startTestSession();
  return { server: started.server, dataDir: started.dataDir, cleanup: started.cleanup };
}

/** The suite's lab: started before its tests, stopped after them (call at the top level of a test file). */
export function useLab(): Lab {
  const lab = {} as Lab;
  before(async () => {
    Object.assign(lab, await startLab());
  });
  after(async () => {
    await lab.cleanup();
  });
  return lab;
}

/** The state of a doc as bytes, to compare. */
const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64");

/**
 * Runs one crafted attack from `seat` in a fresh session and checks the four
 * promises: (a) Refused with a reason matching every one of `reasons`; (b) not stored;
 * (c) not relayed (the witness's body, state and relay count unchanged after a fresh
 * client's sync and its own round trip); (d) export and fresh client intact, the export
 * writing nothing. Every broken promise is listed in the failure. Returns the reason.
 */
export async function expectRefused(
  t: { diagnostic(message: string): void },
  lab: Lab,
  seat: string,
  craft: (peer: TestPeer, scene: Scene) => void | Promise<void>,
  reasons: RegExp[],
  options: { scene?: Scene; delegations?: typeof DELEGATIONS } = {},
): Promise<string | null> {
  const scene = options.scene ?? (await Scene.open(lab, options.delegations));
  try {
    const witness = await scene.connect(WITNESS);
    const attacker = await scene.connect(seat);
    const before = { seq: scene.seq(), body: JSON.stringify(bodyJSON(witness.doc)), state: stateOf(witness.doc), relayed: witness.relayed };
    await craft(attacker, scene);
    await attacker.roundTrip();
    const problems: string[] = [];
    // (a)
    const reason = attacker.refusals[0] ?? null;
    if (reason === null) problems.push("(a) no Refused message: the server took the update");
    else {
      if (reason.trim() === "") problems.push("(a) the Refused message gives no reason");
      for (const pattern of reasons) if (!pattern.test(reason)) problems.push(`(a) the reason "${reason}" does not match ${pattern}`);
      if (/Maximum call stack/i.test(reason)) problems.push(`(a) the reason is a crash: "${reason}"`);
    }
    // (b)
    const stored = scene.storedAfter(before.seq);
    if (stored.length > 0) problems.push(`(b) stored: ${stored.join(", ")}`);
    // (c): a fresh client's sync, then the witness's own round trip, so absence means something.
    await scene.freshDoc().then((doc) => doc.destroy());
    await witness.roundTrip();
    if (witness.relayed !== before.relayed) problems.push(`(c) relayed: the witness received ${witness.relayed - before.relayed} update(s)`);
    if (JSON.stringify(bodyJSON(witness.doc)) !== before.body) problems.push("(c) the witness's document changed");
    else if (stateOf(witness.doc) !== before.state) problems.push("(c) the witness's Y.Doc changed (invisibly to ProseMirror)");
    // (d)
    for (const problem of await scene.intact()) problems.push(`(d) ${problem}`);
    if (reason !== null) t.diagnostic(`refused: ${reason.slice(0, 300)}`);
    assert.deepEqual(problems, [], `broken promises:\n  ${problems.join("\n  ")}`);
    return reason;
  } finally {
    if (!options.scene) await scene.close();
  }
}

/** A copy of a block as new Yjs items: the same name, attributes and content (an identity swap's twin). */
export function twin(element: Y.XmlElement): Y.XmlElement {
  const copy = new Y.XmlElement(element.nodeName);
  for (const [key, value] of Object.entries(element.getAttributes())) copy.setAttribute(key, value as never);
  copy.insert(
    0,
    element.toArray().map((child) => {
      if (child instanceof Y.XmlText) {
        const text = new Y.XmlText();
        text.applyDelta(child.toDelta());
        return text;
      }
      return twin(child as Y.XmlElement);
    }),
  );
  return copy;
}

/** Sends an honest-looking update made on a copy of `base` (not from the peer's own doc): a concurrent edit. */
export function editOnCopy(base: Y.Doc, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  copy.transact(() => edit(copy));
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

/** Writes one transaction on the attacker's doc; the update goes out as one message. */
export const write = (edit: (doc: Y.Doc) => void) => (peer: TestPeer) => {
  peer.doc.transact(() => edit(peer.doc));
};
