import * as Y from "yjs";
import { prosemirrorToYXmlFragment } from "y-prosemirror";
import { parse } from "../shared/dl/parse.ts";
import { checkRoster } from "../shared/delegation.ts";
import { BODY, META } from "../shared/yjs/meta.ts";
import type { SessionLinks } from "../shared/protocol.ts";
import { issueRoster, joinLink, newId } from "./participants.ts";
import type { Delegation } from "./participants.ts";
import type { Store } from "./store.ts";
import type { ImportReport } from "../shared/dl/report.ts";

/**
 * A new session from DL text: the parsed draft goes into the Y.Doc (`body` fragment,
 * `meta` map), the roster is issued, and both are stored in one transaction.
 */


/** What a session is created from. */
export interface SessionDraft {
  title: string;
  /** DL text; a DLInputError is thrown if it is not. */
  text: string;
  delegations: readonly Delegation[];
}

/** A created session: its id and every join link. */
export interface CreatedSession {
  id: string;
  links: SessionLinks;
  /** What the import found in the DL text (absent for a session kept from before). */
  report?: ImportReport;
}

/** The Y.Doc state of a draft: the parsed DL text in `body`, title and doc attrs in `meta`. */
export function initialState(title: string, text: string): Uint8Array {
  return initialDraft(title, text).state;
}

/** The Y.Doc state of a draft and the import report of its DL text (what could not be paired, what it holds). */
export function initialDraft(title: string, text: string): { state: Uint8Array; report: ImportReport } {
  const { doc, report } = parse(text);
  const ydoc = new Y.Doc();
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment(BODY));
    const meta = ydoc.getMap(META);
    meta.set("title", title);
    meta.set("eol", doc.attrs.eol as string);
    meta.set("trailing", doc.attrs.trailing as number);
  });
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return { state, report };
}

/**
 * Creates a session: parses the DL text (throws DLInputError), issues the roster and stores
 * the initial document as the first entry of the log (participant: none, the import).
 */
export function createSession(store: Store, draft: SessionDraft, baseUrl: string): CreatedSession {
  checkRoster(draft.delegations);
  const title = draft.title.trim();
  if (title === "") throw new RangeError("session title is empty");
  const { state, report } = initialDraft(title, draft.text);
  const id = newId();
  const issued = store.transaction(() => {
    const now = Date.now();
    store.insertSession({ id, title, createdAt: now });
    const roster = issueRoster(store, id, draft.delegations);
    store.appendUpdate(id, null, state, now);
    return roster;
  });
  const link = (token: string) => joinLink(baseUrl, id, token);
  const tokenOf = (role: string) => issued.find((p) => p.record.role === role)!.token;
  const delegations: Record<string, string> = {};
  for (const p of issued) if (p.record.role === "delegation") delegations[p.record.code!] = link(p.token);
  return {
    id,
    links: { chair: link(tokenOf("chair")), secretariat: link(tokenOf("secretariat")), observer: link(tokenOf("observer")), delegations },
    report,
  };
}
