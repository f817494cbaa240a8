import { Plugin } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import { touchesLockedClause } from "../shared/track/status.ts";
import { mayEditClause } from "../shared/roles.ts";
import type { Role } from "../shared/protocol.ts";
import { strings } from "./ui-text/index.ts";

/** The message a participant gets when an edit touches an agreed clause. */
export const LOCKED_MESSAGE = strings.lock.locked;

/**
 * Keeps agreed clauses as agreed: a participant whose role may not edit an agreed clause (all but
 * the chair) cannot change text or attributes in one, and is told why. Transactions from Yjs are
 * never filtered: they mirror what the Y.Doc already holds, and dropping one would desynchronise.
 */
export function clauseLock(role: Role, refused: (message: string) => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (!tr.docChanged || mayEditClause(role, "agreed") || tr.getMeta(ySyncPluginKey) !== undefined) return true;
      if (!touchesLockedClause(state, tr)) return true;
      refused(LOCKED_MESSAGE);
      return false;
    },
  });
}
