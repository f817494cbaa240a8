/**
 * The mapping the secretariat is offered for a Word file's authors, before it confirms it:
 * each Word author name with the delegation it most likely stands for. Word authors are
 * people ("Jane Smith") as often as delegations ("USA", "Delegation of France"), so a name is
 * matched to a delegation only when it says the delegation's code or name; a mapping the
 * secretariat confirmed earlier for the same name is proposed first. Anything else is left
 * for the secretariat to pick (null), never guessed.
 */

/** A delegation of the session, as the roster names it. */
export interface RosterDelegation {
  code: string;
  name: string;
}

/** Author name -> delegation code (or null: none proposed) for each author, in the order given. */
export function proposeAuthorMapping(authors: readonly string[], delegations: readonly RosterDelegation[], remembered: Readonly<Record<string, string>> = {}): Record<string, string | null> {
  const codes = new Set(delegations.map((d) => d.code));
  const proposal: Record<string, string | null> = {};
  for (const author of authors) {
    const kept = remembered[author] ?? remembered[looseName(author)];
    proposal[author] = kept && codes.has(kept) ? kept : delegationNamedBy(author, delegations);
  }
  return proposal;
}

/** The delegation an author name says: its code as a word in capitals ("USA", "Jane Smith (USA)") or its whole name ("Delegation of France"). */
function delegationNamedBy(author: string, delegations: readonly RosterDelegation[]): string | null {
  // A code counts as written in capitals, as a word; a one-letter code ("F", "E") only as the whole name, not an initial.
  const asWritten = author.trim().split(/[^\p{L}\p{N}_-]+/u).filter(Boolean);
  const byCode = delegations.filter((d) => (d.code.length > 1 ? asWritten.includes(d.code) : author.trim() === d.code));
  const words = looseName(author).split(/[^\p{L}\p{N}_-]+/u).filter(Boolean);
  if (byCode.length === 1) return byCode[0]!.code;
  const name = ` ${words.join(" ")} `;
  const byName = delegations.filter((d) => {
    const own = looseName(d.name).split(/[^\p{L}\p{N}_-]+/u).filter(Boolean).join(" ");
    return own.length >= 3 && name.includes(` ${own} `);
  });
  return byName.length === 1 ? byName[0]!.code : null;
}

/** A name compared regardless of case, accents' composition and spacing. */
export function looseName(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}
