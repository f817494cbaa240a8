/**
 * Limits on presence (awareness): a state larger than {@link MAX_PRESENCE_STATE_BYTES}
 * is dropped, a connection that sends more than {@link MAX_PRESENCE_PER_SECOND}
 * presence messages in a second has the excess dropped, and a connection speaks for at
 * most {@link MAX_PRESENCE_CLIENT_IDS} client ids. Presence is a cursor and a name, one
 * per editor; nothing legitimate comes near any of these limits.
 */

/** The largest presence state (its JSON, in bytes) that is relayed: 8 KiB. */
export const MAX_PRESENCE_STATE_BYTES = 8 * 1024;

/**
 * How many client ids one connection may speak for, and so how many states one presence
 * message may carry: 4. An editor has one (its Y.Doc's); a client that discards its doc
 * after a refusal has a new one while the old one's presence lingers.
 */
export const MAX_PRESENCE_CLIENT_IDS = 4;

/** How many presence messages a connection may send per second; more are dropped. */
export const MAX_PRESENCE_PER_SECOND = 20;

/** Counts one connection's presence messages in one-second windows. */
export class PresenceRate {
  private windowStart = 0;
  private count = 0;

  /** Whether a message arriving `now` (ms) is within the limit; counts it. */
  allow(now = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= MAX_PRESENCE_PER_SECOND;
  }
}

/** Whether a presence state (JSON text) is small enough to relay. */
export function presenceFits(json: string): boolean {
  return Buffer.byteLength(json, "utf8") <= MAX_PRESENCE_STATE_BYTES;
}
