import { CloseCode } from "../shared/protocol.ts";

/** Not a server's code: this page cut itself off (client/model-guard.ts). */
export const PAGE_STOPPED = -1;

/**
 * Why the server closed the socket for good, in words a delegate can act on. Codes 4400–4499
 * are final: y-websocket stops reconnecting after them.
 */
export function closeReason(code: number): string {
  switch (code) {
    case PAGE_STOPPED:
      return "this page stopped sending (see the notice). Reload the page.";
    case CloseCode.Unauthorized:
      return "your link is no longer valid. Ask the secretariat for a new one.";
    case CloseCode.Forbidden:
      return "your role may not make this change. Reload the page.";
    case CloseCode.NotFound:
      return "this session does not exist any more.";
    case CloseCode.MessageTooLarge:
      return "a change was too large to send. Reload the page.";
    case CloseCode.Malformed:
      return "the server could not read a message from this page. Reload the page.";
    case CloseCode.Refused:
      return "the server refused a change. Reload the page.";
    default:
      return `the server closed the connection (code ${code}). Reload the page.`;
  }
}
