import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Node as PMNode } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import WebSocket from "ws";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { updateYFragment } from "y-prosemirror";
import { readBody } from "../shared/yjs/read.ts";
import { MessageType } from "../shared/protocol.ts";
import { readRefused } from "../shared/refusal.ts";
import { schema } from "../shared/schema.ts";
import { syncMessage, until } from "./test-support.ts";

/**
 * A raw test client built from yjs and y-protocols, not the app's UI: it syncs a Y.Doc
 * over a real WebSocket, edits it the way y-prosemirror does (a ProseMirror document,
 * then `updateYFragment`), sends every local update as it is, and records the server's
 * Refused messages. Honest and forged edits go through the same path.
 */
export class TestPeer {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly refusals: string[] = [];
  /** Sync update messages (relayed edits) received. */
  relayed = 0;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly socket: WebSocket,
    doc: Y.Doc,
  ) {
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null);
    socket.on("message", (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    // Its timer would keep the test process alive once the server has closed the socket.
    socket.on("close", () => this.awareness.destroy());
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send(syncMessage(syncProtocol.messageYjsUpdate, update));
    });
  }

  /** Connects with `token` on `doc` (a fresh Y.Doc unless given) and waits until it has the server's state. */
  static async connect(wsBase: string, sessionId: string, token: string, doc = new Y.Doc()): Promise<TestPeer> {
    const socket = new WebSocket(`${wsBase}/${sessionId}?token=${token}`);
    const peer = new TestPeer(socket, doc);
    await until<void>("the test peer to open", (done) => {
      socket.once("open", () => done());
    });
    await peer.roundTrip();
    return peer;
  }

  /** Whether the socket is open. */
  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(message: Uint8Array | string): void {
    this.socket.send(message);
  }

  /** Sends sync step 1 and waits for the server's step 2 (applied): every earlier message was handled. */
  roundTrip(): Promise<void> {
    return until<void>("the server's sync step 2", (done) => {
      const listener = () => done();
      this.listeners.add(listener);
      this.send(syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(this.doc)));
      return () => this.listeners.delete(listener);
    });
  }

  /** The next Refused message's reason (or one already received and not yet taken). */
  nextRefusal(): Promise<string> {
    return until<string>("a Refused message", (done) => {
      let taken = false;
      const check = () => {
        if (taken || this.refusals.length === 0) return;
        taken = true;
        done(this.refusals.shift()!);
      };
      this.listeners.add(check);
      check();
      return () => this.listeners.delete(check);
    });
  }

  /** The ProseMirror document of the body. */
  pm(): PMNode {
    // The strict reader: y-prosemirror's own writes while it reads (it merges two texts of one
    // block that this client made into one), which would make a test's reading an edit.
    return readBody(this.doc.getXmlFragment("body"));
  }

  /** An editor state over the body. */
  state(): EditorState {
    return EditorState.create({ doc: this.pm() });
  }

  /** Writes a ProseMirror document into the Y.Doc the way y-prosemirror does; the update goes out. */
  commit(next: PMNode): void {
    this.doc.transact(() => {
      updateYFragment(this.doc, this.doc.getXmlFragment("body"), next, { mapping: new Map(), isOMark: new Map() });
    }, "local");
  }

  /** Commits a transaction's document. */
  apply(tr: Transaction): void {
    this.commit(tr.doc);
  }

  /** Closes the socket and waits until it is closed. */
  async close(): Promise<void> {
    this.awareness.destroy();
    if (this.socket.readyState === this.socket.CLOSED) return;
    const closed = until<void>("the test peer to close", (done) => {
      this.socket.once("close", () => done());
    });
    this.socket.close();
    await closed;
  }

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Sync) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        this.send(syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(this.doc, payload)));
      } else {
        if (step === syncProtocol.messageYjsUpdate) this.relayed += 1;
        Y.applyUpdate(this.doc, payload, this);
        if (step === syncProtocol.messageYjsSyncStep2) for (const listener of [...this.listeners]) listener();
      }
    } else if (type === MessageType.Awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    } else if (type === MessageType.Refused) {
      this.refusals.push(readRefused(decoder).reason);
      for (const listener of [...this.listeners]) listener();
    }
  }
}

/** An awareness message for one client id with `state` (JSON). */
export function presenceMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  return presenceStates([{ clientId, clock, state }]);
}

/** An awareness message carrying several states at once. */
export function presenceStates(states: readonly { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, states.length);
  for (const { clientId, clock, state } of states) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MessageType.Awareness);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/**
 * The position range of the first occurrence of `needle` in one text block of `doc`,
 * across text of different marks (a line break counts as one "\n").
 */
export function rangeOf(doc: PMNode, needle: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    if (found || !node.isTextblock) return !found;
    let text = "";
    node.forEach((child) => (text += child.isText ? child.text! : "\n".repeat(child.nodeSize)));
    const at = text.indexOf(needle);
    if (at >= 0) found = { from: pos + 1 + at, to: pos + 1 + at + needle.length };
    return false;
  });
  if (!found) throw new RangeError(`"${needle}" is not in the document`);
  return found;
}
