/** Words shared by several screens: dialogs, the API's own failures, authors, join links. */

/** Buttons of every dialog. */
export const dialog = {
  cancel: "Cancel",
  close: "Close",
} as const;

/** What the page says when a request fails before or without the server's own message. */
export const api = {
  unreachable: "The server cannot be reached. Check the network and try again.",
  linkNotValid: "This link is not valid any more. Ask the secretariat for a new one.",
  roleCannot: "Your role cannot do this.",
  noSession: "There is no such session.",
  tooLarge: (megabytes: number) => `The draft is too large to send (a DL text of up to ${megabytes} MB is taken).`,
  answered: (status: number) => `The server answered ${status}.`,
} as const;

/** A page that cannot open. */
export const pageError = {
  title: "Cannot open this page",
  notASession: "This address is not a session.",
} as const;

/** Who an author code is, for people (client/authors.ts, client/cursor.ts). */
export const authors = {
  importLabel: "Imported",
  importName: "the uploaded draft (author not recorded)",
  chair: "Chair",
  secretariat: "Secretariat",
  theChair: "the chair",
  theSecretariat: "the secretariat",
  guest: "Guest",
} as const;

/** A join link: its copy button and its dialog with the QR code. */
export const links = {
  copy: "Copy link",
  copyFor: (label: string) => `Copy link for ${label}`,
  copied: "Copied ✓",
  selectAndCopy: "Select and copy",
  qrOf: (seat: string) => `QR code of the link for ${seat}`,
  linkFor: (seat: string) => `Link for ${seat}`,
  whoeverOpens: "Whoever opens this link takes this seat. Reissue it from the roster to cut it off.",
} as const;

/** "Downloaded DL-23-E-Rev3.docx". */
export const downloaded = (fileName: string) => `Downloaded ${fileName}`;
