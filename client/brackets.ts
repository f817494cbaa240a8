import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../shared/schema.ts";
import { textMoved } from "./text-edits.ts";

/** The key of the plugin that draws square brackets around bracket marks. */
export const bracketSignsKey = new PluginKey<DecorationSet>("bracketSigns");

interface BracketRange {
  id: string;
  by: string;
  from: number;
  to: number;
}

/**
 * Shows text not agreed between square brackets, as on the printed draft. The brackets are
 * marks (they nest and span clauses, one id per bracket), so the signs are drawn as widgets at
 * the first and last position of each id rather than typed characters.
 */
export function bracketSigns(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: bracketSignsKey,
    state: {
      init: (_, state) => decorate(state),
      apply: (tr, old, _, state) => (!tr.docChanged ? old : textMoved(tr, old, schema.marks.bracket) ?? decorate(state)),
    },
    props: { decorations: (state) => bracketSignsKey.getState(state) },
  });
}

function decorate(state: EditorState): DecorationSet {
  const ranges = bracketRanges(state.doc);
  const widgets: Decoration[] = [];
  for (const range of ranges.values()) {
    // Wider brackets sit outside narrower ones that open or close at the same place.
    const width = range.to - range.from;
    widgets.push(Decoration.widget(range.from, sign("[", range), { side: -1 - width, key: `[${range.id}`, marks: [] }));
    widgets.push(Decoration.widget(range.to, sign("]", range), { side: 1 + width, key: `]${range.id}`, marks: [] }));
  }
  return DecorationSet.create(state.doc, widgets);
}

/** The extent of every bracket id in the document, from its first to its last bracketed character. */
export function bracketRanges(doc: PMNode): Map<string, BracketRange> {
  const ranges = new Map<string, BracketRange>();
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== "bracket") continue;
      const id = String(mark.attrs.id);
      const range = ranges.get(id);
      const end = pos + node.nodeSize;
      if (range) range.to = Math.max(range.to, end);
      else ranges.set(id, { id, by: String(mark.attrs.by), from: pos, to: end });
    }
    return false;
  });
  return ranges;
}

function sign(text: string, range: BracketRange): () => HTMLElement {
  return () => {
    const span = document.createElement("span");
    span.className = "bracket-sign";
    span.dataset.by = range.by;
    span.setAttribute("aria-hidden", "true");
    span.textContent = text;
    return span;
  };
}
