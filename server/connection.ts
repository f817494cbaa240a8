import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import type { RawData, WebSocket } from "ws";
import { CloseCode, MAX_MESSAGE_BYTES, MessageType } from "../shared/protocol.ts";
import { observeUpdate } from "./metrics.ts";
import type { Member, Room, UpdateOutcome } from "./room.ts";
import type { ParticipantRecord } from "./store.ts";

/**
 * One client connection: decodes each y-websocket message and hands it to the room.
 * A message that does not decode, or is too large, closes this connection only,
 * with a named close code; the room and the other connections go on.
 */

/** How often a connection is pinged; one missed pong and it is dropped. */
export const HEARTBEAT_MS = 30_000;

/** Close reasons are at most 123 bytes of UTF-8. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return bytes.length <= 123 ? text : bytes.subarray(0, 120).toString("utf8").replace(/\uFFFD$/, "") + "...";
}

/** Thrown inside decoding when a message is not one this server reads. */
class Malformed extends Error {}

/** A participant's WebSocket, as a member of a room. */
export class Connection implements Member {
  readonly clientIds = new Set<number>();
  private alive = true;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    readonly participant: ParticipantRecord,
    private readonly room: Room,
    onClose: (connection: Connection) => void,
  ) {
    socket.binaryType = "nodebuffer";
    socket.on("message", (data, isBinary) => this.receive(data, isBinary));
    socket.on("pong", () => {
      this.alive = true;
    });
    socket.on("error", () => {
      // ws closes the socket itself after an error (e.g. a frame over maxPayload).
    });
    socket.on("close", () => {
      this.closed = true;
      clearInterval(this.heartbeat);
      onClose(this);
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Sends a message if the socket is still open. The messages of one turn of the event
   * loop go out in one write: the socket is corked at the first and uncorked right after
   * the turn (a room relays each update and presence change to every member, so one
   * system call per message per member is what a busy room would otherwise cost).
   */
  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void; destroyed?: boolean } })._socket;
    if (raw && !this.corked) {
      this.corked = true;
      raw.cork();
      setImmediate(() => {
        this.corked = false;
        if (!raw.destroyed) raw.uncork();
      });
    }
    this.socket.send(message, { binary: true });
  }

  private corked = false;

  /** Closes the connection with a named code and a reason for the client's log. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, closeReason(reason));
  }

  /** Drops the connection at once, without a closing handshake (shutdown, dead peer). */
  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }

  private beat(): void {
    if (!this.alive) {
      this.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary || !Buffer.isBuffer(data)) {
      this.close(CloseCode.Malformed, "malformed message: text frames are not y-websocket messages");
      return;
    }
    if (data.byteLength > MAX_MESSAGE_BYTES) {
      this.close(CloseCode.MessageTooLarge, `message of ${data.byteLength} bytes is over the limit of ${MAX_MESSAGE_BYTES}`);
      return;
    }
    let outcome: UpdateOutcome;
    try {
      outcome = this.dispatch(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      this.close(CloseCode.Malformed, `malformed message: ${(error as Error).message}`);
      return;
    }
    if (outcome.kind === "malformed") this.close(CloseCode.Malformed, `malformed message: ${outcome.reason}`);
  }

  private dispatch(bytes: Uint8Array): UpdateOutcome {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
        return this.dispatchSync(decoder);
      case MessageType.Awareness: {
        const update = decoding.readVarUint8Array(decoder);
        expectEnd(decoder);
        return this.room.receivePresence(this, update);
      }
      case MessageType.QueryAwareness:
        expectEnd(decoder);
        this.room.sendPresence(this);
        return { kind: "applied" };
      default:
        throw new Malformed(`unknown message type ${type}`);
    }
  }

  private dispatchSync(decoder: decoding.Decoder): UpdateOutcome {
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    expectEnd(decoder);
    switch (step) {
      case syncProtocol.messageYjsSyncStep1:
        this.room.answerStateVector(this, payload);
        return { kind: "applied" };
      case syncProtocol.messageYjsSyncStep2:
        // A reconnecting client's state: its delete set holds every deletion it knows of.
        return observeUpdate(this, () => this.room.receiveUpdate(this, payload, { everyDeletion: true }));
      case syncProtocol.messageYjsUpdate:
        return observeUpdate(this, () => this.room.receiveUpdate(this, payload));
      default:
        throw new Malformed(`unknown sync message ${step}`);
    }
  }
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Malformed("trailing bytes after the message");
}
