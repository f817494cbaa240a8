import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import { MessageType } from "../shared/protocol.ts";
import { schema } from "../shared/schema.ts";
import { markKey } from "../shared/yjs/mark-key.ts";
import type { SessionLinks } from "../shared/protocol.ts";
import { startServer } from "./server.ts";
import type { RunningServer, ServerOptions } from "./server.ts";

/**
 * Helpers for the server tests: a real server on port 0 over a temporary data
 * directory, real y-websocket and raw `ws` clients, and waits bounded in time that
 * resolve on the event they wait for.
 */

/** The reference DL document. */
export const FIXTURE_TEXT = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");

/** How long a test waits for an expected event before failing. */
export const WAIT_MS = 5000;

/** A temporary data directory, removed by `remove()`. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "plenary-test-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Waits until `attach` calls `done`, or fails after `ms` naming `what`. `attach`
 * subscribes to the events it needs and returns how to unsubscribe.
 */
export function until<T>(what: string, attach: (done: (value: T) => void) => (() => void) | void, ms = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let detach: (() => void) | void = undefined;
    let finished = false;
    const timer = setTimeout(() => {
      finished = true;
      detach?.();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const done = (value: T) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // attach may call done before it returns its detach function.
      queueMicrotask(() => detach?.());
      resolve(value);
    };
    detach = attach(done);
    if (finished) detach?.();
  });
}

/** Waits until `test(doc)` holds, checking after every update of the doc. */
export function docUntil(doc: Y.Doc, what: string, test: (doc: Y.Doc) => boolean, ms = WAIT_MS): Promise<void> {
  return until<void>(what, (done) => {
    const check = () => {
      if (test(doc)) done();
    };
    doc.on("update", check);
    check();
    return () => doc.off("update", check);
  }, ms);
}

/** A test server with one session created through the JSON API. */
export interface TestSession {
  server: { url: string; adminToken: string };
  dataDir: string;
  id: string;
  links: SessionLinks;
  /** The token of each seat: "chair", "secretariat", "observer", or a delegation code. */
  tokens: Record<string, string>;
  /** `ws://localhost:PORT/ws` */
  wsBase: string;
}

/** The WebSocket base of a server URL: `ws://HOST:PORT/ws`. */
export function wsBaseOf(url: string): string {
  return `${url.replace(/^http/, "ws")}/ws`;
}

/** The token in a join link's fragment. */
export function tokenOf(link: string): string {
  return new URL(link).hash.replace(/^#t=/, "");
}

/** Creates a session on a running server through `POST /api/sessions`. */
export async function createTestSession(server: { url: string; adminToken: string }, dataDir: string, delegations = [
  { code: "USA", name: "United States" },
  { code: "RUS", name: "Russian Federation" },
], text = FIXTURE_TEXT): Promise<TestSession> {
  const response = await fetch(`${server.url}/api/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: "Test session", text, delegations }),
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
  const { id, links } = (await response.json()) as { id: string; links: SessionLinks };
  const tokens: Record<string, string> = {
    chair: tokenOf(links.chair),
    secretariat: tokenOf(links.secretariat),
    observer: tokenOf(links.observer),
  };
  for (const [code, link] of Object.entries(links.delegations)) tokens[code] = tokenOf(link);
  return { server, dataDir, id, links, tokens, wsBase: wsBaseOf(server.url) };
}

/** Starts a server on port 0 in a temporary directory with one session. */
export async function startTestSession(
  options: Partial<ServerOptions> = {},
): Promise<TestSession & { server: RunningServer; cleanup(): Promise<void> }> {
  const temp = options.dataDir ? null : tempDataDir();
  const dataDir = options.dataDir ?? temp!.dir;
  const server = await startServer({ port: 0, ...options, dataDir });
  const session = await createTestSession(server, dataDir);
  return {
    ...session,
    server,
    cleanup: async () => {
      await server.close();
      temp?.remove();
    },
  };
}

/** A stock y-websocket client on its own Y.Doc. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** Connects a stock y-websocket `WebsocketProvider` and waits until it has synced. */
export async function connectClient(wsBase: string, sessionId: string, token: string): Promise<TestClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase, sessionId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    provider.destroy();
    doc.destroy();
  };
  try {
    await until<void>(`client of session ${sessionId} to sync`, (done) => {
      const onSync = (synced: boolean) => synced && done();
      provider.on("sync", onSync);
      if (provider.synced) done();
      return () => provider.off("sync", onSync);
    });
  } catch (error) {
    destroy();
    throw error;
  }
  return { doc, provider, destroy };
}

/** A raw `ws` client that records what it receives. */
export interface RawClient {
  socket: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  /** Sends sync step 1 with an empty state vector and resolves on the server's step 2: every earlier message was handled. */
  roundTrip(): Promise<Uint8Array>;
}

/** Opens a raw WebSocket; resolves when open (rejects with the HTTP status if refused). */
export function rawClient(url: string): Promise<RawClient> {
  const socket = new WebSocket(url);
  const messages: Uint8Array[] = [];
  const listeners = new Set<(message: Uint8Array) => void>();
  socket.on("message", (data: Buffer) => {
    const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    messages.push(message);
    for (const listener of listeners) listener(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const roundTrip = () =>
    until<Uint8Array>("the server's sync step 2", (done) => {
      const listener = (message: Uint8Array) => {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2) {
          done(decoding.readVarUint8Array(decoder));
        }
      };
      listeners.add(listener);
      socket.send(syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())));
      return () => listeners.delete(listener);
    });
  return until<RawClient>(`raw WebSocket ${url.split("?")[0]} to open`, (done) => {
    socket.once("open", () => done({ socket, messages, closed, roundTrip }));
    socket.once("unexpected-response", (_req, res) => {
      socket.emit("error", new Error(`upgrade refused with HTTP ${res.statusCode}`));
    });
    socket.once("error", () => undefined);
  });
}

/** The HTTP status and body of a refused upgrade, and every WebSocket message received (there must be none). */
export function refusedUpgrade(url: string): Promise<{ status: number; body: string; messages: number }> {
  return until(`upgrade of ${url.split("?")[0]} to be refused`, (done) => {
    const socket = new WebSocket(url);
    let messages = 0;
    socket.on("message", () => {
      messages += 1;
    });
    socket.on("error", () => undefined);
    socket.on("open", () => done({ status: 101, body: "", messages }));
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, body, messages }));
    });
    return () => socket.terminate();
  });
}

/** A y-websocket sync message (step 1, step 2 or update) with its payload. */
export function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** The session title and a text marker, to compare what two docs hold. */
export function bodyText(doc: Y.Doc): string {
  return doc.getXmlFragment("body").toString();
}

/** A Yjs update that appends a paragraph with `text` to the body, made on a copy of `base`. */
export function appendParagraph(base: Y.Doc, text: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  copy.getXmlFragment("body").push([paragraph]);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

/** The Y.XmlText formatting of text proposed by `change` (its own key, as y-prosemirror writes it). */
export function insertionFormat(change: { id: string; by: string; at: string | null }): Record<string, unknown> {
  return { [markKey(schema.marks.insertion!.create(change))]: change };
}

/**
 * Appends a paragraph with `text` to the body of `doc`, proposed by `by` the way the
 * editor tracks it (the block's `inserted` attr, the text under an insertion mark):
 * a client's edit the server accepts from a participant who may write as `by`.
 */
export function addParagraph(doc: Y.Doc, text: string, by = "secretariat"): void {
  const change = { id: `t${Math.random().toString(36).slice(2, 10)}`, by, at: new Date().toISOString() };
  doc.transact(() => {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.setAttribute("inserted", change as never);
    const content = new Y.XmlText();
    paragraph.insert(0, [content]);
    // Free paragraphs stand before the clause groups (the schema's doc content).
    const body = doc.getXmlFragment("body");
    const firstGroup = body.toArray().findIndex((child) => child instanceof Y.XmlElement && child.nodeName === "clause_group");
    body.insert(firstGroup < 0 ? body.length : firstGroup, [paragraph]);
    content.insert(0, text, insertionFormat(change));
  });
}

/** The plenary command. */
export const PLENARY = fileURLToPath(new URL("../bin/plenary.js", import.meta.url));

/** `plenary serve ...args` as a child process; resolves once it prints the URL it listens at. */
export async function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [PLENARY, "serve", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    output += chunk;
  });
  const url = await until<string>(
    "plenary serve to print its URL",
    (done) => {
      child.stdout!.on("data", (chunk: string) => {
        output += chunk;
        const match = /serving at (http:\/\/\S+)/.exec(output);
        if (match) done(match[1]!);
      });
      child.once("exit", (code) => done(`exited with ${code}: ${output}`));
    },
    20_000,
  );
  if (!url.startsWith("http:")) throw new Error(`plenary serve did not start: ${url}`);
  return { child, url, output: () => output };
}

/** Resolves when a child process has exited, with its code or signal. */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return until(
    "the server process to exit",
    (done) => {
      if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode });
      child.once("exit", (code, signal) => done({ code, signal }));
    },
    10_000,
  );
}
