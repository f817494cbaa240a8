import type { Transaction } from "prosemirror-state";
import type * as Y from "yjs";
import { yUndoPluginKey } from "y-prosemirror";
import { clipDecisionWords, DECISIONS_ARRAY, describeDecision } from "../shared/track/decision.ts";
import type { Decision } from "../shared/track/decision.ts";
import type { Room } from "./room.ts";
import { strings } from "./ui-text/index.ts";

/** The decision log of a session's Y.Doc. */
export function decisionLog(ydoc: Y.Doc): Y.Array<Decision> {
  return ydoc.getArray<Decision>(DECISIONS_ARRAY);
}

/** What a decision was, before it is stamped with who, when and an id. */
export type DecisionWording = Omit<Decision, "id" | "at" | "by">;

/**
 * Carries out one decision of the chair: dispatches its transaction (one transaction, so every
 * client converges on the same text), then appends it to the decision log and says what was done.
 * The decision is its own undo step: Ctrl+Z undoes it and nothing typed just before.
 * Returns false (and says why) when there was nothing to decide.
 */
export function decide(room: Room, tr: Transaction | null, wording: DecisionWording, nothing: string = strings.chair.nothingToDecide): boolean {
  if (!tr || !tr.docChanged) {
    room.notify(nothing, "info");
    return false;
  }
  const undoManager = yUndoPluginKey.getState(room.view.state)?.undoManager;
  undoManager?.stopCapturing();
  const before = room.view.state.doc;
  room.view.dispatch(tr);
  undoManager?.stopCapturing();
  if (room.view.state.doc === before) {
    room.notify(strings.chair.notApplied, "refused");
    return false;
  }
  const decision = { id: decisionId(), at: new Date().toISOString(), by: room.me.code ?? room.me.role, ...clipDecisionWords(wording) };
  // The undo step just made is this decision's: Ctrl+Z on it is logged as its undoing.
  undoManager?.undoStack[undoManager.undoStack.length - 1]?.meta.set(DECISION_STEP, decision);
  decisionLog(room.ydoc).push([decision]);
  room.notify(strings.chair.decided(describeDecision(decision)), "ok");
  return true;
}

const DECISION_STEP = "plenary:decision";

/**
 * Logs the chair's undoing of a decision: when Ctrl+Z takes back an undo step that was a
 * decision, the log gets "Chair undid: accepted USA's insertion …", so it never claims a
 * decision that no longer stands.
 */
export function logUndoneDecisions(room: Pick<Room, "view" | "ydoc" | "me">): void {
  const undoManager = yUndoPluginKey.getState(room.view.state)?.undoManager;
  undoManager?.on("stack-item-popped", ({ stackItem, type }: { stackItem: { meta: Map<string, unknown> }; type: "undo" | "redo" }) => {
    const undone = stackItem.meta.get(DECISION_STEP) as Decision | undefined;
    if (!undone || type !== "undo") return;
    const entry: Decision = {
      id: decisionId(),
      at: new Date().toISOString(),
      by: room.me.code ?? room.me.role,
      action: "undo",
      target: undone.target,
      text: describeDecision(undone),
    };
    decisionLog(room.ydoc).push([entry]);
  });
}

function decisionId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return `dec-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
