import * as Y from "yjs";
import type { Actor } from "../../shared/permissions.ts";
import { mayChangeDocument, mayChangeMeta, mayWriteDecisions, mayWriteAs, authorName } from "../../shared/permissions.ts";
import { mayDecide } from "../../shared/roles.ts";
import { schema } from "../../shared/schema.ts";
import { DECISIONS_ARRAY, isDecision } from "../../shared/track/decision.ts";
import { COMMENTS_ARRAY, commentProblem } from "../../shared/track/comment.ts";
import { BODY_ORDER, ModelError } from "../../shared/yjs/read.ts";
import { checkMetaValue, META } from "../../shared/yjs/meta.ts";
import { align } from "./align.ts";
import { ChangeIds } from "./change-ids.ts";
import { childNames, flatten, placeOf } from "./flatten.ts";
import { actorRules } from "./judge.ts";
import type { Token } from "./tokens.ts";
import { collectTouched } from "./touched.ts";
import type { Stretch } from "./touched.ts";
import { Views } from "./views.ts";

/**
 * The check of one transaction against its sender's role: called while Yjs cleans up
 * the transaction (its `beforeObserverCalls` event), before the doc's `update` event
 * hands the update on to be stored and relayed. Work is in proportion to the items the
 * transaction added and deleted and to the blocks they lie in.
 *
 * Two questions, in order:
 * 1. Is the draft still a valid draft where the transaction touched it? Every touched
 *    block is read with the strict reader (shared/yjs/read.ts) and every touched
 *    container's children must follow its content expression. For everyone, the chair
 *    included: nothing accepted can make a client's editor fail to build the text.
 * 2. May this participant make these changes? The touched stretches are read before and
 *    after, lined up, and each change is put to the role rules (shared/permissions.ts).
 *    Content whose Y element or text the transaction deleted counts as removed even if an
 *    identical copy stands after it (an identity swap would lose a concurrent proposal
 *    made into the old element). A change id new to the stretch must not be another
 *    author's (ChangeIds).
 */

/**
 * Why the transaction is refused for `actor`, or null when every change in it is allowed
 * (its ids are then recorded in `ids`). `carried`: ids of new structs the server carried
 * to the copy of the text they landed in (check/carry.ts), which are not lost; `links`:
 * an item of moved text and one of its copy, for each move (read as one stretch).
 */
export function checkTransaction(
  transaction: Y.Transaction,
  body: Y.XmlFragment,
  actor: Actor,
  ids: ChangeIds = new ChangeIds(),
  carried: ReadonlySet<string> = new Set(),
  links: readonly (readonly [Y.Item, Y.Item])[] = [],
): string | null {
  const refused = mayChangeDocument(actor);
  if (refused) return refused;
  const views = new Views(transaction);
  const touched = collectTouched(views, body, carried, links);
  if (touched.strange) return touched.strange;
  if (touched.lost) return touched.lost;
  for (const [root, items] of touched.roots) {
    const reason =
      root === META ? checkMeta(items, actor) : root === DECISIONS_ARRAY ? checkDecisions(items, views, actor) : root === COMMENTS_ARRAY ? checkComments(items, views, actor) : `writing outside the draft ("${root.slice(0, 40)}")`;
    if (reason) return reason;
  }
  const fresh: { id: string; by: string }[] = [];
  for (const stretch of touched.stretches) {
    const reason = checkStretch(stretch, views, actor, ids, fresh);
    if (reason) return reason;
  }
  for (const change of fresh) ids.see(change);
  return null;
}

function checkStretch(stretch: Stretch, views: Views, actor: Actor, ids: ChangeIds, fresh: { id: string; by: string }[]): string | null {
  let after: Token[];
  try {
    after = flatten(stretch.items, stretch.container, views, "after");
    checkOrder(stretch, views);
  } catch (error) {
    if (error instanceof ModelError) return `the draft would not be valid: ${error.message}`;
    throw error;
  }
  let before: Token[] | null = null;
  try {
    before = flatten(stretch.items, stretch.container, views, "before");
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    // Stored before validation was strict: only the chair may repair it.
    if (!mayDecide(actor.role)) return `${error.where} cannot be read (${error.problem}); only the chair can change it`;
  }
  const newIds = idsNewIn(before ?? [], after);
  for (const change of newIds) fresh.push(change);
  if (mayDecide(actor.role) || !before) return null;
  const alignment = align(before, after, actorRules(actor, before, after));
  if ("refused" in alignment) return alignment.refused;
  for (const { id, by } of newIds) {
    const owner = ids.owner(id);
    if (owner !== undefined && owner !== by) return `reusing the id of ${authorName(owner)}'s change`;
    if (!mayWriteAs(actor, by)) return `writing as ${authorName(by)}`;
  }
  return null;
}

/** The change ids (marks and whole-block changes) that stand after but not before. */
function idsNewIn(before: readonly Token[], after: readonly Token[]): { id: string; by: string }[] {
  const known = new Set<string>();
  const eachChange = (tokens: readonly Token[], see: (id: string, by: string) => void) => {
    let lastSig = "";
    for (const token of tokens) {
      if (token.kind === "char") {
        if (token.marks.sig === lastSig) continue;
        lastSig = token.marks.sig;
        for (const mark of token.marks.marks) changeOf(mark.attrs, see);
      } else if (token.kind === "block") {
        changeOf(token.info.attrs.inserted, see);
        changeOf(token.info.attrs.deleted, see);
      }
    }
  };
  eachChange(before, (id) => known.add(id));
  const fresh = new Map<string, string>();
  eachChange(after, (id, by) => {
    if (!known.has(id) && !fresh.has(id)) fresh.set(id, by);
  });
  return [...fresh].map(([id, by]) => ({ id, by }));
}

function changeOf(value: unknown, see: (id: string, by: string) => void): void {
  if (typeof value !== "object" || value === null) return;
  const { id, by } = value as { id?: unknown; by?: unknown };
  if (typeof id === "string" && typeof by === "string") see(id, by);
}

/** The touched container's children still follow its content expression (names only: each child was read whole). */
function checkOrder(stretch: Stretch, views: Views): void {
  const first = stretch.items[0];
  if (!first) return;
  const parent = first.parent as Y.AbstractType<any>;
  const nodeType = stretch.container === "body" ? schema.topNodeType : schema.nodes.clause_group!;
  let match: ReturnType<typeof nodeType.contentMatch.matchType> = nodeType.contentMatch;
  for (const name of childNames(parent, views.after)) {
    const type = name === null ? undefined : schema.nodes[name];
    match = type && match ? match.matchType(type) : null;
    if (!match) break;
  }
  if (match && match.validEnd) return;
  const where = stretch.container === "body" ? "the document" : parent._item ? placeOf(parent._item, views.after) : "a clause group";
  throw new ModelError(where, stretch.container === "body" ? BODY_ORDER : "a clause group holds one heading, then clauses and paragraphs");
}

/** The `meta` map: the chair only, and only its known keys with valid values. */
function checkMeta(items: Set<Y.Item>, actor: Actor): string | null {
  const refused = mayChangeMeta(actor);
  if (refused) return refused;
  for (const item of items) {
    if (item.deleted || item.parentSub === null) continue;
    const content = item.content.getContent();
    const problem = checkMetaValue(item.parentSub, content[content.length - 1]);
    if (problem) return `the session's metadata would not be valid: ${problem}`;
  }
  return null;
}

/** The decision log: the chair only, appending entries that are decisions. */
function checkDecisions(items: Set<Y.Item>, views: Views, actor: Actor): string | null {
  const refused = mayWriteDecisions(actor);
  if (refused) return refused;
  for (const item of items) {
    if (item.parentSub !== null) return "the decision log is a list, not a map";
    if (!views.added(item) || item.deleted) continue;
    if (!(item.content instanceof Y.ContentAny)) return "the decision log holds decisions only";
    for (const value of item.content.getContent()) if (!isDecision(value)) return "an entry of the decision log is not a decision";
  }
  return null;
}

/**
 * The comments log: appended to by anyone who may propose, each entry a comment, reply or
 * resolution in its author's own name (the secretariat's for the delegation it types for);
 * resolving is the chair's; nothing written is taken out.
 */
function checkComments(items: Set<Y.Item>, views: Views, actor: Actor): string | null {
  for (const item of items) {
    if (item.parentSub !== null) return "the comments are a list, not a map";
    if (!views.added(item)) {
      if (item.deleted) return "taking out a comment: comments stay as the room's record";
      continue;
    }
    if (item.deleted) continue;
    if (!(item.content instanceof Y.ContentAny)) return "the comments hold comments only";
    for (const value of item.content.getContent()) {
      const problem = commentProblem(value);
      if (problem) return `a comment is not valid: ${problem}`;
      const entry = value as { kind: string; by: string };
      if (!mayWriteAs(actor, entry.by)) return `commenting as ${authorName(entry.by)}`;
      if (entry.kind === "resolve" && actor.role !== "chair") return "resolving a comment is for the chair";
    }
  }
  return null;
}
