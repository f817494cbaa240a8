import type { WebsocketProvider } from "y-websocket";
import type * as decoding from "lib0/decoding";
import { MessageType } from "../shared/protocol.ts";
import { readRefused } from "../shared/refusal.ts";
import { strings } from "./ui-text/index.ts";

/**
 * When the server refuses one of our updates (issue 5), our Y.Doc holds changes nobody
 * else has, and later updates would build on them. Recovery: keep why, drop this Y.Doc
 * and start again from the server's state, which a reload of the page does cleanly
 * (the token is kept for the tab). The reason is shown once the page is back.
 */

const REFUSED_KEY = "plenary:refused";

/** Installs the Refused handler on a provider: keeps the reason, stops syncing, reloads. */
export function recoverOnRefusal(provider: WebsocketProvider, notify: (text: string) => void): void {
  provider.messageHandlers[MessageType.Refused] = (_encoder: unknown, decoder: decoding.Decoder) => {
    let reason: string = strings.refusal.unknownReason;
    try {
      reason = readRefused(decoder).reason;
    } catch {
      // A malformed refusal still means the update was not taken.
    }
    const text = strings.refusal.noticed(reason);
    sessionStorage.setItem(REFUSED_KEY, text);
    notify(text);
    provider.disconnect();
    location.reload();
  };
}

/** The refusal that caused the last reload, said once. */
export function showPendingRefusal(notify: (text: string) => void): void {
  const text = sessionStorage.getItem(REFUSED_KEY);
  if (!text) return;
  sessionStorage.removeItem(REFUSED_KEY);
  notify(text);
}
