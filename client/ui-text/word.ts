/** A delegation's Word file: on the new-session page and in a live session (client/word/, client/new/word-draft.ts). */
import { counted } from "./plural.ts";

export const word = {
  tooLarge: (megabytes: number) => `The Word file is too large (up to ${megabytes} MB is taken).`,
  /** The live session's dialog (client/word/word-import-dialog.ts). */
  importButton: "Import a delegation's Word file…",
  dialogTitle: "Import a delegation's Word file",
  dialogHint: "The delegation's tracked changes against this draft become its proposals here, for the chair to decide; its comments become comment threads. Nothing is written until you confirm.",
  fileLabel: "Word file (.docx)",
  confirm: "Make these proposals",
  making: "Making the proposals…",
  notDocx: (fileName: string) => `${fileName}: choose a Word file saved as .docx (an .odt or .doc can be saved as .docx from Word or LibreOffice).`,
  reading: (fileName: string) => `Reading ${fileName}…`,
  chooseFor: (authors: string) => `Choose a delegation for ${authors}.`,
  commentsMade: (n: number) => `${n} ${n === 1 ? "comment is" : "comments are"} now in the Comments tab.`,
  /** What the file holds (client/word/word-report.ts). */
  counts: (groups: number, clauses: number, insertions: number, deletions: number, brackets: number, comments: number) =>
    `${counted(groups, "clause group")}, ${counted(clauses, "clause")}, ${counted(insertions, "proposed insertion")}, ${counted(deletions, "proposed deletion")}, ${counted(brackets, "bracket")}, ${counted(comments, "comment")}.`,
  chooseDelegation: "— choose a delegation —",
  delegation: (code: string, name: string) => `${code} — ${name}`,
  noDelegation: "No delegation (marked “import”)",
  proposedHint: "proposed from the name or an earlier import: check it",
  noName: "(no name)",
  authorsHeading: "Whose proposals are they?",
  authorsHint: "Word names the person who made each change. Pick the delegation each one wrote for: their changes become that delegation's proposals.",
  noAuthors: "The file has no tracked changes or comments: its text comes in as it reads.",
  columns: { author: "Word author", count: "Changes and comments", delegation: "Delegation" },
  allRead: "Everything in the file was read.",
  notRead: (n: number) => `${counted(n, "thing")} in the file ${n === 1 ? "was" : "were"} not read as such:`,
  commentsHeading: (n: number) => `Comments (${n}), kept as comment threads`,
  commentOn: (quote: string) => ` on “${quote}”`,
  /** What a placed proposal does: "USA proposes to insert «…» in resolves 1". */
  verbs: { insertion: "insert", deletion: "delete", "block-insertion": "add the paragraph", "block-deletion": "delete the paragraph" } as Record<string, string>,
  proposesTo: (verb: string) => ` proposes to ${verb} `,
  in: (where: string) => ` in ${where}`,
  made: (n: number) => `${counted(n, "proposal")} made in the draft`,
  willBeMade: (n: number) => `${counted(n, "proposal")} will be made in the draft`,
  paragraphsFound: (found: number, withChanges: number) => `${found} of ${counted(withChanges, "Word paragraph")} with changes found in the draft.`,
  cannotPlace: (n: number) => `${counted(n, "change")} cannot be placed`,
  cannotPlaceWhy: ": the draft no longer reads as the Word file did there. Nothing of these is written; type them in by hand if the room wants them.",
  already: (n: number) => `${counted(n, "change")} already in the draft, not made twice`,
  /** The new-session page's Word draft (client/new/word-draft.ts). */
  draftFrom: (fileName: string) => `The draft comes from ${fileName}`,
  chooseEach: (authors: string, n: number) => `Choose the delegation of each Word author: ${authors} ${n === 1 ? "has" : "have"} none yet (or pick “No delegation”).`,
  listFirst: "List the delegations below first: each Word author is then mapped to one of them.",
  useDlText: "Use DL text instead",
  refused: (fileName: string, error: string) => `${fileName}: ${error}`,
} as const;
