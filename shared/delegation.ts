import { AUTHOR_CODE, SPECIAL_AUTHORS } from "./schema.ts";

/**
 * The delegations of a roster, checked by one rule wherever a roster is made (the JSON
 * API, `plenary session create`): a delegation's code is what its changes carry as
 * their author (`by`), so it must be an author code of the schema ({@link AUTHOR_CODE}:
 * "USA", "3GPP", "EU-27"), must not be one of the authors that are not delegations
 * ("chair", "secretariat", "import", in any case), and must be listed once.
 */

/** A delegation as the chair lists it: code and name ("USA", "United States"). */
export interface Delegation {
  code: string;
  name: string;
}

/** The longest delegation name accepted. */
export const MAX_DELEGATION_NAME = 200;

/** A roster refused: the message names the entry, `index` and `field` say where it is. */
export class RosterError extends RangeError {
  override name = "RosterError";

  constructor(
    message: string,
    /** The 0-based position of the refused delegation in the list. */
    readonly index: number,
    readonly field: "code" | "name",
  ) {
    super(message);
  }
}

/** Why a code cannot be a delegation's, or null: `listed` holds the codes before it (upper case). */
export function delegationCodeProblem(code: string, listed: ReadonlySet<string> = new Set()): string | null {
  if (!AUTHOR_CODE.test(code)) {
    return `delegation code ${JSON.stringify(code)} must be 1 to 32 letters, digits, "_" or "-", starting with a letter or digit`;
  }
  if ((SPECIAL_AUTHORS as readonly string[]).includes(code.toLowerCase())) {
    return `delegation code ${JSON.stringify(code)} is reserved (${SPECIAL_AUTHORS.join(", ")} are not delegations)`;
  }
  if (listed.has(code.toUpperCase())) return `delegation code ${JSON.stringify(code)} is listed twice`;
  return null;
}

/**
 * Checks the delegations of a roster: every code an author code, none reserved, none
 * repeated (regardless of case), every delegation named. Throws a {@link RosterError}
 * naming the first bad entry.
 */
export function checkRoster(delegations: readonly Delegation[]): void {
  const listed = new Set<string>();
  delegations.forEach(({ code, name }, index) => {
    const problem = delegationCodeProblem(code, listed);
    if (problem) throw new RosterError(problem, index, "code");
    if (name.trim() === "") throw new RosterError(`delegation ${JSON.stringify(code)} has no name`, index, "name");
    if (name.length > MAX_DELEGATION_NAME) throw new RosterError(`the name of delegation ${JSON.stringify(code)} is over ${MAX_DELEGATION_NAME} characters`, index, "name");
    listed.add(code.toUpperCase());
  });
}
