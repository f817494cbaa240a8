import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../shared/schema.ts";
import { textMoved } from "./text-edits.ts";
import { strings } from "./ui-text/index.ts";

/** The key of the plugin that draws square brackets around bracket marks. */
export const bracketSignsKey = new PluginKey<DecorationSet>("bracketSigns");

interface BracketRange {
  id: string;
  by: string;
  note: string | null;
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
      else ranges.set(id, { id, by: String(mark.attrs.by), note: (mark.attrs.note as string | null) ?? null, from: pos, to: end });
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
    if (range.note) {
      span.dataset.note = range.note;
      span.title = strings.bracket.note(range.note);
    }
    return span;
  };
}

/** The key of the plugin that shows the note of the bracket the caret is in. */
const bracketNoteKey = new PluginKey<DecorationSet>("bracketNote");

/**
 * A bracket's note ("pending decision of COM5") shown beside its closing sign while the caret is
 * in the bracket, so a keyboard user reads it as a mouse user does on hover (the signs' title).
 */
export function bracketNoteAtCaret(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: bracketNoteKey,
    state: {
      init: (_, state) => noteAt(state),
      apply: (tr, old, _, state) => (tr.docChanged || tr.selectionSet ? noteAt(state) : old),
    },
    props: { decorations: (state) => bracketNoteKey.getState(state) },
  });
}

function noteAt(state: EditorState): DecorationSet {
  const { $from, from, to } = state.selection;
  // The innermost bracket with a note around the selection, read from the marks at the caret.
  const marks = [...(state.storedMarks ?? $from.marks()), ...($from.nodeAfter?.marks ?? [])].filter((m) => m.type === schema.marks.bracket && m.attrs.note);
  if (marks.length === 0) return DecorationSet.empty;
  const id = String(marks[marks.length - 1]!.attrs.id);
  // Only the block at the caret is read: a bracket's note shows at its end within that block.
  const block = $from.parent;
  const start = $from.start();
  let end = -1;
  let note = "";
  let by = "";
  block.forEach((child, offset) => {
    const mark = child.marks.find((m) => m.type === schema.marks.bracket && String(m.attrs.id) === id);
    if (mark) {
      end = start + offset + child.nodeSize;
      note = String(mark.attrs.note);
      by = String(mark.attrs.by);
    }
  });
  if (end < 0 || to > end + 1 || from < start) return DecorationSet.empty;
  const pop = () => {
    const element = document.createElement("span");
    element.className = "bracket-note-pop";
    element.dataset.by = by;
    element.setAttribute("role", "note");
    element.setAttribute("aria-label", strings.bracket.note(note));
    // Drawn by CSS from the attribute: it is no text of the draft (not read, copied or found).
    element.dataset.note = note;
    return element;
  };
  return DecorationSet.create(state.doc, [Decoration.widget(end, pop, { side: 10_000, key: `note:${id}:${note}`, marks: [] })]);
}
