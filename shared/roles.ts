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
