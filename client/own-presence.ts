import * as encoding from "lib0/encoding";
import { encodeAwarenessUpdate } from "y-protocols/awareness";
import type { WebsocketProvider } from "y-websocket";
import { MessageType } from "../shared/protocol.ts";

/**
 * Makes the provider send only this client's presence. Stock y-websocket re-sends every awareness
 * change it hears, including other participants' states the server just relayed; the server stamps
 * each state with the sender's identity, so an echo that slips past its ownership check would show
 * one delegation's caret under another's code. Sending our own state alone also saves N² traffic.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const { awareness, doc } = provider;
  awareness.off("update", provider._awarenessUpdateHandler);
  const handler = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    if (![...added, ...updated, ...removed].includes(doc.clientID)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [doc.clientID]));
    ws.send(encoding.toUint8Array(encoder));
  };
  awareness.on("update", handler);
  provider._awarenessUpdateHandler = handler;
}
