import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "./protocol.ts";

/**
 * The Refused message (`MessageType.Refused`): the server tells a client why it did not
 * take a document update. Written by the server, read by the client; shared so both
 * agree on the bytes.
 */

/** What a Refused message says. */
export interface RefusedPayload {
  reason: string;
}

/** A whole Refused message: type 4, then the JSON `{ reason }` as a varString. */
export function encodeRefused(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Refused);
  encoding.writeVarString(encoder, JSON.stringify({ reason } satisfies RefusedPayload));
  return encoding.toUint8Array(encoder);
}

/** Reads the payload of a Refused message whose type has been read; throws a RangeError if it is not one. */
export function readRefused(decoder: decoding.Decoder): RefusedPayload {
  const value: unknown = JSON.parse(decoding.readVarString(decoder));
  const reason = value && typeof value === "object" ? (value as { reason?: unknown }).reason : undefined;
  if (typeof reason !== "string") throw new RangeError("a Refused message must carry { reason: string }");
  return { reason };
}
