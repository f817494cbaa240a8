/**
 * How often a participant may be refused: more than {@link MAX_REFUSALS} refusals in
 * {@link REFUSAL_WINDOW_MS} close its connection with Refused (4409). Counted per
 * participant of a session, across its connections and reconnects (a reloaded page does
 * not start a fresh count), and kept by the server, not the room, so it outlives an
 * unloaded session.
 */

/** How many refusals a participant may collect in {@link REFUSAL_WINDOW_MS}. */
export const MAX_REFUSALS = 30;
/** The window of {@link MAX_REFUSALS}: a minute. */
export const REFUSAL_WINDOW_MS = 60_000;

/** Recent refusals per participant. */
export class RefusalLimit {
  private readonly recent = new Map<string, number[]>();

  /** Counts a refusal; false when the participant is over the limit. */
  allow(sessionId: string, participantId: string, now = Date.now()): boolean {
    const key = `${sessionId}\u0000${participantId}`;
    const times = (this.recent.get(key) ?? []).filter((t) => now - t < REFUSAL_WINDOW_MS);
    times.push(now);
    this.recent.set(key, times);
    this.forgetIdle(now);
    return times.length <= MAX_REFUSALS;
  }

  /** Drops participants with no refusal in the window, so the map stays small. */
  private forgetIdle(now: number): void {
    if (this.recent.size < 1024) return;
    for (const [key, times] of this.recent) if (times.every((t) => now - t >= REFUSAL_WINDOW_MS)) this.recent.delete(key);
  }
}
