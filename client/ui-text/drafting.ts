/** Drafting in the text: the toolbar, whom one types as, brackets, how changes are drawn, find, keys, the legend. */

/** The drafting toolbar (client/toolbar.ts). */
export const toolbar = {
  bracket: "[ ] Bracket…",
  bracketTitle: "Put the selected text in square brackets (Ctrl+[)",
  undo: "↶ Undo",
  undoTitle: "Undo your last edit or decision (Ctrl+Z)",
  redo: "↷ Redo",
  redoTitle: "Redo (Ctrl+Y)",
  /** Followed by the delegation's code in bold. */
  proposalsOf: "Your edits are proposals of ",
} as const;

/** The chair's "Track my edits" switch (client/track-toggle.ts). */
export const trackToggle = {
  label: " Track my edits ",
  on: "(your edits show as the chair's)",
  off: "(off: edits change the text directly)",
} as const;

/** The secretariat's "Typing for" picker (client/author-picker.ts). */
export const typingFor = {
  label: "Typing for",
  asItself: "Secretariat (as itself)",
  option: (label: string, name: string) => `${label} — ${name}`,
  ownEdits: "edits are the secretariat's own",
  proposalsOf: (name: string) => `edits are proposals of ${name}`,
} as const;

/** Square brackets: the note dialog, the notices, the signs' titles (bracket-dialog.ts, bracketing.ts, brackets.ts). */
export const bracket = {
  dialogTitle: "Put in square brackets",
  noteLabel: "Note (optional)",
  notePlaceholder: "e.g. pending decision of COM5",
  ok: "Bracket",
  selectFirst: "Select the text to put in square brackets first.",
  gone: "The text to bracket is gone.",
  cannot: (reason: string) => `Cannot bracket this: ${reason}.`,
  done: (note: string, by: string) => `Bracketed${note ? ` (note: ${note})` : ""}, as ${by}.`,
  /** A bracket's note, on its signs and in the Changes panel. */
  note: (note: string) => `Note: ${note}`,
} as const;

/** How tracked changes are drawn in the draft: hover titles and whole-block tags (change-marks.ts, block-changes.ts). */
export const marks = {
  proposedInsertion: "proposed insertion",
  proposedDeletion: "proposed deletion",
  /** "USA — United States, proposed insertion, 10:15". */
  changeTitle: (label: string, name: string, what: string, when: string) => `${label} — ${name}, ${what}${when ? `, ${when}` : ""}`,
  bracketTitle: (label: string, name: string, note: string | null) => `In square brackets, by ${label} — ${name}${note ? `: ${note}` : ""}`,
  deletionProposedBy: (label: string) => `deletion proposed by ${label}`,
  addedBy: (label: string) => `added by ${label}`,
  /** The tag's hover title: its words, the time and the full name. */
  blockTitle: (words: string, when: string, name: string) => `${words}${when ? ` at ${when}` : ""} (${name})`,
} as const;

/** Where the caret is, as the room names it (client/caret-place.ts). */
export const caret = {
  thisClause: "this clause",
} as const;

/** The find bar (client/find.ts). */
export const find = {
  placeholder: "Find in the draft",
  label: "Find in the draft",
  previous: "Previous match (Shift+Enter)",
  next: "Next match (Enter)",
  close: "Close find (Escape)",
  noMatches: "No matches",
  /** "3 of 17". */
  position: (current: number, total: number) => `${current} of ${total}`,
} as const;

/** The keys of the room and their help (client/keyboard.ts). */
export const keys = {
  help: {
    next: { keys: "Alt+↓", what: "Next change or bracket" },
    previous: { keys: "Alt+↑", what: "Previous change or bracket" },
    accept: { keys: "Alt+Enter", what: "Accept the change at the caret (agree a bracket), then go to the next" },
    reject: { keys: "Alt+Backspace", what: "Reject the change at the caret (drop a bracket), then go to the next" },
    bracket: { keys: "Ctrl+[", what: "Put the selection in square brackets, with an optional note" },
    find: { keys: "Ctrl+F", what: "Find in the draft (struck text included)" },
    format: { keys: "Ctrl+B / Ctrl+I", what: "Bold / italic" },
    undo: { keys: "Ctrl+Z / Ctrl+Y", what: "Undo / redo your own edits and decisions" },
    keys: { keys: "Ctrl+/ or ?", what: "This list" },
  },
  noneAfter: "No more changes after this one.",
  noneBefore: "No changes before this one.",
  caretInChange: "Put the caret in a change (Alt+↓ goes to the next one).",
  formattingForChair: "Formatting is for the chair.",
  title: "Keys",
  button: "Keys",
  buttonTitle: "Keys (Ctrl+/ or ?)",
} as const;

/** The legend of colours and signs (client/legend.ts). */
export const legend = {
  summary: "Legend",
  delegations: "Delegations and their colours",
  uploadedDraft: "In the uploaded draft",
  sampleTitle: (label: string, name: string) => `${label}: ${name}`,
  added: "added",
  struck: "struck",
  proposals: " proposals",
  notAgreed: " not agreed",
  adref: "ad ref",
  adrefMeaning: " agreed ad referendum",
  agreed: "✓ agreed",
  agreedMeaning: " settled, locked",
} as const;
