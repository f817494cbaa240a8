/** Seats and their links: the links page and its roster (client/manage/), the new-session page (client/new/). */
import { counted } from "./plural.ts";

/** The links page (client/manage/main.ts). */
export const manage = {
  openFromLink: "Open this page from the chair's or the secretariat's link.",
  onlyChairSecretariat: "Only the chair and the secretariat can manage the links of a session.",
  documentTitle: (title: string) => `Links — ${title} — Plenary`,
  giveCodeAndName: "Give the delegation's code and name (FRA, France).",
  seated: (name: string, code: string) => `${name} (${code}) is seated: its link is in the roster. Reload open pages to see the new delegation.`,
  revokeTitle: (name: string) => `Revoke ${name}'s link?`,
  revokeMessage: (name: string) => `Whoever uses it is disconnected at once and cannot come back with it. ${name} needs a reissued link to rejoin.`,
  revokeConfirm: "Revoke",
  revoked: (name: string) => `${name}'s link is revoked; anyone using it was disconnected. Reissue to give them a new link.`,
  reissueTitle: (name: string) => `Issue a new link for ${name}?`,
  reissueMessage: (name: string) => `The link ${name} has now stops working, and whoever uses it is disconnected. Hand out the new one shown here.`,
  reissueConfirm: "Issue a new link",
  reissued: (name: string) => `New link for ${name} below; the old one no longer works.`,
} as const;

/** The roster table of the links page (client/manage/roster-table.ts). */
export const roster = {
  caption: "Participants and their join links",
  columns: ["Participant", "Role", "Status", "Join link", "Actions"],
  roles: { chair: "Chair", secretariat: "Secretariat", delegation: "Delegation", observer: "Observer" },
  /** A seat as its buttons name it: "United States (USA)", "Chair". */
  who: (name: string, code: string | null) => `${name}${code ? ` (${code})` : ""}`,
  you: " (you)",
  show: "Show",
  showLabel: (who: string) => `Show the link of ${who} with its QR code`,
  revokedReissue: "Revoked — reissue for a new link",
  revoked: "Revoked",
  hiddenReissue: "Hidden — reissue for a new link",
  hidden: "Hidden",
  revoke: "Revoke",
  revokeLabel: (who: string) => `Revoke link of ${who}`,
  reissue: "Reissue",
  reissueLabel: (who: string) => `Reissue link for ${who}`,
  connected: "Connected",
  notConnected: "Not connected",
} as const;

/** The new-session page (client/new/main.ts, links-list.ts, import-summary.ts, roster-lines.ts). */
export const newSession = {
  adminLink: "Open the new-session link printed by the server when it starts (it ends with “#t=…”).",
  giveTitle: "Give the session a title.",
  giveText: "Upload or paste the DL text of the draft, or upload a Word file.",
  listDelegations: "List at least one delegation, one a line: “USA: United States”.",
  creating: "Creating…",
  create: "Create session",
  wordHeading: "What the import read from the Word file",
  authorMapping: (author: string, code: string) => `${author} → ${code}`,
  attributed: (mapping: string) => `Proposals attributed: ${mapping}.`,
  /** Where in the DL text: "line 3, column 7", or "line 3". */
  where: (line: number, column?: number) => `line ${line}${column !== undefined ? `, column ${column}` : ""}`,
  dlRefused: (where: string, error: string) => `The DL text was refused at ${where}: ${error}`,
  rosterRefused: (line: number, error: string) => `The roster was refused at line ${line}: ${error}`,
  http: (error: string, status: number) => `${error} (HTTP ${status})`,
  /** A roster line that is not "CODE: Name". */
  lineFormat: (line: number) => `line ${line}: write "CODE: Name", e.g. "USA: United States"`,
  lineProblem: (line: number, problem: string) => `line ${line}: ${problem}`,
  lineRepeated: (line: number, code: string) => `line ${line}: ${code} is already on the roster`,
} as const;

/** The links of a just-created session (client/new/links-list.ts). */
export const createdLinks = {
  chair: "Chair",
  secretariat: "Secretariat",
  observer: "Observer (the projector)",
  delegation: (code: string, name: string) => `${code} — ${name}`,
  heading: "Session created: send each link to its holder",
  intro: "Each link lets its holder in as that seat. Copy them now: they are not shown again, but the chair can reissue any link.",
  seat: "Seat",
  joinLink: "Join link",
  openManage: "Open the links page as chair",
} as const;

/** What the import read from a DL text (client/new/import-summary.ts). */
export const importSummary = {
  heading: "What the import read",
  /** "19 clause groups, 109 clauses, 0 proposed insertions, 81 proposed deletions, 17 brackets." */
  read: (groups: number, clauses: number, insertions: number, deletions: number, brackets: number) =>
    `${[counted(groups, "clause group"), counted(clauses, "clause"), counted(insertions, "proposed insertion"), counted(deletions, "proposed deletion"), counted(brackets, "bracket")].join(", ")}.`,
  allPaired: "Every bracket, strike and emphasis was paired.",
  unpaired: (n: number) => `${counted(n, "sign")} could not be paired and ${n === 1 ? "was" : "were"} kept as typed:`,
  at: (line: number, column: number) => `line ${line}, column ${column}`,
  more: (n: number) => `… and ${n} more.`,
} as const;
