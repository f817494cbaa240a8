import { CloseCode } from "../shared/protocol.ts";
import { strings } from "./ui-text/index.ts";

/** Not a server's code: this page cut itself off (client/model-guard.ts). */
export const PAGE_STOPPED = -1;

/**
 * Why the server closed the socket for good, in words a delegate can act on. Codes 4400–4499
 * are final: y-websocket stops reconnecting after them.
 */
export function closeReason(code: number): string {
  switch (code) {
    case PAGE_STOPPED:
      return strings.connection.closed.pageStopped;
    case CloseCode.Unauthorized:
      return strings.connection.closed.unauthorized;
    case CloseCode.Forbidden:
      return strings.connection.closed.forbidden;
    case CloseCode.NotFound:
      return strings.connection.closed.notFound;
    case CloseCode.MessageTooLarge:
      return strings.connection.closed.tooLarge;
    case CloseCode.Malformed:
      return strings.connection.closed.malformed;
    case CloseCode.Refused:
      return strings.connection.closed.refused;
    default:
      return strings.connection.closed.other(code);
  }
}
