/**
 * Tokens travel in the URL fragment (`#t=<token>`) so they never reach a request line, a log or a Referer.
 * The page takes the token out of the fragment, keeps it in sessionStorage and removes the fragment.
 */

/** The sessionStorage key of a participant's token for one session (see CONTRACT). */
export function sessionTokenKey(sessionId: string): string {
  return `plenary:token:${sessionId}`;
}

/** The sessionStorage key of the admin token used by the new-session page. */
export const ADMIN_TOKEN_KEY = "plenary:admin-token";

/**
 * Reads `t` from the fragment (storing it under `storageKey` and removing the fragment from the
 * address bar), or falls back to the token stored earlier. Returns null when there is none.
 */
export function takeToken(storageKey: string): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fromFragment = fragment.get("t");
  if (fromFragment) {
    sessionStorage.setItem(storageKey, fromFragment);
    history.replaceState(history.state, "", location.pathname + location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(storageKey);
}

/** The token part of a join link (`...#t=<token>`), or null. */
export function tokenOfLink(link: string): string | null {
  const hash = link.split("#")[1] ?? "";
  return new URLSearchParams(hash).get("t");
}
