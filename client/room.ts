import type * as Y from "yjs";
import type { EditorView } from "prosemirror-view";
import type { Transaction } from "prosemirror-state";
import type { Participant } from "./api.ts";
import type { Attribution } from "./attribution.ts";
import type { NoticeKind } from "./room-notice.ts";

/**
 * What the parts of the session page share: the draft's editor, the session's Y.Doc, who we are,
 * whom we type as, a way to tell the participant something, and a signal after every new state
 * (local or remote) for the panels to follow the text.
 */
export interface Room {
  view: EditorView;
  ydoc: Y.Doc;
  me: Participant;
  roster: readonly Participant[];
  attribution: Attribution;
  notify: (text: string, kind?: NoticeKind) => void;
  /** Calls `listener` after every applied transaction (with it); returns the unsubscribe. */
  onUpdate: (listener: (tr: Transaction) => void) => () => void;
}

/** A set of listeners called after every editor update, for {@link Room.onUpdate}. */
export class UpdateSignal {
  private readonly listeners = new Set<(tr: Transaction) => void>();

  /** Adds a listener; returns the unsubscribe. */
  readonly on = (listener: (tr: Transaction) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Tells every listener. */
  emit(tr: Transaction): void {
    for (const listener of this.listeners) listener(tr);
  }
}

/**
 * Runs `render` at most once per animation frame however many updates arrive (a burst of remote
 * keystrokes re-renders a panel once).
 */
export function onceAFrame(render: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      render();
    });
  };
}
