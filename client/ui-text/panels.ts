/** The side panel's other tabs and the header's menus: comments, speakers, history, revisions, export, compare. */

/** The Comments tab (client/comments-panel.ts). */
export const comments = {
  openList: "Open comments",
  resolved: "Resolved",
  resolvedCount: (n: number) => `Resolved (${n})`,
  newComment: "Comment on the clause at the caret",
  comment: "Comment",
  reply: "Reply",
  resolve: "Resolve",
  show: "Show in the draft",
  none: "No open comment.",
  /** Above the form: "On resolves 1: “the words”". */
  on: (clause: string, quote: string) => `On ${clause}${quote ? `: “${quote}”` : ""}`,
  /** After the clause a thread is on: ` “the words”`. */
  quote: (quote: string) => ` “${quote}”`,
  /** Who wrote an entry and when: "United States, 10:15". */
  byAt: (name: string, time: string) => `${name}, ${time}`,
  resolvedBy: (time: string) => `Resolved by the chair, ${time}`,
  gone: (clause: string) => `The clause of this comment (${clause}) is no longer in the draft.`,
} as const;

/** The Speakers tab (client/speakers.ts). */
export const speakers = {
  waiting: "Waiting to speak",
  ask: "Ask for the floor",
  next: "Next speaker",
  closeFloor: "Floor closed",
  giveTo: "Give the floor to",
  giveToChoose: "Give the floor to…",
  give: "Give the floor",
  option: (code: string, name: string) => `${code} — ${name}`,
  hasFloor: "Has the floor: ",
  noFloor: "No delegation has the floor.",
  nobodyWaiting: "Nobody is waiting.",
  youHaveFloor: "You have the floor",
  withdrawNumber: (place: number) => `Withdraw (you are number ${place})`,
  withdraw: "Withdraw the request",
  /** "Brazil (BRA)": a delegation as the room reads it. */
  nameWithCode: (name: string, code: string) => `${name} (${code})`,
} as const;

/** The History tab (client/history-panel.ts). */
export const history = {
  empty: "No decisions yet. The chair's decisions are listed here, newest first.",
} as const;

/** The Revisions tab (client/revisions-panel.ts). */
export const revisions = {
  list: "Revisions",
  issue: "Issue revision",
  issueNext: (n: number) => `Issue Rev.${n}`,
  issueHint: "Stores the text as it stands now, for everyone to download; it never changes afterwards.",
  compare: "Compare",
  from: "From",
  with: "with",
  liveText: "the live text",
  none: "No revision yet.",
  number: (n: number) => `Rev.${n}`,
  option: (n: number, date: string) => `Rev.${n} — ${date}`,
  imported: "as imported when the session began",
  issuedBy: (by: string, time: string) => `issued by ${by}${time ? ` at ${time}` : ""}`,
  word: "Word",
  dlText: "DL text",
  html: "HTML",
  wordLabel: (n: number) => `Rev.${n} as Word with tracked changes`,
  dlTextLabel: (n: number) => `Rev.${n} as DL text`,
  htmlLabel: (n: number) => `Rev.${n} as HTML`,
  liveState: (n: number, imported: boolean, changes: string) => `The live draft continues from Rev.${n}${imported ? " (as imported)" : ""}${changes ? `: ${changes} since` : ""}.`,
  issued: (n: number, date: string) => `Rev.${n} issued, dated ${date}.`,
} as const;

/** The Export menu (client/export-menu.ts): each file it offers, by format and variant. */
export const exports = {
  choices: {
    docxMarked: { label: "Word, tracked changes", hint: ".docx: each proposal a Word revision by its delegation" },
    docxClean: { label: "Word, clean", hint: ".docx: the text as it would read, no revisions" },
    dlMarked: { label: "DL text, marked", hint: ".txt: ~~struck~~, <ins>inserted</ins>, [brackets]" },
    dlClean: { label: "DL text, clean", hint: ".txt: deletions gone, insertions plain" },
    dlAttributed: { label: "DL text, attributed", hint: ".txt: marked, with who proposed what" },
    pdfMarked: { label: "PDF, marked", hint: ".pdf: A4, changes in each delegation's colour, numbered pages" },
    pdfClean: { label: "PDF, clean", hint: ".pdf: A4, the clean text" },
    htmlMarked: { label: "HTML, marked", hint: ".html: changes in each delegation's colour" },
    htmlClean: { label: "HTML, clean", hint: ".html: the clean text" },
    akn: { label: "Akoma Ntoso", hint: ".akn.xml: AKN 3.0, each proposal naming its delegation" },
  },
  button: "Export ▾",
  panel: "Export the draft",
  of: "Export",
  liveText: "The live text",
  revision: (n: number, date: string, imported: boolean) => `Rev.${n} — ${date}${imported ? " (as imported)" : ""}`,
  preparing: "Preparing the file…",
} as const;

/** A comparison shown in the browser (client/compare-view.ts). */
export const compare = {
  title: (from: number, to: number | "live") => `Rev.${from} compared with ${to === "live" ? "the live text" : `Rev.${to}`}`,
  downloadHtml: "Download HTML",
  dlText: "DL text",
  word: "Word",
} as const;
