/** The session id of a session page path: `/s/<id>` or `/s/<id>/manage`; null elsewhere. */
export function sessionIdFromPath(pathname: string): string | null {
  const match = /^\/s\/([^/]+)(?:\/manage)?\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** The path of the links page of a session. */
export function managePath(sessionId: string): string {
  return `/s/${encodeURIComponent(sessionId)}/manage`;
}

/** The path of the editor page of a session. */
export function sessionPath(sessionId: string): string {
  return `/s/${encodeURIComponent(sessionId)}`;
}
