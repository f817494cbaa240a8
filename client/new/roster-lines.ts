import { delegationCodeProblem } from "../../shared/delegation.ts";
import { strings } from "../ui-text/index.ts";

/** A delegation as typed on the new-session form: "USA: United States". */
export interface DelegationLine {
  code: string;
  name: string;
}

/** A line of the roster that is not "CODE: Name", with its 1-based line number. */
export interface RosterLineError {
  line: number;
  message: string;
}

const LINE = /^([^\s:]+)\s*:\s*(\S.*)$/;

/**
 * Reads the pasted roster, one delegation a line ("USA: United States"); blank lines are skipped.
 * Codes are upper-cased; a repeated code or a line without "CODE: Name" is an error to show.
 */
export function parseRosterLines(text: string): { delegations: DelegationLine[]; errors: RosterLineError[] } {
  const delegations: DelegationLine[] = [];
  const errors: RosterLineError[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const match = LINE.exec(line);
    if (!match) {
      errors.push({ line: index + 1, message: strings.newSession.lineFormat(index + 1) });
      return;
    }
    const code = match[1]!.toUpperCase();
    const problem = delegationCodeProblem(code);
    if (problem) {
      errors.push({ line: index + 1, message: strings.newSession.lineProblem(index + 1, problem) });
      return;
    }
    if (seen.has(code)) {
      errors.push({ line: index + 1, message: strings.newSession.lineRepeated(index + 1, code) });
      return;
    }
    seen.add(code);
    delegations.push({ code, name: match[2]!.trim() });
  });
  return { delegations, errors };
}
