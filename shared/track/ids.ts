/**
 * A new change id: its kind's letter (i insertion, d deletion, b bracket, x block)
 * and 12 random base-36 characters, about 62 bits: unique across the clients of a
 * session without coordination.
 */
export function newChangeId(prefix: "i" | "d" | "b" | "x"): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = prefix;
  for (const byte of bytes) id += (byte % 36).toString(36);
  return id;
}
