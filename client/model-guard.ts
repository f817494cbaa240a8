import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { CURRENT, ModelError, readBody, readChild } from "../shared/yjs/read.ts";

/**
 * The browser's second wall (issue 9): the server accepts only valid drafts, but if
 * this page ever meets content it cannot build, y-prosemirror would "repair" it by
 * deleting it and send that deletion to everyone. Instead the page stops sending (the
 * provider is disconnected and unhooked from the doc before y-prosemirror's own observer
 * runs), says what it met, and leaves the shared draft alone.
 */

/** Reads the whole draft strictly; the error names the place if it cannot be read. */
export function checkWholeDraft(fragment: Y.XmlFragment): ModelError | null {
  try {
    readBody(fragment);
    return null;
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
}

/**
 * Watches every change to the draft, before the editor sees it (install it before the
 * editor is created, so this observer runs first). On content it cannot read: cuts the
 * page off from the server and calls `onBroken` once.
 */
export function guardDraft(fragment: Y.XmlFragment, provider: WebsocketProvider, onBroken: (error: ModelError) => void): void {
  let broken = false;
  fragment.observeDeep((events) => {
    if (broken) return;
    const checked = new Set<Y.Item>();
    for (const event of events) {
      const item = bodyChildOf(event.target, fragment);
      if (item === null) {
        const error = checkWholeDraft(fragment);
        if (error) return stop(error);
        continue;
      }
      if (checked.has(item) || item.deleted) continue;
      checked.add(item);
      try {
        readChild(item, "body", CURRENT, "the changed part of the draft");
      } catch (error) {
        if (error instanceof ModelError) return stop(error);
        throw error;
      }
    }
  });
  function stop(error: ModelError): void {
    broken = true;
    cutOff(provider);
    onBroken(error);
  }
}

/** The child of the body a changed type lies in, or null for the body itself. */
function bodyChildOf(type: Y.AbstractType<any>, body: Y.XmlFragment): Y.Item | null {
  let item = type._item;
  while (item !== null && item.parent !== body) item = (item.parent as Y.AbstractType<any>)._item;
  return item;
}

/** Stops a provider for good: no reconnect, and the doc's updates no longer reach it. */
function cutOff(provider: WebsocketProvider): void {
  const handler = (provider as unknown as { _updateHandler?: (...args: unknown[]) => void })._updateHandler;
  if (handler) provider.doc.off("update", handler);
  provider.disconnect();
}
