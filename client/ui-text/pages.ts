/** The words of the three page shells (client/pages.ts), before any script runs. */

/** Every page. */
export const shell = {
  brand: "Plenary",
  skipToContent: "Skip to content",
  /** The tab title of a session page before the session's own title is known. */
  sessionTitle: "Plenary",
  manageTitle: "Links — Plenary",
  newTitle: "New session — Plenary",
} as const;

/** The session page's frame. */
export const sessionShell = {
  opening: "Opening the session…",
  alsoConnected: "Also connected",
  connecting: "Connecting…",
  sessionTools: "Session tools",
  draftingTools: "Drafting tools",
  draft: "Draft",
  side: "Changes, history and legend",
} as const;

/** The links page (`/s/:id/manage`). */
export const manageShell = {
  session: "Session",
  titleSuffix: " — links",
  pageTools: "Page tools",
  back: "Back to the draft",
  refresh: "Refresh",
  heading: "Participants and join links",
  intro: "A link lets its holder in as that seat. Revoke a link to disconnect whoever uses it at once; reissue to hand out a new one (the old one stops working).",
  addHeading: "Seat a delegation arriving late",
  code: "Code",
  codePlaceholder: "FRA",
  name: "Name",
  namePlaceholder: "France",
  add: "Add the seat",
  addHint: "Its link is shown once, below the roster. Pages already open show the new delegation once reloaded.",
} as const;

/** The new-session page (`/new`). */
export const newShell = {
  heading: "New drafting session",
  title: "Session title",
  titlePlaceholder: "Resolution 140 (WSIS) — WG-PL, second reading",
  draft: "Draft text (DL format, or a delegation's Word file)",
  upload: "Upload a DL text file, or a Word file (.docx) with its tracked changes and comments",
  paste: "or paste the text",
  textPlaceholder: "WORKING GROUP OF THE PLENARY\n\nDocument DL/23-E (Rev.2)\n…",
  roster: "Delegations, one a line: ",
  rosterFormat: "CODE: Name",
  rosterPlaceholder: "USA: United States\nRUS: Russian Federation\nKEN: Kenya",
  rosterHint: "The chair, the secretariat and one observer (the projector) get links too.",
  create: "Create session",
} as const;
