import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "../../shared/protocol.ts";
import type { Role } from "../../shared/protocol.ts";
import { readRefused } from "../../shared/refusal.ts";
import type { Author } from "../../shared/track/author.ts";
import { syncMessage, until } from "../../server/test-support.ts";
import { ySyncPluginKey } from "y-prosemirror";
import { bindEditor } from "./editor.ts";
import type { BindingMode, Editor } from "./editor.ts";

/**
 * One participant of a fuzz run: its Y.Doc and editor, and a real WebSocket to the
 * server speaking the y-websocket protocol. Unlike a stock provider, the network is in
 * the harness's hands: local updates wait in `outbox` until the harness sends them
 * (one message at a time, so each Refused answer belongs to one update), and what the
 * server sends waits in `inbox` until the harness delivers it (in order, as one TCP
 * stream would). The harness thereby decides every delay with its seed.
 */

/** What a participant did (or what made a message): for counting refusals by operation. */
export interface OpRecord {
  /** Index of the operation in the run (-1: not an operation, e.g. the binding's own writes). */
  index: number;
  participant: string;
  kind: string;
  detail: string;
}

/** A local update waiting to be sent. */
export interface Outgoing {
  update: Uint8Array;
  op: OpRecord;
  /** The sequence number of the last accepted update this participant had applied when it made this one. */
  baseSeq: number;
}

/** A message from the server waiting to be delivered. */
export interface Incoming {
  step: number;
  payload: Uint8Array;
  /** The sequence number of accepted updates when it arrived. */
  tag: number;
}

/** The origin of updates applied from the server. */
export const REMOTE = Symbol("remote");

export interface PeerOptions {
  name: string;
  role: Role;
  code: string | null;
  token: string;
  url: string;
  mode: BindingMode;
  /** The harness's current tag for arriving messages. */
  tag: () => number;
}

export class FuzzPeer {
  readonly name: string;
  readonly role: Role;
  readonly code: string | null;
  doc!: Y.Doc;
  editor: Editor | null = null;
  socket: WebSocket | null = null;
  inbox: Incoming[] = [];
  outbox: Outgoing[] = [];
  appliedSeq = 0;
  /** Whom the secretariat types for; the delegation's own code; "chair". */
  typingFor: string;
  /** The chair's "Track my edits". */
  trackEdits = true;
  /** The operation under way (local updates made now are tagged with it). */
  currentOp: OpRecord | null = null;
  /** Refused reasons received and not yet taken by the harness. */
  refusals: string[] = [];
  /** How the server closed the socket, when it did. */
  closedBy: { code: number; reason: string } | null = null;
  /** Edits the clause lock stopped. */
  lockedEdits = 0;
  /** The server's state vector from its sync step 1 on connect. */
  serverStateVector: Uint8Array | null = null;
  /** Y.Docs discarded after a refusal. */
  generations = 0;
  private awarenessSeen = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: PeerOptions) {
    this.name = options.name;
    this.role = options.role;
    this.code = options.code;
    this.typingFor = options.code ?? (options.role === "chair" ? "chair" : "secretariat");
  }

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Whom this participant's edits are tracked as right now. */
  author(at: string): Author | null {
    if (this.role === "chair" && !this.trackEdits) return null;
    return { by: this.typingFor, at };
  }

  /** A fresh, empty Y.Doc with `clientId`, whose local updates go to the outbox. */
  freshDoc(clientId: number): void {
    this.editor?.destroy();
    this.editor = null;
    this.doc?.destroy();
    const doc = new Y.Doc();
    doc.clientID = clientId;
    doc.on("update", (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin === REMOTE) return;
      const op = this.currentOp ?? { index: -1, participant: this.name, kind: writtenBy(origin, update), detail: `while a remote update was applied: deletes ${deletedContent(transaction)}` };
      this.outbox.push({ update, op, baseSeq: this.appliedSeq });
    });
    this.doc = doc;
    this.outbox = [];
  }

  /** Binds the editor to the current doc. */
  bind(now: () => string): void {
    this.editor?.destroy();
    this.editor = bindEditor(this.doc, {
      role: this.role,
      author: () => this.author(now()),
      locked: () => {
        this.lockedEdits += 1;
      },
      mode: this.options.mode,
    });
  }

  /** Opens the WebSocket and waits for the server's sync step 1 (its state vector). */
  async open(): Promise<void> {
    this.closedBy = null;
    this.serverStateVector = null;
    this.awarenessSeen = 0;
    const socket = new WebSocket(this.options.url);
    socket.binaryType = "nodebuffer";
    this.socket = socket;
    socket.on("message", (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    socket.on("close", (code, reason) => {
      if (this.socket === socket) this.closedBy = { code, reason: reason.toString() };
      this.notify();
    });
    socket.on("error", () => undefined);
    await until<void>(`${this.name}'s socket to open`, (done) => {
      if (socket.readyState === WebSocket.OPEN) done();
      socket.once("open", () => done());
      socket.once("unexpected-response", (_req, res) => socket.emit("error", new Error(`HTTP ${res.statusCode}`)));
    });
    await this.waitFor(`${this.name}: the server's sync step 1`, () => this.serverStateVector !== null);
  }

  /** Sends a message as it is. */
  send(message: Uint8Array): void {
    if (!this.connected) throw new Error(`${this.name} is not connected`);
    this.socket!.send(message);
  }

  /**
   * Asks the server for presence (message 3) and waits for its answer: the server
   * handles a connection's messages in order, so everything sent before has been
   * handled, and everything it sent us before has arrived.
   */
  async ping(): Promise<void> {
    const seen = this.awarenessSeen;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.QueryAwareness);
    this.send(encoding.toUint8Array(encoder));
    await this.waitFor(`${this.name}: the answer to a presence query`, () => this.awarenessSeen > seen || !this.connected);
  }

  /** Sends sync step 1 with the doc's state vector; the server's step 2 lands in the inbox. */
  sendStateVector(): void {
    this.send(syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(this.doc)));
  }

  /** Closes the socket (abruptly: without the closing handshake) and waits until it is closed. */
  async close(abrupt: boolean): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    this.inbox = [];
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = until<void>(`${this.name}'s socket to close`, (done) => {
      socket.once("close", () => done());
    });
    if (abrupt) socket.terminate();
    else socket.close();
    await closed;
  }

  /** Applies the first `count` messages of the inbox. */
  deliver(count = this.inbox.length): number {
    const batch = this.inbox.splice(0, count);
    for (const message of batch) {
      // What the editor writes while this is applied (cleanups, the binding) builds on it.
      this.appliedSeq = Math.max(this.appliedSeq, message.tag);
      Y.applyUpdate(this.doc, message.payload, REMOTE);
    }
    return batch.length;
  }

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Sync) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) this.serverStateVector = payload;
      else this.inbox.push({ step, payload, tag: this.options.tag() });
    } else if (type === MessageType.Awareness) {
      this.awarenessSeen += 1;
    } else if (type === MessageType.Refused) {
      this.refusals.push(readRefused(decoder).reason);
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private waitFor(what: string, test: () => boolean): Promise<void> {
    return until<void>(what, (done) => {
      const check = () => {
        if (test()) done();
      };
      this.listeners.add(check);
      check();
      return () => this.listeners.delete(check);
    });
  }

  destroy(): void {
    this.socket?.terminate();
    this.socket = null;
    this.editor?.destroy();
    this.editor = null;
    this.doc?.destroy();
  }
}

/**
 * Who wrote an update no operation made, while a remote update was applied:
 * - "binding-repair": y-prosemirror deleting a Yjs element or text it cannot build as a
 *   ProseMirror node (a transaction of ySyncPluginKey);
 * - "yjs-cleanup": Yjs removing formatting made redundant (deletions only, no origin),
 *   which every client does after a remote change;
 * - "binding-merge": anything else, e.g. y-prosemirror moving a Y.Text of its own into
 *   the one before it (its fix for duplicated characters).
 */
function writtenBy(origin: unknown, update: Uint8Array): string {
  if (origin === ySyncPluginKey) return "binding-repair";
  return Y.decodeUpdate(update).structs.length === 0 ? "yjs-cleanup" : "binding-merge";
}

/** What a transaction deleted, in words: element names and text. */
function deletedContent(transaction: Y.Transaction): string {
  const parts: string[] = [];
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item)) return;
    const content = struct.content;
    if (content instanceof Y.ContentType) {
      const type = content.type;
      if (type instanceof Y.XmlElement) parts.push(`<${type.nodeName} ${JSON.stringify(type.getAttributes()).slice(0, 200)}> ${JSON.stringify(type.toString().slice(0, 200))}`);
      else if (type instanceof Y.XmlText) parts.push(`text ${JSON.stringify(type.toString().slice(0, 200))}`);
      else parts.push(type.constructor.name);
    } else if (content instanceof Y.ContentString) parts.push(JSON.stringify(content.str));
    else parts.push(content.constructor.name);
  });
  return parts.join(", ") || "nothing deleted";
}
