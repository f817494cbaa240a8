/**
 * Join links this browser tab has seen (just created on /new, or reissued on the manage page).
 * The server stores only token hashes, so a link can be shown again only where the tab kept it.
 * Links are keyed by {@link seatOf}: the delegation code, or the role for chair, secretariat, observer.
 */

function key(sessionId: string): string {
  return `plenary:links:${sessionId}`;
}

/** The seat of a participant in a session: its delegation code, else its role (one of each). */
export function seatOf(participant: { code: string | null; role: string }): string {
  return participant.code ?? participant.role;
}

/** The known links of a session, by seat. */
export function knownLinks(sessionId: string): Map<string, string> {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key(sessionId)) ?? "{}") as Record<string, unknown>;
    return new Map(Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return new Map();
  }
}

/** Remembers (or, with null, forgets) the link of one seat. */
export function rememberLink(sessionId: string, seat: string, link: string | null): void {
  const links = knownLinks(sessionId);
  if (link === null) links.delete(seat);
  else links.set(seat, link);
  sessionStorage.setItem(key(sessionId), JSON.stringify(Object.fromEntries(links)));
}
