import type { EditorView } from "prosemirror-view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import type * as Y from "yjs";

/** A range of the draft that survives other participants' edits: read it back with `resolve()`. */
export interface AnchoredRange {
  resolve(): { from: number; to: number } | null;
}

interface SyncState {
  type: Y.XmlFragment;
  doc: Y.Doc;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> };
}

/**
 * Anchors `from`..`to` to the Y.Doc (Yjs relative positions). ProseMirror position mapping cannot
 * follow a remote edit here: y-prosemirror 1.x applies one as a replacement of the whole document,
 * which collapses every mapped position. Relative positions stay on the same characters.
 */
export function anchorRange(view: EditorView, from: number, to: number): AnchoredRange {
  const sync = ySyncPluginKey.getState(view.state) as SyncState | undefined;
  if (!sync?.binding) return { resolve: () => ({ from, to }) };
  const mapping = sync.binding.mapping as never;
  const start = absolutePositionToRelativePosition(from, sync.type, mapping);
  const end = absolutePositionToRelativePosition(to, sync.type, mapping);
  return {
    resolve() {
      const now = ySyncPluginKey.getState(view.state) as SyncState | undefined;
      if (!now?.binding) return null;
      const a = relativePositionToAbsolutePosition(now.doc, now.type, start, now.binding.mapping as never);
      const b = relativePositionToAbsolutePosition(now.doc, now.type, end, now.binding.mapping as never);
      return a === null || b === null || b <= a ? null : { from: a, to: b };
    },
  };
}
