import { Plugin } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { yUndoPluginKey } from "y-prosemirror";
import { addBracket } from "../shared/track/bracket.ts";
import type { Author } from "../shared/track/author.ts";
import { schema } from "../shared/schema.ts";
import { isDocumentReference } from "../shared/dl/reference.ts";

/**
 * Square brackets typed by hand become a bracket, as the room means them: typing "]" after a "["
 * one typed earlier in the same block (one's own insertion, not yet in a bracket) puts the text
 * between in a bracket of one's own, and the two typed signs go. The typed "]" is its own undo
 * step first, so Ctrl+Z right after gives back the literal "[...]". A bracket made this way is
 * the chair's to agree or drop like any other. A document reference typed so ("[WGPL/6]") stays
 * as typed: it cites a document (shared/dl/reference.ts).
 */
export function typedBrackets(author: () => Author | null): Plugin {
  return new Plugin({
    props: {
      handleTextInput(view, from, to, text) {
        if (text !== "]" || from !== to) return false;
        const by = author();
        if (!by) return false;
        const open = openingSign(view.state, from, by.by);
        if (open === null || open + 1 >= from) return false;
        // "[WGPL/6]" cites a document, as the DL text reads it: the signs stay typed.
        if (isDocumentReference(view.state.doc.textBetween(open + 1, from))) return false;
        // The "]" as typed (its own undo step), then the bracket in place of the two signs.
        view.dispatch(view.state.tr.insertText("]", from, to));
        stopCapturing(view);
        convert(view, open, from, by);
        return true;
      },
    },
  });
}

/** The position of the nearest unmatched "[" before `pos` in its block, typed by `by` and in no bracket; null if none. */
export function openingSign(state: EditorState, pos: number, by: string): number | null {
  const $pos = state.doc.resolve(pos);
  const block = $pos.parent;
  const start = $pos.start();
  let depth = 0;
  // Walk the block's text backwards from the caret: a "]" closes a level, a "[" opens one.
  const pieces: { pos: number; ch: string; own: boolean; bracketed: boolean }[] = [];
  block.forEach((child, offset) => {
    if (!child.isText || start + offset >= pos) return;
    const own = child.marks.some((m) => m.type === schema.marks.insertion && m.attrs.by === by);
    const bracketed = child.marks.some((m) => m.type === schema.marks.bracket);
    const text = child.text!.slice(0, pos - (start + offset));
    for (let i = 0; i < text.length; i++) if (text[i] === "[" || text[i] === "]") pieces.push({ pos: start + offset + i, ch: text[i]!, own, bracketed });
  });
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!;
    if (piece.ch === "]") depth++;
    else if (depth > 0) depth--;
    else return piece.own && !piece.bracketed ? piece.pos : null;
  }
  return null;
}

/** Replaces the typed "[" at `open` and "]" at `close` by a bracket of `by` around the text between (unless it would cross another). */
function convert(view: EditorView, open: number, close: number, by: Author): void {
  const author = { by: by.by, at: new Date().toISOString() };
  if ("refused" in addBracket(view.state, open + 1, close, author)) return;
  // The closing sign first, so the opening one keeps its place; one's own typing goes for good.
  view.dispatch(view.state.tr.delete(close, close + 1).delete(open, open + 1));
  const result = addBracket(view.state, open, close - 1, author);
  if (!("refused" in result)) view.dispatch(result);
}

/** Ends the current undo step, so the next change is undone on its own. */
function stopCapturing(view: EditorView): void {
  const state = yUndoPluginKey.getState(view.state) as { undoManager?: { stopCapturing(): void } } | undefined;
  state?.undoManager?.stopCapturing();
}
