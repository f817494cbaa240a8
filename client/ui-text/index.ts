/**
 * Every word the interface shows, in one place: a later translation of the interface is a matter
 * of this folder. Plain strings are constants grouped by screen; strings built from values are
 * small functions (`strings.changes.count(n)` says "1 change" or "3 changes"). The draft's own
 * text, author codes, CSS classes, data-* values and the server's messages are not here.
 * The interface is English for now; the draft may be in any of the six languages.
 */
import { api, authors, dialog, downloaded, links, pageError } from "./common.ts";
import { manageShell, newShell, sessionShell, shell } from "./pages.ts";
import { connection, lock, projector, refusal, session } from "./room.ts";
import { bracket, caret, find, keys, legend, marks, toolbar, trackToggle, typingFor } from "./drafting.ts";
import { chair, changes, entry } from "./changes.ts";
import { comments, compare, exports, history, revisions, speakers } from "./panels.ts";
import { createdLinks, importSummary, manage, newSession, roster } from "./seats.ts";
import { word } from "./word.ts";

export { counted, noun } from "./plural.ts";

/** The interface's strings, by screen and idea. */
export const strings = {
  pages: { shell, sessionShell, manageShell, newShell },
  dialog,
  api,
  pageError,
  authors,
  links,
  downloaded,
  session,
  connection,
  refusal,
  lock,
  projector,
  toolbar,
  trackToggle,
  typingFor,
  bracket,
  marks,
  caret,
  find,
  keys,
  legend,
  changes,
  entry,
  chair,
  comments,
  speakers,
  history,
  revisions,
  exports,
  compare,
  manage,
  roster,
  newSession,
  createdLinks,
  importSummary,
  word,
} as const;

/** The shape of {@link strings}: a translation must give every key. */
export type InterfaceStrings = typeof strings;
