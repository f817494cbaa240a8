import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import type { EditorView } from "prosemirror-view";
import type { Transaction } from "prosemirror-state";
import type { Participant } from "./api.ts";
import type { Attribution } from "./attribution.ts";
import type { NoticeKind } from "./room-notice.ts";
import type { ChangeList } from "../shared/track/changes.ts";

/**
 * What the parts of the session page share: the draft's editor, the session's Y.Doc, who we are,
 * whom we type as, a way to tell the participant something, and a signal after every new state
 * (local or remote) for the panels to follow the text.
 */
export interface Room {
  view: EditorView;
  ydoc: Y.Doc;
  /** Presence: carets, who has the floor, the chair's projector pin (see floor.ts). */
  awareness: Awareness;
  me: Participant;
  roster: readonly Participant[];
  attribution: Attribution;
  notify: (text: string, kind?: NoticeKind) => void;
  /** Calls `listener` after every applied transaction (with it); returns the unsubscribe. */
  onUpdate: (listener: (tr: Transaction) => void) => () => void;
  /** The draft's tracked changes and brackets, kept up to date block by block (`changes.update(view.state.doc)`). */
  changes: ChangeList;
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
 * Runs `render` once the page is idle, at most `within` ms after the first call however many
 * come meanwhile: for panels beside the draft, which must follow it but not hold up the
 * keystroke's own frame (on a 300-page draft, drawing a panel entry in that frame cost a
 * compositor commit of about 20 ms in Chromium).
 */
export function whenIdle(render: () => void, within = 250): () => void {
  let queued = false;
  const run = () => {
    queued = false;
    render();
  };
  return () => {
    if (queued) return;
    queued = true;
    if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: within });
    else setTimeout(run, 16);
  };
}
