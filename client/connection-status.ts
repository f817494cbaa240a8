import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { closeReason } from "./close-codes.ts";
import { strings } from "./ui-text/index.ts";

/** The states the status line can show. */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "closed";

/**
 * Shows whether this page is live: connecting, connected, reconnecting or offline, with the number
 * of changes made here while not connected (they are kept in the Y.Doc and sent on reconnect), or
 * why the server closed the connection for good. The element carries `data-state` for tests and CSS.
 */
export function showConnectionStatus(element: HTMLElement, provider: WebsocketProvider, ydoc: Y.Doc): void {
  let unsent = 0;
  let everConnected = false;
  let closedBecause: string | null = null;

  const live = () => provider.wsconnected && provider.synced;
  const render = () => {
    const state = currentState();
    element.dataset.state = state;
    element.dataset.unsent = String(unsent);
    element.textContent = describe(state);
  };
  const currentState = (): ConnectionState => {
    if (closedBecause !== null) return "closed";
    if (live()) return "connected";
    if (!navigator.onLine) return "offline";
    return everConnected ? "reconnecting" : "connecting";
  };
  const describe = (state: ConnectionState): string => {
    const pending = strings.connection.unsent(unsent);
    switch (state) {
      case "connected":
        return strings.connection.connected;
      case "connecting":
        return strings.connection.connecting;
      case "reconnecting":
        return strings.connection.reconnecting(pending);
      case "offline":
        return strings.connection.offline(pending);
      case "closed":
        return strings.connection.disconnected(closedBecause ?? "", pending);
    }
  };

  ydoc.on("update", (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider && !live()) {
      unsent += 1;
      render();
    }
  });
  provider.on("sync", (synced: boolean) => {
    if (synced) {
      everConnected = true;
      unsent = 0;
    }
    render();
  });
  provider.on("status", render);
  provider.on("closed", ({ code }: { code: number }) => {
    closedBecause = closeReason(code);
    render();
  });
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  render();
}
