/** The session page around the draft: opening it, who one is, the connection, refusals, the projector. */
import { counted } from "./plural.ts";

/** The session page (client/session/main.ts). */
export const session = {
  openYourLink: "Open the link you were given for this session: it ends with “#t=…”.",
  manageLinks: "Manage links",
  loading: "Loading the draft…",
  cannotShow: (problem: string) => `This draft holds content this page cannot show (${problem}). Nothing was changed. Tell the secretariat; the chair can correct it.`,
  stoppedSending: (problem: string) => `This page stopped sending: the draft received content it cannot show (${problem}). Nothing of yours was sent after it. Reload the page.`,
  /** The tab title: the session's title and the product. */
  documentTitle: (title: string) => `${title} — Plenary`,
  /** The identity badge of a delegation: "USA · United States". */
  identity: (label: string, name: string) => `${label} · ${name}`,
  observerHint: "Read only: this screen shows the text as it is drafted",
  youAre: (name: string) => `You are ${name}`,
  readOnly: "Read only",
  /** Where unreadable content was met, in the stopped-sending notice's reason. */
  changedPart: "the changed part of the draft",
  draftText: "Draft text",
  draftTextReadOnly: "Draft text (read only)",
  sidePanel: "Side panel",
  tabs: { changes: "Changes", speakers: "Speakers", comments: "Comments", history: "History", revisions: "Revisions" },
  /** What the draft gained since a revision: "3 proposals and 1 decision". */
  since: (proposals: number, decisions: number) => (proposals + decisions === 0 ? "no change" : `${counted(proposals, "proposal")} and ${counted(decisions, "decision")}`),
} as const;

/** The connection status line (client/connection-status.ts, client/close-codes.ts). */
export const connection = {
  connected: "Connected",
  connecting: "Connecting…",
  /** " — 2 unsent changes", or "" when nothing waits. */
  unsent: (n: number) => (n === 0 ? "" : ` — ${counted(n, "unsent change", "unsent changes")}`),
  reconnecting: (unsent: string) => `Reconnecting…${unsent}`,
  offline: (unsent: string) => `Offline${unsent}`,
  disconnected: (reason: string, unsent: string) => `Disconnected: ${reason}${unsent}`,
  /** Why the server closed the socket for good, after "Disconnected: ". */
  closed: {
    pageStopped: "this page stopped sending (see the notice). Reload the page.",
    unauthorized: "your link is no longer valid. Ask the secretariat for a new one.",
    forbidden: "your role may not make this change. Reload the page.",
    notFound: "this session does not exist any more.",
    tooLarge: "a change was too large to send. Reload the page.",
    malformed: "the server could not read a message from this page. Reload the page.",
    refused: "the server refused a change. Reload the page.",
    other: (code: number) => `the server closed the connection (code ${code}). Reload the page.`,
  },
} as const;

/** An update the server refused (client/refusal.ts). */
export const refusal = {
  unknownReason: "the server did not accept it",
  noticed: (reason: string) => `Your change was refused: ${reason}. The draft has been reloaded from the server.`,
} as const;

/** An edit in an agreed clause (client/clause-lock.ts). */
export const lock = {
  locked: "This clause is agreed and locked: only the chair can reopen it.",
} as const;

/** Projector mode (client/projector.ts). */
export const projector = {
  button: "Projector",
  buttonTitle: "Large type, no side panel, follows the floor",
  floor: (speaker: string) => `Floor: ${speaker}`,
  noFloor: "No delegation has the floor",
  pinned: (place: string) => `Pinned by the chair: ${place}`,
  now: (place: string) => `Now: ${place}`,
} as const;
