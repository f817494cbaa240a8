import * as buf from "lib0/buffer";
import * as sha256 from "lib0/hash/sha256";
import type { Mark, MarkType } from "prosemirror-model";

/**
 * Where a mark lives in a Y.XmlText: y-prosemirror stores a mark that excludes itself
 * (strong, em, label) under its name, and a mark that does not (insertion, deletion,
 * bracket) under `name--<hash of the mark's JSON>`, one formatting key per change, so
 * concurrent changes on the same text never overwrite each other (Yjs formatting is
 * last-writer-wins per key). These functions mirror y-prosemirror 1.x's
 * `marksToAttributes` / `yattr2markname` (src/plugins/sync-plugin.js, `hashOfJSON` in
 * src/utils.js), which it does not export.
 */

const HASHED = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The mark type name of a Y.XmlText formatting key. */
export function markNameOfKey(key: string): string {
  return HASHED.exec(key)?.[1] ?? key;
}

/** Whether y-prosemirror keeps marks of this type under hashed keys. */
export function isStackable(type: MarkType): boolean {
  return !type.excludes(type);
}

/** The formatting key y-prosemirror writes for `mark`. */
export function markKey(mark: Mark): string {
  return isStackable(mark.type) ? `${mark.type.name}--${hashOfJSON(mark.toJSON())}` : mark.type.name;
}

/** y-prosemirror's 6-byte digest of a JSON value, as base64 (8 characters). */
function hashOfJSON(json: unknown): string {
  const digest = sha256.digest(buf.encodeAny(json));
  const N = 6;
  for (let i = N; i < digest.length; i++) digest[i % N] = digest[i % N]! ^ digest[i]!;
  return buf.toBase64(digest.slice(0, N));
}
