import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import type { Node as PMNode } from "prosemirror-model";
import { CURRENT, ModelError, readBody, readChild, typeOf } from "../shared/yjs/read.ts";
import type { ReadHooks } from "../shared/yjs/read.ts";
import { PAGE_STOPPED } from "./close-codes.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The browser's second wall (issue 9): the server accepts only valid drafts, but if
 * this page ever meets content it cannot build, y-prosemirror would "repair" it by
 * deleting it and send that deletion to everyone. Instead the page stops sending (the
 * provider is disconnected and unhooked from the doc before y-prosemirror's own observer
 * runs), says what it met, and leaves the shared draft alone.
 */

/** Reads the whole draft strictly; the error names the place if it cannot be read. */
export function checkWholeDraft(fragment: Y.XmlFragment): ModelError | null {
  const read = readDraft(fragment);
  return read instanceof ModelError ? read : null;
}

/** What y-prosemirror keeps of each Y type: the node it gave (an element) or its text nodes (a text). */
export type DraftMapping = Map<Y.AbstractType<any>, PMNode | PMNode[]>;

/**
 * Reads the whole draft strictly, once, into the document the editor starts from and
 * y-prosemirror's map of which Y type gave which node (so the binding does not build the
 * draft a second time); or the error naming the place if it cannot be read.
 */
export function readDraft(fragment: Y.XmlFragment): { doc: PMNode; mapping: DraftMapping } | ModelError {
  const mapping: DraftMapping = new Map();
  const hooks: ReadHooks = {
    block(item, node, pieces) {
      mapping.set(typeOf(item)!, node);
      for (const piece of pieces) {
        const type = typeOf(piece.item);
        if (type instanceof Y.XmlText) mapping.set(type, [...piece.nodes]);
        else if (type && piece.nodes[0]) mapping.set(type, piece.nodes[0]);
      }
    },
    group(element, node) {
      mapping.set(element, node);
    },
  };
  try {
    return { doc: readBody(fragment, CURRENT, hooks), mapping };
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
}

/**
 * Watches every change to the draft before any observer sees it (Yjs's
 * `beforeObserverCalls`, inside the transaction that brought it). On content it cannot
 * read: cuts the page off from the server, calls `detach` (which unhooks the editor from
 * the draft: y-prosemirror never meets the content, so it neither "repairs" it nor drops
 * the clause from the screen) and `onBroken`, once.
 */
export function guardDraft(fragment: Y.XmlFragment, provider: WebsocketProvider, detach: () => void, onBroken: (error: ModelError) => void): void {
  let broken = false;
  const doc = fragment.doc!;
  doc.on("beforeObserverCalls", (transaction: Y.Transaction) => {
    if (broken) return;
    const checked = new Set<Y.Item>();
    for (const type of transaction.changed.keys()) {
      if (!inside(type, fragment)) continue;
      const item = changedChildOf(type, fragment);
      if (item === null) {
        const error = checkWholeDraft(fragment);
        if (error) return stop(error);
        continue;
      }
      if (checked.has(item) || item.deleted) continue;
      checked.add(item);
      try {
        readChild(item, item.parent === fragment ? "body" : "group", CURRENT, strings.session.changedPart);
      } catch (error) {
        if (error instanceof ModelError) return stop(error);
        throw error;
      }
    }
  });
  function stop(error: ModelError): void {
    broken = true;
    cutOff(provider);
    detach();
    onBroken(error);
  }
}

/** Whether a type is the draft's body or lies in it. */
function inside(type: Y.AbstractType<any>, body: Y.XmlFragment): boolean {
  for (let t: Y.AbstractType<any> | null = type; t; t = (t._item?.parent as Y.AbstractType<any> | undefined) ?? null) if (t === body) return true;
  return false;
}

/**
 * The smallest part of the draft a change can be read in: the block it lies in (a clause
 * of a group, or a block of the body), or the group whose list of blocks changed; null for
 * the body itself. A keystroke reads one clause, not its whole group.
 */
function changedChildOf(type: Y.AbstractType<any>, body: Y.XmlFragment): Y.Item | null {
  for (let item = type._item; item !== null; ) {
    const parent = item.parent as Y.AbstractType<any>;
    if (parent === body) return item;
    if (parent instanceof Y.XmlElement && parent.nodeName === "clause_group" && parent._item?.parent === body) return item;
    item = parent._item;
  }
  return null;
}

/** Stops a provider for good: no reconnect, and the doc's updates no longer reach it. */
function cutOff(provider: WebsocketProvider): void {
  const handler = (provider as unknown as { _updateHandler?: (...args: unknown[]) => void })._updateHandler;
  if (handler) provider.doc.off("update", handler);
  provider.disconnect();
  // The connection status says so rather than "Reconnecting…".
  provider.emit("closed", [{ code: PAGE_STOPPED, reason: "" }, provider]);
}
