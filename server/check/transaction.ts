import type * as Y from "yjs";
import type { Actor } from "../../shared/permissions.ts";
import { mayChangeDocument, mayChangeMeta, mayWriteDecisions } from "../../shared/permissions.ts";
import { DECISIONS_ARRAY } from "../../shared/track/decision.ts";
import { align } from "./align.ts";
import { flatten } from "./flatten.ts";
import { actorRules } from "./judge.ts";
import { collectTouched } from "./touched.ts";
import { Views } from "./views.ts";

/**
 * The check of one transaction against its sender's role: called while Yjs cleans up
 * the transaction (its `beforeObserverCalls` event), before the doc's `update` event
 * hands the update on to be stored and relayed. Work is in proportion to the items the
 * transaction added and deleted and to the blocks they lie in.
 */

/** The `meta` map: title and document attributes. */
const META = "meta";

/** Why the transaction is refused for `actor`, or null when every change in it is allowed. */
export function checkTransaction(transaction: Y.Transaction, body: Y.XmlFragment, actor: Actor): string | null {
  const refused = mayChangeDocument(actor);
  if (refused) return refused;
  if (actor.role === "chair") return null;
  const views = new Views(transaction);
  const touched = collectTouched(views, body);
  if (touched.strange) return touched.strange;
  for (const root of touched.roots) {
    const reason = root === META ? mayChangeMeta(actor) : root === DECISIONS_ARRAY ? mayWriteDecisions(actor) : `writing outside the draft ("${root}")`;
    if (reason) return reason;
  }
  for (const stretch of touched.stretches) {
    const before = flatten(stretch.items, stretch.container, views, "before");
    const after = flatten(stretch.items, stretch.container, views, "after");
    const alignment = align(before, after, actorRules(actor, before, after));
    if ("refused" in alignment) return alignment.refused;
  }
  return null;
}

