import type { Transaction } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { ySyncPluginKey } from "y-prosemirror";
import { trackTransaction } from "../shared/track/suggest.ts";
import { isUntracked } from "../shared/track/decide.ts";
import type { Author } from "../shared/track/author.ts";
import type { KeepPastedInsertion } from "../shared/track/suggest.ts";

/**
 * Whether a transaction is the participant's own editing, to be tracked: it changes the document,
 * did not come through Yjs (remote edits, and undo/redo, which y-prosemirror replays from the
 * Y.Doc), is not a chair's decision (which settles changes rather than proposing them) and does
 * not already carry its author (a bracket, a renumbering).
 */
export function isOwnEdit(tr: Transaction): boolean {
  return tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined && !isUntracked(tr);
}

/**
 * The editor's dispatchTransaction: the participant's own edits are rewritten into tracked changes
 * by `author()` (null = not tracked) before they are applied; `after` hears every applied state;
 * `keepPasted` says which pasted insertions stay their authors' (client/clipboard.ts wordPasteAuthors).
 */
export function trackingDispatch(author: () => Author | null, after: (view: EditorView, tr: Transaction) => void, keepPasted?: KeepPastedInsertion): (this: EditorView, tr: Transaction) => void {
  return function dispatch(this: EditorView, tr: Transaction): void {
    const by = isOwnEdit(tr) ? author() : null;
    const final = by ? trackTransaction(this.state, tr, by, keepPasted) : tr;
    this.updateState(this.state.apply(final));
    after(this, final);
  };
}
