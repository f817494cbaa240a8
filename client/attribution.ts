import type { Author } from "../shared/track/author.ts";
import { authorsFor, mayPropose, mayTrackOff } from "../shared/roles.ts";
import type { Participant } from "./api.ts";

/**
 * Whom this participant's edits are attributed to, and whether they are tracked at all: a
 * delegation always types as itself; the secretariat as the delegation that has the floor (or as
 * itself); the chair as "chair", or untracked for an editorial fix; the observer never types.
 * Attribution is political record, so the choice is explicit and shown, never guessed.
 */
export class Attribution {
  /** Everyone this participant may type as (from the role rules). */
  readonly choices: readonly string[];
  private current: string;
  private trackingOn = true;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly me: Participant,
    delegations: readonly string[],
    private readonly storageKey: string,
  ) {
    this.choices = mayPropose(me.role) ? authorsFor(me.role, me.code, [...delegations]) : [];
    const kept = sessionStorage.getItem(storageKey);
    this.current = kept && this.choices.includes(kept) ? kept : (this.choices[0] ?? "");
  }

  /** The author code edits are attributed to now ("USA", "secretariat", "chair"). */
  get by(): string {
    return this.current;
  }

  /** Whether edits are tracked (false only when the chair turned tracking off). */
  get tracking(): boolean {
    return this.trackingOn || !mayTrackOff(this.me.role);
  }

  /** Types as another author; refuses codes the role rules do not allow. */
  setBy(by: string): void {
    if (!this.choices.includes(by)) throw new RangeError(`${this.me.role} may not type as "${by}"`);
    this.current = by;
    sessionStorage.setItem(this.storageKey, by);
    this.changed();
  }

  /** Turns tracking of this participant's edits on or off (the chair only). */
  setTracking(on: boolean): void {
    if (!on && !mayTrackOff(this.me.role)) throw new RangeError(`${this.me.role} may not turn tracking off`);
    this.trackingOn = on;
    this.changed();
  }

  /** The author for an edit made now, or null when the edit is not tracked. */
  author(): Author | null {
    if (!this.current || !this.tracking) return null;
    return { by: this.current, at: new Date().toISOString() };
  }

  /** Calls `listener` after every change of author or tracking; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
