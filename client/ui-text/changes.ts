/** The Changes panel, its entries, and the chair's decisions (changes-panel.ts, change-entry.ts, chair-tools.ts, chair-actions.ts, decisions.ts). */
import { counted, noun } from "./plural.ts";

/** The list of changes and its filters. */
export const changes = {
  countsLabel: "Changes per author (press to filter)",
  listLabel: "Changes in document order",
  author: "Author",
  clauseGroup: "Clause group",
  allAuthors: "All authors",
  importedAuthor: "Imported (author not recorded)",
  allGroups: "All clause groups",
  header: "Header",
  untitledGroup: "(untitled group)",
  /** "3 changes in the draft". */
  count: (n: number) => `${counted(n, "change")} in the draft`,
  /** "2 of 3 changes shown". */
  shown: (shown: number, all: number) => `${shown} of ${counted(all, "change")} shown`,
  /** A per-author count button: "USA: 2 changes (press to show only these)". */
  countButton: (by: string, n: number, only: boolean) => `${by}: ${counted(n, "change")}${only ? " (showing only these; press to show all)" : " (press to show only these)"}`,
} as const;

/** One entry of the list: what and where a change is, and the chair's buttons on it. */
export const entry = {
  kinds: {
    insertion: "insertion",
    deletion: "deletion",
    bracket: "bracket",
    addedClause: "added clause",
    addedParagraph: "added paragraph",
    clauseDeletion: "clause deletion",
    paragraphDeletion: "paragraph deletion",
  },
  /** Where a change outside the clause groups is. */
  header: "header",
  empty: "(empty)",
  goTo: (kind: string, name: string, when: string, where: string, text: string) => `${kind} by ${name}${when ? ` at ${when}` : ""} in ${where}: ${text}. Show in the draft`,
  accept: "Accept",
  reject: "Reject",
  acceptLabel: (kind: string, by: string, text: string) => `Accept ${kind} by ${by}: ${text}`,
  rejectLabel: (kind: string, by: string, text: string) => `Reject ${kind} by ${by}: ${text}`,
  agree: "Agree",
  agreeLabel: (text: string) => `Agree bracketed text (brackets go, text stays): ${text}`,
  drop: "Drop",
  dropLabel: (text: string) => `Drop bracketed text (the text goes): ${text}`,
  keep: (option: string) => `Keep “${option}”`,
  pickLabel: (option: string) => `Pick the alternative “${option}”`,
} as const;

/** The chair's tools above the list, and what the chair's decisions say. */
export const chair = {
  region: "The chair's decisions",
  atCaret: "At the caret: ",
  notInClause: "not in a clause",
  statusGroup: "Status of the clause at the caret",
  /** The status buttons. */
  statusLabels: { pending: "Pending", adref: "Ad ref", agreed: "✓ Agreed" },
  /** A status as a status button's label reads it out ("Set resolves 1 ad ref"). */
  statusNames: { pending: "pending", adref: "ad ref", agreed: "agreed" },
  setStatus: (clause: string, status: string) => `Set ${clause} ${status}`,
  theClause: "the clause",
  reopen: "Reopen",
  renumberGroup: "Renumber group",
  renumber: (heading: string) => `Renumber “${heading}”`,
  pin: "Pin projector here",
  unpin: "Unpin projector",
  bulkAuthor: "Delegation for bulk decisions",
  decideSeveral: "Decide several at once ",
  open: (n: number) => `(${n} open)`,
  scopes: { of: "Of ", all: "All changes", selection: "In the selection", clause: "In this clause" },
  verbs: { accept: "Accept", reject: "Reject" },
  bulkButton: (verb: string, n: number) => `${verb} (${n})`,
  bulkLabel: (verb: string, n: number, scope: string) => `${verb} ${n} ${noun(n, "change")}: ${scope}`,
  /** Which changes a bulk decision takes, in words. */
  scopeWords: {
    all: "all changes",
    of: (by: string) => `all changes of ${by}`,
    selection: "the selection",
    currentClause: "the current clause",
  },
  selectFirst: "Select some text first.",
  caretInClause: "Put the caret in a clause first.",
  caretInGroup: "Put the caret in a clause group first.",
  /** Asked before more than one change is decided at once. */
  bulkTitle: (verb: string, n: string) => `${verb} ${n} changes?`,
  bulkMessage: (accepting: boolean, n: string, scope: string, all: boolean) =>
    `${accepting ? "Accepting" : "Rejecting"} ${all ? `all ${n} changes in the draft` : `${n} changes (${scope})`} in one step. It is logged in History, and Undo takes the whole step back.`,
  bulkConfirm: (verb: string, n: string) => `${verb} ${n}`,
  noneIn: (scope: string) => `There are no changes in ${scope}.`,
  /** A clause's status in words, as the decision log and the notices say it. */
  statusWords: { pending: "pending", adref: "agreed ad referendum", agreed: "agreed" },
  reopened: "reopened",
  alreadyStatus: (clause: string, status: string) => `${clause} is already ${status}.`,
  statusWithOpen: (clause: string, status: string, open: number) =>
    `${clause.charAt(0).toUpperCase() + clause.slice(1)} is ${status}, with ${open} proposed ${noun(open, "change")} still open in it. Ctrl+Z undoes.`,
  labelsInOrder: (heading: string) => `The labels of “${heading}” are already in order.`,
  /** Whose change a decision took: "USA's insertion", "the chair's deletion", "the imported bracket". */
  target: (by: string, kind: string) => (by === "import" ? `the imported ${kind}` : `${by === "chair" || by === "secretariat" ? `the ${by}` : by}'s ${kind}`),
  nothingToDecide: "There is nothing to decide there.",
  notApplied: "The decision could not be applied.",
  decided: (description: string) => `${description}. Ctrl+Z undoes it.`,
} as const;
