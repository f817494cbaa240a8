import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Participant } from "./api.ts";
import { authorInfo, timeOfDay } from "./authors.ts";
import { textMoved } from "./text-edits.ts";
import { strings } from "./ui-text/index.ts";

/** The key of the plugin that shows whole-block changes. */
export const blockChangesKey = new PluginKey<DecorationSet>("blockChanges");

interface BlockChange {
  id: string;
  by: string;
  at: string | null;
}

/**
 * Shows a block a delegation added or proposes to delete as a whole (the `inserted` and `deleted`
 * block attrs): a rule down its left side in the proposer's colour and a small tag, "added by USA"
 * or "deletion proposed by RUS", so the room sees a whole new clause as clearly as a new word.
 */
export function blockChanges(roster: () => readonly Participant[]): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: blockChangesKey,
    state: {
      init: (_, state) => decorate(state, roster()),
      apply: (tr, old, _, state) => (!tr.docChanged ? old : textMoved(tr, old) ?? decorate(state, roster())),
    },
    props: { decorations: (state) => blockChangesKey.getState(state) },
  });
}

function decorate(state: EditorState, roster: readonly Participant[]): DecorationSet {
  const decorations: Decoration[] = [];
  state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const change = (node.attrs.deleted ?? node.attrs.inserted) as BlockChange | null;
    if (!change) return false;
    const kind = node.attrs.deleted ? "deleted" : "inserted";
    const who = authorInfo(roster, change.by);
    const words = kind === "deleted" ? strings.marks.deletionProposedBy(who.label) : strings.marks.addedBy(who.label);
    const when = timeOfDay(change.at);
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, { class: `block-${kind}`, "data-block-by": change.by, "data-change-id": change.id }),
      Decoration.widget(pos + 1, () => tag(kind, change.by, words, strings.marks.blockTitle(words, when, who.name)), {
        side: -1000,
        key: `${kind}:${change.id}:${change.by}`,
        marks: [],
        ignoreSelection: true,
      }),
    );
    return false;
  });
  return DecorationSet.create(state.doc, decorations);
}

function tag(kind: string, by: string, words: string, title: string): HTMLElement {
  const span = document.createElement("span");
  span.className = `block-tag block-tag-${kind}`;
  span.dataset.by = by;
  span.contentEditable = "false";
  span.title = title;
  span.textContent = words;
  return span;
}
