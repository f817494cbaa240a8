/**
 * How fast one participant may send document updates: a token bucket of
 * {@link UPDATE_BURST} updates, refilled at {@link UPDATES_PER_SECOND} a second, shared
 * by all the participant's connections to a session. Every update is checked and written
 * to disk before it is relayed, so a participant sending thousands of legal one-character
 * updates a second would hold the server for everyone (issue 10). A fast typist sends
 * 10 to 20 a second; the burst covers a reconnect's backlog. Past it, the participant's
 * connections are closed with TooManyUpdates (1013, try again later): its editor reconnects and its sync
 * step 2 brings whatever the server had not taken, in one update.
 */

/** The sustained rate allowed, updates a second. */
export const UPDATES_PER_SECOND = 60;
/** The burst allowed. */
export const UPDATE_BURST = 300;

/** Token buckets per participant of a session. */
export class UpdateRate {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Counts one update; false when the participant is over the limit. */
  allow(sessionId: string, participantId: string, now = Date.now()): boolean {
    const key = `${sessionId}\u0000${participantId}`;
    const bucket = this.buckets.get(key) ?? { tokens: UPDATE_BURST, at: now };
    bucket.tokens = Math.min(UPDATE_BURST, bucket.tokens + ((now - bucket.at) / 1000) * UPDATES_PER_SECOND);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 4096) this.forgetFull(now);
    return allowed;
  }

  /** Drops buckets that have refilled: they hold nothing a new one would not. */
  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * UPDATES_PER_SECOND >= UPDATE_BURST) this.buckets.delete(key);
    }
  }
}
