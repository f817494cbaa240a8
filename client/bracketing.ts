import { addBracket } from "../shared/track/bracket.ts";
import { anchorRange } from "./anchored-range.ts";
import { askBracketNote } from "./bracket-dialog.ts";
import type { Room } from "./room.ts";
import { strings } from "./ui-text/index.ts";

/**
 * Brackets the selected text (toolbar button and Ctrl+[): asks for an optional note, then marks the
 * text as not agreed, attributed to whom this participant types as. Says why when it cannot (no
 * text selected, or the bracket would cross another: brackets must nest).
 */
export async function bracketSelection(room: Room): Promise<void> {
  const { view, attribution } = room;
  if (view.state.selection.empty) {
    room.notify(strings.bracket.selectFirst, "info");
    return;
  }
  // The dialog takes the focus (and the browser may move the editor's selection when it comes
  // back), and others keep typing meanwhile: anchor the range to the text itself.
  const range = anchorRange(view, view.state.selection.from, view.state.selection.to);
  const note = await askBracketNote(view.state.doc.textBetween(view.state.selection.from, view.state.selection.to, " "));
  view.focus();
  if (note === null) return;
  const now = range.resolve();
  if (!now) return room.notify(strings.bracket.gone, "info");
  const { from, to } = now;
  const result = addBracket(view.state, from, to, { by: attribution.by, at: new Date().toISOString() }, note || null);
  if ("refused" in result) {
    room.notify(strings.bracket.cannot(result.refused), "refused");
    return;
  }
  const before = view.state.doc;
  view.dispatch(result);
  if (view.state.doc !== before) room.notify(strings.bracket.done(note, attribution.by), "ok");
}
