import { Plugin, PluginKey, TextSelection } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { ChangeList } from "../shared/track/changes.ts";

/** The key of the plugin that highlights the change picked in the changes panel. */
export const changeFocusKey = new PluginKey<Picked | null>("changeFocus");

interface Picked {
  id: string;
  from: number;
  to: number;
}

/**
 * Highlights the change the chair picked in the changes panel, so it stays visible while the
 * keyboard focus stays in the panel (the editor's own selection shows only when it has focus).
 * The change is followed by its id (a remote edit replaces the whole document in y-prosemirror,
 * so positions cannot be mapped) in the page's list of changes; the highlight goes when the
 * selection leaves it or it is decided.
 */
export function changeFocus(changes: ChangeList): Plugin<Picked | null> {
  return new Plugin<Picked | null>({
    key: changeFocusKey,
    state: {
      init: () => null,
      apply(tr, old, _, state) {
        const picked = tr.getMeta(changeFocusKey) as Picked | null | undefined;
        if (picked !== undefined) return picked;
        if (!old) return old;
        let now: Picked | null = old;
        if (tr.docChanged) {
          const entry = changes.at(state.doc, old.id);
          now = entry ? { id: old.id, from: entry.from, to: entry.to } : null;
        }
        if (now && tr.selectionSet && !tr.docChanged && (tr.selection.to < now.from || tr.selection.from > now.to)) return null;
        return now;
      },
    },
    props: {
      decorations(state: EditorState) {
        const picked = changeFocusKey.getState(state);
        return picked ? DecorationSet.create(state.doc, [Decoration.inline(picked.from, picked.to, { class: "change-current" })]) : null;
      },
    },
  });
}

/** Selects a change in the editor, highlights it and scrolls it to the middle of the screen. */
export function showChange(view: EditorView, change: Picked): void {
  const size = view.state.doc.content.size;
  const from = Math.max(0, Math.min(change.from, size));
  const to = Math.max(from, Math.min(change.to, size));
  const selection = TextSelection.between(view.state.doc.resolve(from), view.state.doc.resolve(to));
  view.dispatch(view.state.tr.setSelection(selection).setMeta(changeFocusKey, { id: change.id, from, to }));
  const { node } = view.domAtPos(from);
  const element = node instanceof HTMLElement ? node : node.parentElement;
  if (element) scrollToMiddle(element);
}

/**
 * Brings `element` to the middle of the screen. Parts of a long draft off screen are not laid
 * out (styles.css, `content-visibility`) and stand at an estimated height until they are, so
 * a jump far down lands near its target, the parts around it get their real heights, and the
 * target moves: the jump is repeated, a frame apart, until it stays (a few times at most).
 */
export function scrollToMiddle(element: Element, tries = 8): void {
  element.scrollIntoView({ block: "center" });
  if (tries <= 1) return;
  requestAnimationFrame(() => {
    const rect = element.getBoundingClientRect();
    const off = Math.abs((rect.top + rect.bottom) / 2 - window.innerHeight / 2);
    if (off > Math.max(rect.height / 2, 24)) scrollToMiddle(element, tries - 1);
  });
}
