import { acceptChange, changeIds, decideChanges, rejectChange } from "../shared/track/decide.ts";
import type { ChangeFilter, Verdict } from "../shared/track/decide.ts";
import { agreeBracket, alternativesOf, dropBracket, pickAlternative } from "../shared/track/bracket.ts";
import type { ChangeEntry } from "../shared/track/changes.ts";
import { setClauseStatus } from "../shared/track/status.ts";
import { labelsToRenumber, renumberGroup } from "../shared/track/renumber.ts";
import type { ClauseStatus } from "../shared/schema.ts";
import { caretPlace, clauseName } from "./caret-place.ts";
import type { EntryActions } from "./change-entry.ts";
import { kindWords, whereWords } from "./change-entry.ts";
import { decide } from "./decisions.ts";
import type { Room } from "./room.ts";
import { confirmAction } from "./confirm-dialog.ts";

function target(entry: ChangeEntry): string {
  const by = entry.by === "import" ? "the imported" : `${entry.by === "chair" || entry.by === "secretariat" ? `the ${entry.by}` : entry.by}'s`;
  return `${by} ${kindWords(entry)}`;
}

/** The chair's decisions on one entry of the changes panel, each logged in the decision log. */
export function entryDecisions(room: Room): EntryActions {
  const state = () => room.view.state;
  // Where the change is now (the panel's entry may be a few keystrokes old): its pieces are
  // looked for there only, not in the whole draft.
  const now = (e: ChangeEntry) => {
    const current = room.changes.at(state().doc, e.id);
    return current ? { from: current.from, to: current.to } : undefined;
  };
  return {
    accept: (e) => decide(room, acceptChange(state(), e.id, now(e)), { action: "accept", target: target(e), text: e.text, where: whereWords(e) }),
    reject: (e) => decide(room, rejectChange(state(), e.id, now(e)), { action: "reject", target: target(e), text: e.text, where: whereWords(e) }),
    agree: (e) => decide(room, agreeBracket(state(), e.id), { action: "agree-bracket", target: target(e), text: e.text, where: whereWords(e) }),
    drop: (e) => decide(room, dropBracket(state(), e.id), { action: "drop-bracket", target: target(e), text: e.text, where: whereWords(e) }),
    pick: (e, index) => {
      const option = alternativesOf(state().doc, e.id)[index] ?? "";
      decide(room, pickAlternative(state(), e.id, index), { action: "pick-alternative", target: target(e), text: option, where: whereWords(e) });
    },
    alternatives: (e, within) => alternativesOf(state().doc, e.id, within),
  };
}

/** Which changes a bulk decision takes, in words and as a filter. */
export interface BulkScope {
  /** "all changes", "all changes of USA", "the selection", "resolves 1". */
  words: string;
  filter: ChangeFilter | null;
}

/** The changes of the whole draft, of one author, of the selection, or of the clause at the caret. */
export function bulkScope(room: Room, kind: "all" | "author" | "selection" | "clause", by = ""): BulkScope {
  const state = room.view.state;
  switch (kind) {
    case "all":
      return { words: "all changes", filter: {} };
    case "author":
      return { words: `all changes of ${by}`, filter: by ? { by } : null };
    case "selection":
      return state.selection.empty ? { words: "the selection", filter: null } : { words: "the selection", filter: { from: state.selection.from, to: state.selection.to } };
    case "clause": {
      const place = caretPlace(state);
      if (!place.clause) return { words: "the current clause", filter: null };
      return { words: clauseName(place), filter: { from: place.clause.pos, to: place.clause.pos + place.clause.node.nodeSize } };
    }
  }
}

/** Accepts or rejects every change of a scope in one decision. */
export async function decideScope(room: Room, verdict: Verdict, scope: BulkScope, count: number): Promise<void> {
  if (!scope.filter) {
    room.notify(scope.words === "the selection" ? "Select some text first." : "Put the caret in a clause first.", "info");
    return;
  }
  // More than one change at once: the chair sees how many before they are decided.
  if (count > 1) {
    const verb = verdict === "accept" ? "Accept" : "Reject";
    const n = count.toLocaleString("en-GB");
    const sure = await confirmAction({
      title: `${verb} ${n} changes?`,
      message: `${verb === "Accept" ? "Accepting" : "Rejecting"} ${scope.words === "all changes" ? `all ${n} changes in the draft` : `${n} changes (${scope.words})`} in one step. It is logged in History, and Undo takes the whole step back.`,
      confirm: `${verb} ${n}`,
      danger: verdict === "reject",
    });
    if (!sure) return;
  }
  decide(room, decideChanges(room.view.state, verdict, scope.filter), { action: verdict === "accept" ? "accept-all" : "reject-all", target: scope.words, text: "", count }, `There are no changes in ${scope.words}.`);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const STATUS_WORDS: Record<ClauseStatus, string> = { pending: "pending", adref: "agreed ad referendum", agreed: "agreed" };

/** Sets the status of the clause at the caret (reopening an agreed clause is setting it pending). */
export function setCaretClauseStatus(room: Room, status: ClauseStatus): void {
  const place = caretPlace(room.view.state);
  if (!place.clause) return room.notify("Put the caret in a clause first.", "info");
  if (place.clause.node.attrs.status === status) return room.notify(`${clauseName(place)} is already ${STATUS_WORDS[status]}.`, "info");
  const reopening = place.clause.node.attrs.status === "agreed";
  const done = decide(room, setClauseStatus(room.view.state, place.clause.pos, status), {
    action: "status",
    target: clauseName(place),
    text: reopening && status === "pending" ? "reopened" : STATUS_WORDS[status],
  });
  const open = changeIds(room.view.state.doc, { from: place.clause.pos, to: place.clause.pos + place.clause.node.nodeSize }).length;
  if (done && status !== "pending" && open > 0) {
    room.notify(`${capitalised(clauseName(place))} is ${STATUS_WORDS[status]}, with ${open} proposed ${open === 1 ? "change" : "changes"} still open in it. Ctrl+Z undoes.`, "info");
  }
}

/** Renumbers the clause group at the caret: a), b), c) ... or 1, 2, 3 ..., changed labels tracked. */
export function renumberCaretGroup(room: Room): void {
  const place = caretPlace(room.view.state);
  if (!place.group) return room.notify("Put the caret in a clause group first.", "info");
  const tr = renumberGroup(room.view.state, place.group.pos, { by: "chair", at: new Date().toISOString() });
  const count = labelsToRenumber(room.view.state.doc, place.group.pos).length;
  decide(room, tr, { action: "renumber", target: place.group.heading, text: "", count }, `The labels of “${place.group.heading}” are already in order.`);
}
