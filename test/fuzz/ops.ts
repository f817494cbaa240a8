import { baseKeymap } from "prosemirror-commands";
import { Slice } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { Command, EditorState, Transaction } from "prosemirror-state";
import type * as Y from "yjs";
import { caretPlace, clauseName } from "../../client/caret-place.ts";
import type { ClauseStatus } from "../../shared/schema.ts";
import { addBracket, agreeBracket, alternativesOf, dropBracket, pickAlternative } from "../../shared/track/bracket.ts";
import { acceptChange, changeIds, decideChanges, rejectChange } from "../../shared/track/decide.ts";
import type { ChangeFilter, Verdict } from "../../shared/track/decide.ts";
import { DECISIONS_ARRAY } from "../../shared/track/decision.ts";
import type { Decision, DecisionAction } from "../../shared/track/decision.ts";
import { renumberGroup } from "../../shared/track/renumber.ts";
import { bracketSpans } from "../../shared/track/spans.ts";
import { setClauseStatus } from "../../shared/track/status.ts";
import type { FuzzPeer } from "./peer.ts";
import type { Random } from "./random.ts";

/**
 * The honest operations of a fuzz run, each what a participant does in the browser,
 * through the project's own functions: typing, pasting, deleting, Backspace, Delete and
 * Enter go through the editor's tracking dispatch (`trackTransaction`, suggestion mode);
 * brackets through `addBracket`; the chair's decisions through decide.ts, bracket.ts,
 * status.ts and renumber.ts, each dispatched as one transaction and then logged in the
 * `decisions` array as client/decisions.ts does. Ctrl+Z is Yjs's UndoManager, as in the
 * browser. Every operation is synchronous.
 */

/** What an operation did. */
export interface OpOutcome {
  kind: string;
  detail: string;
  /** Whether the document changed (false: nothing to do, or the editor prevented it). */
  changed: boolean;
}

export interface OpContext {
  peer: FuzzPeer;
  rnd: Random;
  /** ISO time of this operation (the run's virtual clock). */
  now: string;
  /** Index of the text block the room is discussing. */
  focus: number;
  /** Weights of the operations (a weight of 0 turns one off). */
  weights: OpWeights;
}

export const PROPOSER_OPS = ["type", "typeOver", "paste", "pasteBlocks", "deleteRange", "backspace", "deleteKey", "enter", "bracket", "undo", "typingFor"] as const;
export const CHAIR_OPS = [
  "accept",
  "reject",
  "acceptAuthor",
  "rejectAuthor",
  "acceptClause",
  "rejectClause",
  "acceptSelection",
  "rejectSelection",
  "acceptAll",
  "rejectAll",
  "agreeBracket",
  "dropBracket",
  "pickAlternative",
  "status",
  "reopen",
  "renumber",
  "chairEdit",
  "chairEditUntracked",
  "chairUndo",
] as const;
export type ProposerOp = (typeof PROPOSER_OPS)[number];
export type ChairOp = (typeof CHAIR_OPS)[number];
export type OpWeights = { proposer: Record<ProposerOp, number>; chair: Record<ChairOp, number> };

export const DEFAULT_WEIGHTS: OpWeights = {
  proposer: { type: 30, typeOver: 4, paste: 5, pasteBlocks: 3, deleteRange: 15, backspace: 10, deleteKey: 4, enter: 7, bracket: 8, undo: 3, typingFor: 0 },
  chair: {
    accept: 14,
    reject: 12,
    acceptAuthor: 1.5,
    rejectAuthor: 1.5,
    acceptClause: 3,
    rejectClause: 2,
    acceptSelection: 1,
    rejectSelection: 1,
    acceptAll: 0.15,
    rejectAll: 0.15,
    agreeBracket: 5,
    dropBracket: 3,
    pickAlternative: 1,
    status: 6,
    reopen: 3,
    renumber: 2,
    chairEdit: 8,
    chairEditUntracked: 2,
    chairUndo: 2,
  },
};

const WORDS = ["firmly ", "a", "e", "UNESCO", "; and", "2015", " the Union", "ICTs ", "Member States", "(pending)", "—", "ø", "[", "]", "~", "*", "shall ", " ", "s"];
const PHRASES = [
  "to continue to facilitate the implementation of the WSIS action lines",
  "within existing resources, ",
  "in close collaboration with the other United Nations agencies concerned",
  "Option 1: invite / Option 2: instruct",
];

/** A text block and where it starts. */
export interface Block {
  node: PMNode;
  pos: number;
}

/** The document's text blocks in order. */
export function textBlocks(doc: PMNode): Block[] {
  const blocks: Block[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      blocks.push({ node, pos });
      return false;
    }
    return true;
  });
  return blocks;
}

/** A block near the room's focus (mostly), or anywhere. */
function pickBlock(ctx: OpContext, blocks: Block[]): Block {
  if (ctx.rnd.chance(0.75)) {
    const i = Math.max(0, Math.min(blocks.length - 1, ctx.focus + ctx.rnd.between(-3, 3)));
    return blocks[i]!;
  }
  return ctx.rnd.pick(blocks);
}

/** A caret position inside a block near the focus. */
function pickCaret(ctx: OpContext, doc: PMNode): { pos: number; block: Block } {
  const blocks = textBlocks(doc);
  const block = pickBlock(ctx, blocks);
  return { pos: block.pos + 1 + ctx.rnd.int(block.node.content.size + 1), block };
}

/** A range starting near the focus: mostly inside one block, sometimes across a few. */
function pickRange(ctx: OpContext, doc: PMNode): { from: number; to: number } {
  const blocks = textBlocks(doc);
  const start = pickBlock(ctx, blocks);
  const from = start.pos + 1 + ctx.rnd.int(start.node.content.size + 1);
  const roll = ctx.rnd.float();
  let to: number;
  if (roll < 0.7) to = Math.min(start.pos + 1 + start.node.content.size, from + ctx.rnd.between(1, 15));
  else if (roll < 0.9) to = Math.min(doc.content.size, from + ctx.rnd.between(5, 60));
  else {
    const index = blocks.indexOf(start);
    const end = blocks[Math.min(blocks.length - 1, index + ctx.rnd.between(1, 3))]!;
    to = end.pos + 1 + ctx.rnd.int(end.node.content.size + 1);
  }
  return { from, to: Math.max(from, to) };
}

/** Where a position is, in words: "resolves 3 +12". */
export function where(state: EditorState, pos: number): string {
  const $pos = state.doc.resolve(Math.min(pos, state.doc.content.size));
  const block = $pos.parent;
  const selection = TextSelection.near($pos);
  const place = caretPlace(state.apply(state.tr.setSelection(selection)));
  const name = place.clause ? clauseName(place) : place.group ? `${place.group.heading} ¶` : block.type.name;
  return `${name} +${$pos.parentOffset}`;
}

function select(ctx: OpContext, from: number, to = from): void {
  const view = ctx.peer.editor!.view;
  const doc = view.state.doc;
  view.dispatch(view.state.tr.setSelection(TextSelection.between(doc.resolve(from), doc.resolve(to))));
}

/** Dispatches an edit; whether the document changed. */
function dispatch(ctx: OpContext, tr: Transaction | null): boolean {
  if (!tr) return false;
  const view = ctx.peer.editor!.view;
  const before = view.state.doc;
  view.dispatch(tr);
  return !view.state.doc.eq(before);
}

function runCommand(ctx: OpContext, command: Command): boolean {
  const view = ctx.peer.editor!.view;
  const before = view.state.doc;
  command(view.state, (tr) => view.dispatch(tr));
  return !view.state.doc.eq(before);
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return JSON.stringify(flat.length > 30 ? flat.slice(0, 29) + "…" : flat);
}

/** One operation of a delegation, the secretariat, or the chair editing (tracked or not). */
export function proposerOp(ctx: OpContext, op: ProposerOp): OpOutcome {
  const view = ctx.peer.editor!.view;
  const state = view.state;
  const doc = state.doc;
  switch (op) {
    case "typingFor": {
      return { kind: op, detail: ctx.peer.typingFor, changed: false };
    }
    case "type": {
      const { pos } = pickCaret(ctx, doc);
      const text = ctx.rnd.pick(WORDS);
      select(ctx, pos);
      const detail = `${quote(text)} at ${where(view.state, pos)}`;
      return { kind: op, detail, changed: dispatch(ctx, view.state.tr.insertText(text)) };
    }
    case "typeOver": {
      const { from, to } = pickRange(ctx, doc);
      const text = ctx.rnd.pick(WORDS);
      select(ctx, from, to);
      const detail = `${quote(text)} over ${quote(doc.textBetween(from, to, "¶"))} at ${where(state, from)}`;
      return { kind: op, detail, changed: dispatch(ctx, view.state.tr.insertText(text)) };
    }
    case "paste": {
      const { pos } = pickCaret(ctx, doc);
      const text = ctx.rnd.pick(PHRASES);
      select(ctx, pos);
      const detail = `${quote(text)} at ${where(view.state, pos)}`;
      return { kind: op, detail, changed: dispatch(ctx, view.state.tr.insertText(text).setMeta("paste", true).setMeta("uiEvent", "paste")) };
    }
    case "pasteBlocks": {
      // Copy a stretch of the draft that spans blocks, and paste it somewhere.
      const blocks = textBlocks(doc);
      const source = ctx.rnd.pick(blocks.slice(0, -1));
      const next = blocks[blocks.indexOf(source) + 1]!;
      const a = source.pos + 1 + ctx.rnd.int(source.node.content.size + 1);
      const b = next.pos + 1 + ctx.rnd.int(next.node.content.size + 1);
      const slice = doc.slice(a, b);
      const { pos } = pickCaret(ctx, doc);
      select(ctx, pos);
      const detail = `${slice.content.childCount} blocks ${quote(doc.textBetween(a, b, "¶"))} at ${where(view.state, pos)}`;
      if (slice.size === 0) return { kind: op, detail, changed: false };
      let tr: Transaction;
      try {
        tr = view.state.tr.replaceSelection(new Slice(slice.content, slice.openStart, slice.openEnd));
      } catch {
        return { kind: op, detail, changed: false };
      }
      return { kind: op, detail, changed: dispatch(ctx, tr.setMeta("paste", true).setMeta("uiEvent", "paste")) };
    }
    case "deleteRange": {
      const { from, to } = pickRange(ctx, doc);
      if (from === to) return { kind: op, detail: "empty selection", changed: false };
      select(ctx, from, to);
      const detail = `${quote(doc.textBetween(from, to, "¶"))} at ${where(state, from)}`;
      return { kind: op, detail, changed: runCommand(ctx, baseKeymap.Backspace!) };
    }
    case "backspace": {
      const { pos, block } = pickCaret(ctx, doc);
      select(ctx, pos);
      const detail = `at ${where(view.state, pos)}`;
      // In text, the browser deletes one character; at a block's start ProseMirror joins.
      if (pos > block.pos + 1) return { kind: op, detail: `${quote(doc.textBetween(pos - 1, pos, "", "⏎"))} ${detail}`, changed: dispatch(ctx, view.state.tr.delete(pos - 1, pos)) };
      return { kind: `${op}@start`, detail, changed: runCommand(ctx, baseKeymap.Backspace!) };
    }
    case "deleteKey": {
      const { pos, block } = pickCaret(ctx, doc);
      select(ctx, pos);
      const detail = `at ${where(view.state, pos)}`;
      const end = block.pos + 1 + block.node.content.size;
      if (pos < end) return { kind: op, detail: `${quote(doc.textBetween(pos, pos + 1, "", "⏎"))} ${detail}`, changed: dispatch(ctx, view.state.tr.delete(pos, pos + 1)) };
      return { kind: `${op}@end`, detail, changed: runCommand(ctx, baseKeymap.Delete!) };
    }
    case "enter": {
      const { pos } = pickCaret(ctx, doc);
      select(ctx, pos);
      return { kind: op, detail: `at ${where(view.state, pos)}`, changed: runCommand(ctx, baseKeymap.Enter!) };
    }
    case "bracket": {
      const { from, to } = pickRange(ctx, doc);
      const author = ctx.peer.author(ctx.now) ?? { by: "chair", at: ctx.now };
      const note = ctx.rnd.chance(0.2) ? "pending decision of COM5" : null;
      const detail = `${quote(doc.textBetween(from, to, "¶"))} at ${where(state, from)}`;
      if (from === to) return { kind: op, detail, changed: false };
      select(ctx, from, to);
      const result = addBracket(view.state, from, to, author, note);
      if ("refused" in result) return { kind: op, detail: `${detail} (editor: ${result.refused})`, changed: false };
      return { kind: op, detail, changed: dispatch(ctx, result) };
    }
    case "undo": {
      const manager = ctx.peer.editor!.undoManager;
      if (!manager.canUndo()) return { kind: op, detail: "nothing to undo", changed: false };
      const before = view.state.doc;
      manager.undo();
      return { kind: op, detail: `${manager.undoStack.length} left`, changed: !view.state.doc.eq(before) };
    }
  }
}

const DECISION_STEP = "plenary:decision";

/** Pushes a decision to the log, as client/decisions.ts does after a decision's transaction. */
function logDecision(ctx: OpContext, action: DecisionAction, target: string, text = "", count?: number): Decision {
  const decision: Decision = {
    id: `dec-${ctx.rnd.int(0xffffffff).toString(16).padStart(8, "0")}`,
    at: ctx.now,
    by: "chair",
    action,
    target,
    text,
    ...(count !== undefined ? { count } : {}),
  };
  ctx.peer.doc.getArray<Decision>(DECISIONS_ARRAY).push([decision]);
  return decision;
}

/** A decision: one transaction, its own undo step, then logged (client/decisions.ts `decide`). */
function decide(ctx: OpContext, kind: string, detail: string, tr: Transaction | null, action: DecisionAction, target: string, text = "", count?: number): OpOutcome {
  if (!tr || !tr.docChanged) return { kind, detail: `${detail} (nothing to decide)`, changed: false };
  const manager = ctx.peer.editor!.undoManager;
  manager.stopCapturing();
  const changed = dispatch(ctx, tr);
  manager.stopCapturing();
  if (!changed) return { kind, detail: `${detail} (could not be applied)`, changed };
  const decision = logDecision(ctx, action, target, text, count);
  manager.undoStack[manager.undoStack.length - 1]?.meta.set(DECISION_STEP, decision);
  return { kind, detail, changed };
}

/** Ids of changes near the focus (mostly) or anywhere. */
function pickChange(ctx: OpContext, doc: PMNode): string | null {
  const blocks = textBlocks(doc);
  if (ctx.rnd.chance(0.7)) {
    const a = blocks[Math.max(0, ctx.focus - 4)]!;
    const b = blocks[Math.min(blocks.length - 1, ctx.focus + 4)]!;
    const near = changeIds(doc, { from: a.pos, to: b.pos + b.node.nodeSize });
    if (near.length > 0) return ctx.rnd.pick(near);
  }
  const all = changeIds(doc);
  return all.length > 0 ? ctx.rnd.pick(all) : null;
}

function pickBracket(ctx: OpContext, doc: PMNode): string | null {
  const spans = bracketSpans(doc);
  if (spans.length === 0) return null;
  const blocks = textBlocks(doc);
  const focus = blocks[ctx.focus]!;
  const near = spans.filter((s) => Math.abs(s.from - focus.pos) < 600);
  return ctx.rnd.pick(near.length > 0 && ctx.rnd.chance(0.7) ? near : spans).id;
}

/** One operation of the chair. */
export function chairOp(ctx: OpContext, op: ChairOp, delegations: readonly string[]): OpOutcome {
  const view = ctx.peer.editor!.view;
  const doc = view.state.doc;
  switch (op) {
    case "accept":
    case "reject": {
      const id = pickChange(ctx, doc);
      if (!id) return { kind: op, detail: "no change", changed: false };
      const tr = op === "accept" ? acceptChange(view.state, id) : rejectChange(view.state, id);
      return decide(ctx, op, `${id} (${describeChange(doc, id)})`, tr, op, id);
    }
    case "acceptAuthor":
    case "rejectAuthor": {
      const by = ctx.rnd.pick([...delegations, "secretariat", "chair", "import"]);
      const verdict: Verdict = op === "acceptAuthor" ? "accept" : "reject";
      const filter: ChangeFilter = { by };
      const count = changeIds(doc, filter).length;
      return decide(ctx, op, `all of ${by} (${count})`, decideChanges(view.state, verdict, filter), verdict === "accept" ? "accept-all" : "reject-all", `all changes of ${by}`, "", count);
    }
    case "acceptClause":
    case "rejectClause":
    case "acceptSelection":
    case "rejectSelection": {
      const verdict: Verdict = op.startsWith("accept") ? "accept" : "reject";
      let filter: ChangeFilter;
      let words: string;
      if (op.endsWith("Clause")) {
        const { pos } = pickCaret(ctx, doc);
        select(ctx, pos);
        const place = caretPlace(view.state);
        if (!place.clause) return { kind: op, detail: "not in a clause", changed: false };
        filter = { from: place.clause.pos, to: place.clause.pos + place.clause.node.nodeSize };
        words = clauseName(place);
      } else {
        const { from, to } = pickRange(ctx, doc);
        if (from === to) return { kind: op, detail: "empty selection", changed: false };
        select(ctx, from, to);
        filter = { from, to };
        words = `the selection at ${where(view.state, from)}`;
      }
      const count = changeIds(doc, filter).length;
      return decide(ctx, op, `${words} (${count})`, decideChanges(view.state, verdict, filter), verdict === "accept" ? "accept-all" : "reject-all", words, "", count);
    }
    case "acceptAll":
    case "rejectAll": {
      const verdict: Verdict = op === "acceptAll" ? "accept" : "reject";
      const count = changeIds(doc).length;
      return decide(ctx, op, `${count} changes`, decideChanges(view.state, verdict, {}), verdict === "accept" ? "accept-all" : "reject-all", "all changes", "", count);
    }
    case "agreeBracket":
    case "dropBracket": {
      const id = pickBracket(ctx, doc);
      if (!id) return { kind: op, detail: "no bracket", changed: false };
      const tr = op === "agreeBracket" ? agreeBracket(view.state, id) : dropBracket(view.state, id);
      return decide(ctx, op, `${id}`, tr, op === "agreeBracket" ? "agree-bracket" : "drop-bracket", id);
    }
    case "pickAlternative": {
      const withAlternatives = bracketSpans(doc).filter((s) => alternativesOf(doc, s.id).length >= 2);
      if (withAlternatives.length === 0) return { kind: op, detail: "no alternatives", changed: false };
      const span = ctx.rnd.pick(withAlternatives);
      const options = alternativesOf(doc, span.id);
      const index = ctx.rnd.int(options.length);
      return decide(ctx, op, `${span.id} option ${index + 1} of ${options.length}`, pickAlternative(view.state, span.id, index), "pick-alternative", span.id, options[index]);
    }
    case "status":
    case "reopen": {
      const { pos } = pickCaret(ctx, doc);
      select(ctx, pos);
      const place = caretPlace(view.state);
      if (!place.clause) return { kind: op, detail: "not in a clause", changed: false };
      const current = place.clause.node.attrs.status as ClauseStatus;
      const status: ClauseStatus = op === "reopen" ? "pending" : ctx.rnd.pick((["pending", "adref", "agreed", "agreed"] as ClauseStatus[]).filter((s) => s !== current));
      if (op === "reopen" && current !== "agreed") return { kind: op, detail: `${clauseName(place)} is not agreed`, changed: false };
      const tr = setClauseStatus(view.state, place.clause.pos, status);
      return decide(ctx, op === "reopen" ? op : `status:${status}`, clauseName(place), tr, "status", clauseName(place), op === "reopen" ? "reopened" : status);
    }
    case "renumber": {
      const { pos } = pickCaret(ctx, doc);
      select(ctx, pos);
      const place = caretPlace(view.state);
      if (!place.group) return { kind: op, detail: "not in a group", changed: false };
      const tr = renumberGroup(view.state, place.group.pos, { by: "chair", at: ctx.now });
      return decide(ctx, op, place.group.heading, tr, "renumber", place.group.heading);
    }
    case "chairEdit":
    case "chairEditUntracked": {
      ctx.peer.trackEdits = op === "chairEdit";
      try {
        const inner = ctx.rnd.weighted({ type: 4, deleteRange: 3, backspace: 1, enter: 1, bracket: 1, paste: 1 } as Record<ProposerOp, number>);
        const outcome = proposerOp(ctx, inner);
        return { ...outcome, kind: `${op}:${outcome.kind}` };
      } finally {
        ctx.peer.trackEdits = true;
      }
    }
    case "chairUndo": {
      const manager = ctx.peer.editor!.undoManager;
      if (!manager.canUndo()) return { kind: op, detail: "nothing to undo", changed: false };
      const top = manager.undoStack[manager.undoStack.length - 1]!;
      const undone = top.meta.get(DECISION_STEP) as Decision | undefined;
      const before = view.state.doc;
      manager.undo();
      const changed = !view.state.doc.eq(before);
      // client/decisions.ts logUndoneDecisions: the undoing of a decision is logged too.
      if (undone) logDecision(ctx, "undo", undone.target, `${undone.action} ${undone.target}`);
      return { kind: undone ? `chairUndo:${undone.action}` : "chairUndo:edit", detail: undone ? undone.target : "", changed };
    }
  }
}

/** "USA's insertion “text”". */
function describeChange(doc: PMNode, id: string): string {
  let found = "";
  doc.descendants((node) => {
    if (found) return false;
    if (node.isTextblock) {
      for (const kind of ["inserted", "deleted"] as const) {
        const change = node.attrs[kind] as { id: string; by: string } | null;
        if (change?.id === id) found = `${change.by} block ${kind}`;
      }
      if (found) return false;
    }
    for (const mark of node.marks) {
      if (mark.attrs.id === id) found = `${mark.attrs.by} ${mark.type.name} ${quote(node.text ?? "")}`;
    }
    return !found;
  });
  return found || "?";
}

/** The decision log of a doc. */
export function decisionsOf(doc: Y.Doc): Decision[] {
  return doc.getArray<Decision>(DECISIONS_ARRAY).toArray();
}
