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
import { strings } from "./ui-text/index.ts";

function target(entry: ChangeEntry): string {
  return strings.chair.target(entry.by, kindWords(entry));
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

const { scopeWords } = strings.chair;

/** The changes of the whole draft, of one author, of the selection, or of the clause at the caret. */
export function bulkScope(room: Room, kind: "all" | "author" | "selection" | "clause", by = ""): BulkScope {
  const state = room.view.state;
  switch (kind) {
    case "all":
      return { words: scopeWords.all, filter: {} };
    case "author":
      return { words: scopeWords.of(by), filter: by ? { by } : null };
    case "selection":
      return state.selection.empty ? { words: scopeWords.selection, filter: null } : { words: scopeWords.selection, filter: { from: state.selection.from, to: state.selection.to } };
    case "clause": {
      const place = caretPlace(state);
      if (!place.clause) return { words: scopeWords.currentClause, filter: null };
      return { words: clauseName(place), filter: { from: place.clause.pos, to: place.clause.pos + place.clause.node.nodeSize } };
    }
  }
}

/** Accepts or rejects every change of a scope in one decision. */
export async function decideScope(room: Room, verdict: Verdict, scope: BulkScope, count: number): Promise<void> {
  if (!scope.filter) {
    room.notify(scope.words === scopeWords.selection ? strings.chair.selectFirst : strings.chair.caretInClause, "info");
    return;
  }
  // More than one change at once: the chair sees how many before they are decided.
  if (count > 1) {
    const verb = strings.chair.verbs[verdict];
    const n = count.toLocaleString("en-GB");
    const sure = await confirmAction({
      title: strings.chair.bulkTitle(verb, n),
      message: strings.chair.bulkMessage(verdict === "accept", n, scope.words, scope.words === scopeWords.all),
      confirm: strings.chair.bulkConfirm(verb, n),
      danger: verdict === "reject",
    });
    if (!sure) return;
  }
  decide(room, decideChanges(room.view.state, verdict, scope.filter), { action: verdict === "accept" ? "accept-all" : "reject-all", target: scope.words, text: "", count }, strings.chair.noneIn(scope.words));
}

const STATUS_WORDS: Record<ClauseStatus, string> = strings.chair.statusWords;

/** Sets the status of the clause at the caret (reopening an agreed clause is setting it pending). */
export function setCaretClauseStatus(room: Room, status: ClauseStatus): void {
  const place = caretPlace(room.view.state);
  if (!place.clause) return room.notify(strings.chair.caretInClause, "info");
  if (place.clause.node.attrs.status === status) return room.notify(strings.chair.alreadyStatus(clauseName(place), STATUS_WORDS[status]), "info");
  const reopening = place.clause.node.attrs.status === "agreed";
  const done = decide(room, setClauseStatus(room.view.state, place.clause.pos, status), {
    action: "status",
    target: clauseName(place),
    text: reopening && status === "pending" ? strings.chair.reopened : STATUS_WORDS[status],
  });
  const open = changeIds(room.view.state.doc, { from: place.clause.pos, to: place.clause.pos + place.clause.node.nodeSize }).length;
  if (done && status !== "pending" && open > 0) {
    room.notify(strings.chair.statusWithOpen(clauseName(place), STATUS_WORDS[status], open), "info");
  }
}

/** Renumbers the clause group at the caret: a), b), c) ... or 1, 2, 3 ..., changed labels tracked. */
export function renumberCaretGroup(room: Room): void {
  const place = caretPlace(room.view.state);
  if (!place.group) return room.notify(strings.chair.caretInGroup, "info");
  const tr = renumberGroup(room.view.state, place.group.pos, { by: "chair", at: new Date().toISOString() });
  const count = labelsToRenumber(room.view.state.doc, place.group.pos).length;
  decide(room, tr, { action: "renumber", target: place.group.heading, text: "", count }, strings.chair.labelsInOrder(place.group.heading));
}
