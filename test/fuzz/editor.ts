import { EditorState } from "prosemirror-state";
import type { Plugin, Transaction } from "prosemirror-state";
import * as Y from "yjs";
import {
  defaultDeleteFilter,
  defaultProtectedNodes,
  updateYFragment,
  yUndoPlugin,
  ySyncPlugin,
  ySyncPluginKey,
  yXmlFragmentToProseMirrorRootNode,
} from "y-prosemirror";
import { clauseLock } from "../../client/clause-lock.ts";
import { isOwnEdit } from "../../client/tracking-dispatch.ts";
import type { Role } from "../../shared/protocol.ts";
import { schema } from "../../shared/schema.ts";
import type { Author } from "../../shared/track/author.ts";
import { trackTransaction } from "../../shared/track/suggest.ts";
import { keepCleanupsOutOfUndo } from "../../shared/yjs/undo-steps.ts";

/**
 * A participant's editor without a browser: a ProseMirror EditorState over the
 * participant's Y.Doc, with the browser client's own pieces where they need no DOM
 * (client/editor.ts, client/tracking-dispatch.ts, client/clause-lock.ts):
 *
 * - "plugin" (default): y-prosemirror's real `ySyncPlugin` binding and `yUndoPlugin`,
 *   driven by a headless view (the plugin views get `update` after every dispatch, as
 *   EditorView does): remote Yjs changes re-render the ProseMirror doc through the
 *   binding's mapping, local changes go out through `updateYFragment` in one Y transaction;
 * - "rebuild": the minimal binding, as server/test-peer.ts does it: remote changes rebuild the
 *   ProseMirror doc with `yXmlFragmentToProseMirrorRootNode`, local changes are written with
 *   `updateYFragment` (fresh mapping) inside one Y transaction.
 *
 * Every dispatched transaction goes through the client's tracking dispatch: one's own
 * edits are rewritten by `trackTransaction` as `author()` (null: tracking off, the chair
 * only), and the clause lock filters edits of agreed clauses for everyone but the chair.
 */

export type BindingMode = "plugin" | "rebuild";

/** The origin of the Y transactions the "rebuild" binding writes. */
const LOCAL = Symbol("local edit");

interface PluginView {
  update?: (view: HeadlessView, prevState: EditorState) => void;
  destroy?: () => void;
}

/** What y-prosemirror's plugins use of an EditorView. */
export class HeadlessView {
  state: EditorState;
  private readonly views: PluginView[] = [];
  private destroyed = false;

  constructor(
    state: EditorState,
    private readonly rewrite: (state: EditorState, tr: Transaction) => Transaction,
    private readonly after: (view: HeadlessView, prev: EditorState) => void = () => undefined,
  ) {
    this.state = state;
    for (const plugin of state.plugins) {
      const make = (plugin.spec as { view?: (view: HeadlessView) => PluginView }).view;
      if (make) this.views.push(make(this));
    }
  }

  dispatch(tr: Transaction): void {
    if (this.destroyed) return;
    const prev = this.state;
    this.state = prev.apply(this.rewrite(prev, tr));
    // EditorView.updateState tells every plugin view, even when a filter kept the state.
    for (const view of this.views) view.update?.(this, prev);
    this.after(this, prev);
  }

  hasFocus(): boolean {
    return false;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const view of this.views) view.destroy?.();
  }
}

/** One participant's editor over one Y.Doc. */
export interface Editor {
  readonly view: HeadlessView;
  readonly undoManager: Y.UndoManager;
  destroy(): void;
}

export interface EditorOptions {
  role: Role;
  /** Whom one's own edits are tracked as; null: not tracked (the chair with "Track my edits" off). */
  author: () => Author | null;
  /** Called when the clause lock stops an edit. */
  locked: () => void;
  mode: BindingMode;
}

/** Binds an editor to the `body` of `doc` (already synced). */
export function bindEditor(doc: Y.Doc, options: EditorOptions): Editor {
  const fragment = doc.getXmlFragment("body");
  const rewrite = (state: EditorState, tr: Transaction): Transaction => {
    const by = isOwnEdit(tr) ? options.author() : null;
    return by ? trackTransaction(state, tr, by) : tr;
  };
  const lock = clauseLock(options.role, options.locked);
  // Undo steps are not merged by time (the browser merges keystrokes within 500 ms):
  // a time-based merge would make the run depend on the machine's speed.
  const undoOrigins = options.mode === "plugin" ? [ySyncPluginKey] : [LOCAL];
  const undoManager = new Y.UndoManager(fragment, {
    trackedOrigins: new Set<unknown>(undoOrigins),
    deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    captureTransaction: (tr) => tr.meta.get("addToHistory") !== false,
    captureTimeout: 0,
  });
  keepCleanupsOutOfUndo(undoManager);
  const start = yXmlFragmentToProseMirrorRootNode(fragment, schema);
  if (options.mode === "plugin") {
    const plugins: Plugin[] = [ySyncPlugin(fragment), yUndoPlugin({ undoManager }), lock];
    const view = new HeadlessView(EditorState.create({ schema, doc: start, plugins }), rewrite);
    return {
      view,
      undoManager,
      destroy: () => {
        view.destroy();
        undoManager.destroy();
      },
    };
  }
  // The minimal binding.
  let applyingRemote = false;
  const view = new HeadlessView(EditorState.create({ schema, doc: start, plugins: [lock] }), rewrite, (v, prev) => {
    if (applyingRemote || v.state.doc.eq(prev.doc)) return;
    doc.transact(() => updateYFragment(doc, fragment, v.state.doc, { mapping: new Map(), isOMark: new Map() }), LOCAL);
  });
  const observer = (_events: unknown, transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL) return;
    const next = yXmlFragmentToProseMirrorRootNode(fragment, schema);
    const state = view.state;
    const tr = state.tr.replaceWith(0, state.doc.content.size, next.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }).setMeta("addToHistory", false);
    applyingRemote = true;
    try {
      view.dispatch(tr);
    } finally {
      applyingRemote = false;
    }
  };
  fragment.observeDeep(observer);
  return {
    view,
    undoManager,
    destroy: () => {
      fragment.unobserveDeep(observer);
      view.destroy();
      undoManager.destroy();
    },
  };
}
