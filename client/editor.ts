import { EditorState } from "prosemirror-state";
import type { Plugin, Transaction } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import type { MarkViewConstructor } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { baseKeymap } from "prosemirror-commands";
import { ySyncPlugin, yCursorPlugin, yUndoPlugin, undo, redo, defaultDeleteFilter, defaultProtectedNodes, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import type { Node as PMNode } from "prosemirror-model";
import type { Awareness } from "y-protocols/awareness";
import { schema } from "../shared/schema.ts";
import { keepCleanupsOutOfUndo } from "../shared/yjs/undo-steps.ts";
import { draftLanguage } from "../shared/meta.ts";
import { delegationCursor, delegationSelection } from "./cursor.ts";
import { bracketNoteAtCaret, bracketSigns } from "./brackets.ts";
import { copiedHtmlSerializer, copiedText, pastedText, withoutCopiedSigns } from "./clipboard.ts";
import { strings } from "./ui-text/index.ts";

/** What the editor of a live session needs. */
export interface DraftEditorOptions {
  /** Where the document is drawn. */
  mount: HTMLElement;
  /** The session's `body` fragment. */
  fragment: Y.XmlFragment;
  /** The draft as read strictly (client/model-guard.ts `readDraft`): the document to start from, and which Y type gave which node. */
  initial: { doc: PMNode; mapping: Map<Y.AbstractType<any>, PMNode | PMNode[]> };
  /** The provider's awareness, for the other participants' cursors. */
  awareness: Awareness;
  /** False for the observer (the projector): the text is shown, never changed. */
  editable: boolean;
  /** More plugins (tracking, locks, decorations), after the Yjs ones. */
  plugins?: Plugin[];
  /** Replaces ProseMirror's dispatch (the tracking of one's own edits hooks in here). */
  dispatchTransaction?: (this: EditorView, tr: Transaction) => void;
  /** Custom drawing of marks (insertions, deletions with their proposer on hover). */
  markViews?: Record<string, MarkViewConstructor>;
}

/**
 * Undo and redo of one's own edits: y-prosemirror's own UndoManager (its yUndoPlugin's
 * defaults), whose steps leave out the formatting clean-ups that changed no marks
 * (shared/yjs/undo-steps.ts): undoing them could bring back another's mark on words.
 */
function draftUndoManager(fragment: Y.XmlFragment): Y.UndoManager {
  const undoManager = new Y.UndoManager(fragment, {
    trackedOrigins: new Set<unknown>([ySyncPluginKey]),
    deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    captureTransaction: (tr) => tr.meta.get("addToHistory") !== false,
  });
  keepCleanupsOutOfUndo(undoManager);
  return undoManager;
}

/**
 * The draft on screen, bound to the session's Y.Doc. Undo (Mod-Z) and redo (Mod-Y, Shift-Mod-Z)
 * go through Yjs's UndoManager, which tracks only this client's transactions: a delegation never
 * undoes another delegation's words.
 */
export function createDraftEditor(options: DraftEditorOptions): EditorView {
  // Start from the draft's content so the first selection lands in text (an empty doc has
  // none), and hand y-prosemirror the nodes it was read into: without them it builds the whole
  // draft a second time on mount, and the view, which keeps the first nodes, then compares every
  // block of the draft deeply on each keystroke (about 10 ms a key at 300 pages).
  const { doc, mapping } = options.initial;
  const plugins = [
    ySyncPlugin(options.fragment, { mapping }),
    yCursorPlugin(options.awareness, { cursorBuilder: delegationCursor, selectionBuilder: delegationSelection }),
    yUndoPlugin({ undoManager: draftUndoManager(options.fragment) }),
    keymap({ "Mod-z": undo, "Mod-y": redo, "Mod-Shift-z": redo }),
    keymap(baseKeymap),
    bracketSigns(),
    bracketNoteAtCaret(),
    ...(options.plugins ?? []),
  ];
  const state = EditorState.create({ schema, doc, plugins });
  return new EditorView(options.mount, {
    state,
    editable: () => options.editable,
    // A copy keeps brackets and proposals (client/clipboard.ts).
    clipboardTextSerializer: copiedText,
    clipboardSerializer: copiedHtmlSerializer(),
    clipboardTextParser: pastedText,
    transformPastedHTML: withoutCopiedSigns,
    ...(options.dispatchTransaction ? { dispatchTransaction: options.dispatchTransaction } : {}),
    ...(options.markViews ? { markViews: options.markViews } : {}),
    attributes: (state) => {
      const language = draftLanguage(state.doc);
      return {
        lang: language.tag,
        // An Arabic draft is right to left; the interface around it stays English, left to right.
        dir: language.dir,
        class: "document",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": options.editable ? strings.session.draftText : strings.session.draftTextReadOnly,
        "aria-readonly": String(!options.editable),
        spellcheck: "false",
      };
    },
  });
}
