import type { ClauseStatus } from "./schema.ts";
import type { Role } from "./protocol.ts";

/**
 * Who may do what in the room. One rule, one place: the editor asks these to prevent
 * an action, and the server asks the same functions to refuse it.
 */

/** A role in the room (defined with the protocol, re-exported here with its rules). */
export type { Role } from "./protocol.ts";

/** Whether a role may propose wording (tracked insertions, deletions, brackets): everyone but an observer. */
export function mayPropose(role: Role): boolean {
  return role === "chair" || role === "secretariat" || role === "delegation";
}

/** Whether a role may settle the text (accept, reject, agree or drop brackets, set a clause's status): the chair only. */
export function mayDecide(role: Role): boolean {
  return role === "chair";
}

/** Whether a role may turn tracking off for an editorial fix: the chair only. */
export function mayTrackOff(role: Role): boolean {
  return role === "chair";
}

/**
 * The authors a participant may type as (the `by` of its changes): a delegation as itself;
 * the secretariat as itself ("secretariat", first) or as any delegation of the session;
 * the chair as "chair"; an observer as nobody. Throws a RangeError for a delegation without a code.
 */
export function authorsFor(role: Role, code: string | null, delegations: readonly string[]): string[] {
  switch (role) {
    case "delegation":
      if (!code) throw new RangeError("a delegation participant needs its delegation code");
      return [code];
    case "secretariat":
      return ["secretariat", ...delegations.filter((d) => d !== "secretariat")];
    case "chair":
      return ["chair"];
    case "observer":
      return [];
  }
}

/** Whether a participant may write a change attributed to `by` (see {@link authorsFor}). */
export function mayAuthorAs(role: Role, code: string | null, delegations: readonly string[], by: string): boolean {
  return authorsFor(role, code, delegations).includes(by);
}

/** Whether a role may change a clause with this status: an agreed clause is locked to all but the chair. */
export function mayEditClause(role: Role, status: ClauseStatus): boolean {
  if (status === "agreed") return role === "chair";
  return mayPropose(role);
}

/** Whether a role may issue the session's text as a new revision ("Rev.3"): the chair and the secretariat. */
export function mayIssueRevision(role: Role): boolean {
  return role === "chair" || role === "secretariat";
}

/** Whether a role may see the roster's links and revoke or reissue seats: the chair and the secretariat. */
export function mayManageRoster(role: Role): boolean {
  return role === "chair" || role === "secretariat";
}

/** The rank of a seat when seats are managed: the chair above the secretariat above delegations and the observer. */
const SEAT_RANK: Record<Role, number> = { chair: 3, secretariat: 2, delegation: 1, observer: 1 };

/**
 * Whether `actor` may revoke or reissue the seat of `target`: only a roster manager
 * (see {@link mayManageRoster}), never a seat of a higher rank than its own (the
 * secretariat may not take or lock out the chair's seat), and never its own seat (the
 * chair may not lock itself out). Why not, in words, or null when it may.
 */
export function seatManagementRefusal(actor: Role, target: Role, isSelf: boolean): string | null {
  if (!mayManageRoster(actor)) return `the ${actor} may not manage the roster`;
  if (isSelf) return `the ${actor} may not revoke or reissue its own seat`;
  if (SEAT_RANK[target] > SEAT_RANK[actor]) return `the ${actor} may not revoke or reissue the ${target}'s seat`;
  return null;
}

/** Whether `actor` may revoke or reissue the seat of `target` (see {@link seatManagementRefusal}). */
export function mayManageSeat(actor: Role, target: Role, isSelf: boolean): boolean {
  return seatManagementRefusal(actor, target, isSelf) === null;
}
