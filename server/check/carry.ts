import * as Y from "yjs";
import { mayWriteAs } from "../../shared/permissions.ts";
import type { Actor } from "../../shared/permissions.ts";
import { commonPairs } from "./diff.ts";
import { itemAt } from "./moves.ts";
import type { Moves } from "./moves.ts";
import type { DecodedUpdate } from "./no-change.ts";
import { canonical } from "./tokens.ts";
import { markNameOfKey } from "../../shared/yjs/mark-key.ts";

/**
 * Carries concurrent changes over onto text an update moved (issue 9: the check must
 * refuse no honest update, and no concurrent proposal may be lost).
 *
 * y-prosemirror writes a split, a join or a paste inside a clause as "delete the text
 * that moves, insert a copy where it goes": Yjs has no move. A change someone else made
 * to the moved text meanwhile, which the mover had not seen, stays behind on the
 * deleted original: a strike or a bracket would vanish from the copy, text the chair
 * removed would come back in it, words typed inside it would be left at the end of the
 * old clause or dropped with it. The server, which holds every change, finishes the
 * move in the same Yjs transaction, under its own client id, before the check reads it:
 *
 * - **the move arrives second**: a moved character's copy gets the change marks
 *   (insertion, deletion, bracket) others put on the original meanwhile, and loses
 *   others' marks the original no longer carries (a decision or a withdrawal the mover
 *   had not seen); the copy of text already removed on the server is removed;
 *   characters others typed inside the moved text move with it;
 * - **the move arrived first** (the room remembers recent moves, check/moves.ts): a
 *   change made into the original by someone who had not seen the move (words typed
 *   into it, a mark put on or taken off it) is made to the copy;
 * - characters an update's author had not seen (they lie between one of its new items'
 *   origins, which were neighbours when it wrote) keep the formatting they had,
 *   whatever formatting items of that author Yjs placed around them;
 * - and the other way round, words it typed where others had meanwhile struck or
 *   bracketed are not given marks their authors never saw: not another's strike over them
 *   under a key the update never wrote, not a mark that starts or ends right where they
 *   were typed (planInherited, planPassed).
 *
 * What a sender had seen is read from its update: the items it deleted were visible to
 * it, each new item's origin and right origin were neighbours in its copy, and Yjs
 * never gives a new item a deleted right origin (it steps over deleted items), so an
 * edit whose right origin the server holds as moved was made before its author saw the
 * move. The check then judges the finished transaction, so an update is still refused
 * for anything its sender did that its role does not allow; carrying never removes a
 * participant's mark for another (it restores marks) nor adds one the server did not
 * hold on the same character.
 */

/** One character of a text run, wherever it stands (visible, deleted now, or deleted before). */
interface Char {
  item: Y.Item;
  offset: number;
  /** Null when Yjs has already dropped the content of a character deleted earlier. */
  ch: string | null;
  /** Formatting on each side of the transaction (null where not visible on that side). */
  before: Attrs | null;
  after: Attrs | null;
}

type Attrs = ReadonlyMap<string, unknown>;

/** Text of one formatting: given whole, or as the sender's formatting items over what it follows. */
type Piece = { text: string; attrs: Record<string, unknown> } | { text: string; formats: Record<string, unknown> };

/** What the server does to finish the transaction, by the Yjs ids of the characters concerned. */
interface Plan {
  formats: { at: Y.ID; key: string; value: unknown }[];
  /**
   * Text to write after the character `after` (or before `before`), in pieces of one
   * formatting each (see {@link Piece}); each character is recorded as the copy of `from`.
   */
  inserts: { after: Y.ID | null; before: Y.ID | null; pieces: Piece[]; from: Y.ID[] }[];
  deletes: Y.ID[];
  /** Original and copy of each character the update moved. */
  moved: [Y.ID, Y.ID][];
  /** New structs of the update (by id) that the server carried elsewhere: not lost where they landed. */
  carried: Set<string>;
  /** Attributes to set on blocks that stand for re-created ones. */
  attributes: { element: Y.XmlElement; key: string; value: unknown }[];
}

/** What {@link carry} did. */
export interface Carried {
  /** How many operations the server added to the transaction. */
  operations: number;
  /** Original and copy of each character moved, for the room's {@link Moves} once the update is accepted. */
  moved: [Y.ID, Y.ID][];
  /** The update's structs (by id, "client:clock") that landed in removed text and were carried to its copy. */
  carried: Set<string>;
  /** For each move, an item of the moved text and one of its copy (the check reads them as one stretch). */
  links: [Y.Item, Y.Item][];
  /** Blocks the update re-created to move their text: the old block's attribute items, and the new block (for the room's {@link Moves}). */
  blocks: [[Y.ID, string][], Y.ID][];
}

/** The key under which the room's record of a re-created block names the old block itself (not one of its attributes). */
export const BLOCK = "";

/** The bound on the differences the matching of moved text looks for (as in the check's alignment). */
const MAX_DIFFERENCES = 2000;

/** The most characters an update may delete for its moves to be finished: a split, a join or a paste, not a bulk rewrite. */
const MAX_MOVED = 20_000;

/** The shortest run of characters deleted here and inserted there that counts as moved. */
const MIN_RUN = 3;

/**
 * Finishes, inside `transaction` (the member's update just applied, not yet cleaned up),
 * the moves the update made and the edits it made into text moved before it came;
 * `decoded` is the update itself, `moves` the room's record of recent moves.
 */
export function carry(transaction: Y.Transaction, decoded: DecodedUpdate, actor: Actor, moves: Moves, everyDeletion = false): Carried {
  const scope = new Scope(transaction, moves);
  const plan: Plan = { formats: [], inserts: [], deletes: [], moved: [], carried: new Set(), attributes: [] };
  planLate(scope, decoded, moves, plan);
  planMoves(scope, decoded.ds, ownerOf(decoded, actor), moves, plan, everyDeletion);
  planOrphaned(scope, decoded, actor, plan);
  planUnseen(scope, plan);
  planRestored(scope, plan);
  planRunOn(scope, decoded, ownerOf(decoded, actor), plan);
  planInherited(scope, decoded, actor, plan);
  planPassed(scope, plan);
  planRelied(scope, decoded, ownerOf(decoded, actor), plan);
  planCleaned(scope, actor, plan);
  planRemovedMeanwhile(scope, decoded, ownerOf(decoded, actor), plan);
  planEndedUnseen(scope, decoded, actor, plan);
  const blocks = recreated(scope, plan.moved);
  planKept(scope, blocks, actor, plan);
  const operations = plan.formats.length + plan.inserts.length + plan.deletes.length + plan.attributes.length;
  if (operations > 0) apply(transaction.doc, plan);
  const placed = placeSplitBlocks(scope, plan);
  // Each old block's attribute items by key, and the old block itself (as BLOCK).
  const ids = [...blocks].map(([oldBlock, newBlock]) => [[...[...oldBlock._map].map(([name, item]) => [item.id, name] as [Y.ID, string]), [oldBlock._item!.id, BLOCK] as [Y.ID, string]], newBlock._item!.id] as [[Y.ID, string][], Y.ID]);
  return { operations: operations + placed, moved: plan.moved, carried: plan.carried, links: linksOf(transaction.doc.store, plan.moved), blocks: ids };
}

/** Visibility of items on both sides of the transaction in progress, and the runs read so far. */
class Scope {
  private readonly deletedNow = new Map<number, { clock: number; len: number }[]>();
  private readonly runs = new Map<Y.XmlText, Char[]>();
  private readonly indexes = new Map<Y.XmlText, Map<string, Char>>();

  constructor(
    readonly transaction: Y.Transaction,
    private readonly moves: Moves,
  ) {
    for (const [client, ranges] of transaction.deleteSet.clients) this.deletedNow.set(client, [...ranges]);
  }

  added(item: Y.Item): boolean {
    return item.id.clock >= (this.transaction.beforeState.get(item.id.client) ?? 0);
  }

  private removedNow(client: number, clock: number): boolean {
    return (this.deletedNow.get(client) ?? []).some((r) => clock >= r.clock && clock < r.clock + r.len);
  }

  visibleBefore(item: Y.Item, offset = 0): boolean {
    if (this.added(item)) return false;
    return !item.deleted || this.removedNow(item.id.client, item.id.clock + offset);
  }

  /** The character with this id, as its run reads it (null if it is not in a text run). */
  charAt(id: Y.ID): Char | null {
    const item = itemAt(this.transaction.doc.store, id);
    const text = item && textOf(item);
    if (!item || !text) return null;
    let index = this.indexes.get(text);
    if (!index) this.indexes.set(text, (index = new Map(this.run(text).map((c) => [`${c.item.id.client}:${c.item.id.clock + c.offset}`, c]))));
    return index.get(`${id.client}:${id.clock}`) ?? null;
  }

  /** Every character of a text run in list order, with its formatting before and after. */
  run(text: Y.XmlText): Char[] {
    let chars = this.runs.get(text);
    if (chars) return chars;
    chars = [];
    let before = new Map<string, unknown>();
    let after = new Map<string, unknown>();
    for (let item = text._start; item !== null; item = item.right) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (this.visibleBefore(item)) before = withFormat(before, content);
        if (!item.deleted) after = withFormat(after, content);
        continue;
      }
      if (!(content instanceof Y.ContentString) && !(content instanceof Y.ContentDeleted)) continue;
      const str = content instanceof Y.ContentString ? content.str : null;
      for (let offset = 0; offset < item.length; offset++) {
        chars.push({
          item,
          offset,
          ch: str === null ? this.moves.removedChar({ client: item.id.client, clock: item.id.clock + offset } as Y.ID) : str[offset]!,
          before: this.visibleBefore(item, offset) ? before : null,
          after: item.deleted ? null : after,
        });
      }
    }
    this.runs.set(text, chars);
    return chars;
  }
}

function withFormat(attrs: Map<string, unknown>, format: Y.ContentFormat): Map<string, unknown> {
  const next = new Map(attrs);
  if (format.value === null) next.delete(format.key);
  else next.set(format.key, format.value);
  return next;
}

/**
 * The moved text: the characters the update deleted (in document order) lined up with
 * the characters it inserted; each pair in a run of at least MIN_RUN is a character and
 * its copy.
 */
function planMoves(scope: Scope, ds: DecodedUpdate["ds"], actor: Owner, moves: Moves, plan: Plan, everyDeletion: boolean): void {
  const store = scope.transaction.doc.store;
  // A bulk rewrite (the chair's accept-all) is no one's split: it is not lined up.
  let deleted = 0;
  for (const ranges of ds.clients.values()) for (const { len } of ranges) deleted += len;
  if (deleted > MAX_MOVED) return;
  const fromTexts = new Set<Y.XmlText>();
  // What it said, of text the update deleted that the server had already removed with its block.
  const collected: Pick<Char, "ch" | "before">[] = [];
  // Characters another's move had taken elsewhere, whose original the server has since
  // removed with its block and collected (Yjs keeps no place for them): where they went.
  const takenAway = new Set<Char>();
  for (const [client, ranges] of ds.clients) {
    const structs = store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      if (clock >= Y.getState(store, client)) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        const struct = structs[i]!;
        const text = textOf(struct);
        if (text && (scope.visibleBefore(struct as Y.Item) || moves.copyOf(store, struct.id) || moves.removedChar(struct.id) !== null)) fromTexts.add(text);
        if (struct instanceof Y.GC) {
          for (let k = Math.max(clock, struct.id.clock); k < Math.min(clock + len, struct.id.clock + struct.length); k++) {
            const id = { client, clock: k } as Y.ID;
            // Taken elsewhere by another's move before its block was removed (and collected).
            const copy = everyDeletion ? null : moves.copyOf(store, id);
            const there = copy && scope.charAt(copy);
            if (there && there.before !== null && there.after !== null) {
              takenAway.add(there);
              continue;
            }
            const ch = moves.removedChar(id);
            if (ch !== null) collected.push({ ch, before: null });
          }
        }
      }
    }
  }
  if (fromTexts.size === 0 && collected.length === 0 && takenAway.size === 0) return;
  const toTexts = new Set<Y.XmlText>();
  for (const item of addedItems(scope.transaction)) {
    const text = item.content instanceof Y.ContentString && !item.deleted ? textOf(item) : null;
    if (text) toTexts.add(text);
  }
  if (toTexts.size === 0) return;
  if (fromTexts.size === 0 && takenAway.size === 0) {
    const to = inDocumentOrder([...toTexts]).flatMap((text) => scope.run(text).filter((c) => scope.added(c.item) && c.after !== null));
    return planRemovedWhole(scope, collected, to, plan);
  }
  // Lined up on what the mover deleted now: text already removed on the server cannot
  // be told apart from older deletions the mover knew of (a reconnecting client sends
  // them all), and Yjs has dropped its content.
  const inDs = (c: Char) => Y.isDeleted(ds, idOf(c));
  // Text another's move had already taken elsewhere is moved from where it went: the
  // mover deleted it in a view that had not seen that move. Not for a reconnecting client's
  // sync step 2 (`everyDeletion`): its delete set holds every deletion it knows of, the
  // other's move's own among them, so it proves nothing, and new words of its own that
  // happen to repeat the moved ones must not take them away.
  const taken = new Set<Char>(takenAway);
  const texts = new Set([...fromTexts, ...[...takenAway].map((c) => textOf(c.item)!)]);
  const all = inDocumentOrder([...texts])
    .flatMap((text) => scope.run(text).filter((c) => takenAway.has(c) || (fromTexts.has(text) && inDs(c))))
    .map((c) => {
      if (c.before !== null || everyDeletion) return c;
      const copy = moves.copyOf(store, idOf(c));
      const there = copy && scope.charAt(copy);
      if (!there || there.before === null || there.after === null) return c;
      taken.add(there);
      return there;
    });
  const stay = splitAhead(scope, all, taken, moves);
  const from = all.filter((c) => c.before !== null);
  const to = inDocumentOrder([...toTexts]).flatMap((text) => scope.run(text).filter((c) => scope.added(c.item) && c.after !== null));
  if (to.length === 0) return;
  if (from.length === 0) return planRemovedWhole(scope, all, to, plan);
  // Text removed on the server meanwhile, which the mover (not having seen the removal)
  // deleted and copied with the rest, is lined up too, by what it said (as the room
  // remembers it): a run of moved text is not cut short by it (an Enter before "ly " whose
  // "ly" another had just taken out moves " " alone, less than MIN_RUN). Not for a sync
  // step 2, whose delete set holds every deletion its sender knows of.
  const line = everyDeletion ? from : all.filter((c) => c.before !== null || c.ch !== null);
  // Equal letters can line up several ways: lined up from the start, new words before the
  // moved text can take its first letters (a paste: "to ensure ..." before "ue to con..."),
  // so it is also lined up from the end, and the reading that moves more is taken.
  const n = line.length;
  const m = to.length;
  const forward = commonPairs(n, m, (b, a) => line[b]!.ch === to[a]!.ch, MAX_DIFFERENCES);
  const backward = commonPairs(n, m, (b, a) => line[n - 1 - b]!.ch === to[m - 1 - a]!.ch, MAX_DIFFERENCES);
  if (!forward || !backward) return;
  const splitTail = (b0: number, b1: number, a0: number) => isSplitTail(scope, line, to, b0, b1, a0);
  const first = withMovedText(line, movedRuns(forward, splitTail));
  const second = withMovedText(line, movedRuns(backward.map(([b, a]) => [n - 1 - b, m - 1 - a] as [number, number]).reverse(), splitTail));
  const kept = second.length > first.length ? second : first;
  const copyOf = new Map<Char, Char>();
  const moved: [number, number][] = [];
  const back: MovesBackCache = { paths: new Map(), leading: new Map() };
  // Copies that go because their original stays where another's move took it: the original, by the copy's index in `to`.
  const stayed = new Map<number, Char>();
  const known = stay.size > 0 ? changeIdsIn(scope, texts) : null;
  for (const [b, a] of kept) {
    const original = line[b]!;
    const copy = to[a]!;
    if (stay.has(original) || original.before === null || (taken.has(original) && movesBack(scope, original, copy, taken, back))) {
      // Another's split already put it after this one's: it stays there, the copy goes.
      // Or it was removed meanwhile: its copy goes too (as in planRemoved). Or another's
      // move had taken it into the middle of a later block's text: it stays there too.
      plan.deletes.push(idOf(copy));
      if (known && stay.has(original)) {
        stayed.set(a, original);
        carryNewMarks(copy, original, known, plan);
      }
      continue;
    }
    moved.push([b, a]);
    copyOf.set(original, copy);
    if (taken.has(original)) plan.deletes.push(idOf(original));
    plan.moved.push([idOf(original), idOf(copy)]);
    carryMarks(original.before!, copy, actor, plan);
  }
  const index = new Map(all.map((c, i) => [c, i]));
  planRemoved(all, to, moved.map(([b, a]) => [index.get(line[b]!)!, a] as [number, number]), plan);
  planStranded(scope, fromTexts, new Set(from), copyOf, inDs, plan);
  planFollowing(to, kept, stayed, plan);
}

/**
 * The change ids on the characters of `texts` before the update: a mark whose id is not among
 * them is one the update itself makes there.
 */
function changeIdsIn(scope: Scope, texts: Iterable<Y.XmlText>): Set<string> {
  const ids = new Set<string>();
  for (const text of texts) {
    let last: Attrs | null = null;
    for (const c of scope.run(text)) {
      if (c.before === null || c.before === last) continue;
      last = c.before;
      for (const value of c.before.values()) if (isChange(value)) ids.add(value.id);
    }
  }
  return ids;
}

/**
 * The marks the update itself makes on a copy that goes because its original stays where
 * another's move had taken it (splitAhead): made on that original. Its sender changed the
 * text it saw by writing it again with new marks (y-prosemirror rewrites what its diff
 * cannot format): the secretariat, striking for RUS words RUS's Enter had meanwhile moved
 * into a new clause, wrote them again struck; the copies went and RUS's clause kept the
 * words unstruck (fuzz seed 6 op #207). Only marks whose change is new (on none of these
 * texts' characters before), which the check then judges as the sender's; not an insertion
 * (new words of the sender's that happen to spell the moved ones are not those words).
 */
function carryNewMarks(copy: Char, original: Char, known: ReadonlySet<string>, plan: Plan): void {
  for (const [key, value] of copy.after!) {
    // A new insertion over the copy says it is new words, not the moved ones: not for others' words.
    if (!isChange(value) || known.has(value.id) || markNameOfKey(key) === "insertion") continue;
    if (!same(original.after?.get(key) ?? null, value)) plan.formats.push({ at: idOf(original), key, value });
  }
}

/**
 * New words the update typed right after a copy that goes because its original stays where
 * another's move had taken it: written after that original, where they were typed in their
 * sender's view, with the formatting their sender gave them. y-prosemirror types a letter
 * after an equal old one and makes the old one the new letter ("engagem|ent" typed over as
 * "engageme|e|nt", the old "e" marked as the insertion): RUS's Enter had moved "engagement"
 * into a new clause, the old "e" there was marked (planLate), and the new "e" was left alone
 * in the old clause, refused "inserting text without your insertion mark" (fuzz seed 6 op #207).
 */
function planFollowing(to: readonly Char[], kept: readonly [number, number][], stayed: ReadonlyMap<number, Char>, plan: Plan): void {
  if (stayed.size === 0) return;
  const paired = new Set(kept.map(([, a]) => a));
  for (const [a, original] of stayed) {
    let j = a + 1;
    while (j < to.length && !paired.has(j) && to[j]!.item.parent === to[a]!.item.parent) j++;
    if (j === a + 1) continue;
    const run = to.slice(a + 1, j);
    plan.inserts.push({ after: idOf(original), before: null, pieces: run.map((c) => ({ text: c.ch!, attrs: Object.fromEntries(c.after!) })), from: run.map(idOf) });
    for (const c of run) plan.deletes.push(idOf(c));
  }
}

/**
 * Whether moving the character `original`, which another's move had taken elsewhere, to
 * the mover's `copy` would carry it back over text standing before it: its text comes
 * after the copy's in the document and holds, before it, characters the update leaves in
 * place (not a run of taken text starting a block: two splits of one clause, splitAhead).
 * The mover deleted it where it stood in its own view, not there; lifted out of the
 * middle of that later block into an earlier one, the words would read as removed there
 * and written anew by the mover. CHN's Enter split RUS's words "within existing
 * resources, " in RUS's clause; unseen, the server had meanwhile carried them into the
 * text of the next clause (a late edit into text CHN's own earlier Enter had moved):
 * "ng resources, " was taken from the middle of that clause into CHN's new one before it,
 * refused "writing as RUS" (fuzz seed 7 op #588). They stay where they were; the copy goes.
 */
function movesBack(scope: Scope, original: Char, copy: Char, taken: ReadonlySet<Char>, cache: MovesBackCache): boolean {
  const from = textOf(original.item)!;
  const to = textOf(copy.item)!;
  const path = (text: Y.XmlText) => {
    let p = cache.paths.get(text);
    if (!p) cache.paths.set(text, (p = pathOf(text)));
    return p;
  };
  if (from === to || comparePaths(path(to), path(from)) >= 0) return false;
  // The copy's block is a split's new one, written before a block the sender had not seen
  // (Yjs orders blocks added at one place by client id): it goes after it (placeSplitBlocks).
  if (placedAfter(scope, to, from)) return false;
  // Is it past the first character of its text that stays where it stood?
  let leading = cache.leading.get(from);
  if (!leading) {
    leading = new Set();
    for (const c of scope.run(from)) {
      leading.add(c);
      if (c.before !== null && c.after !== null && !taken.has(c)) break;
    }
    cache.leading.set(from, leading);
  }
  return !leading.has(original);
}

/**
 * Whether `to` lies in a block the update added whose sender had not seen the block of
 * `from`, standing between the new block's neighbours in its view (another's split of the
 * same clause, arrived first): the new block follows its source wherever Yjs put it.
 */
function placedAfter(scope: Scope, to: Y.XmlText, from: Y.XmlText): boolean {
  const store = scope.transaction.doc.store;
  for (let type: Y.AbstractType<any> | null = to; type !== null && type._item !== null; type = type._item.parent as Y.AbstractType<any>) {
    const block = type._item;
    if (!scope.added(block) || block.parentSub !== null) continue;
    // The sibling of the new block that holds `from`.
    let sibling: Y.Item | null = from._item;
    while (sibling !== null && sibling.parent !== block.parent) sibling = (sibling.parent as Y.AbstractType<any>)._item;
    if (sibling === null) continue;
    const origin = block.origin === null ? null : itemAt(store, block.origin);
    for (let x = origin ? origin.right : (block.parent as Y.AbstractType<any>)._start; x !== null; x = x.right) {
      if (block.rightOrigin !== null && contains(x, block.rightOrigin)) break;
      if (x === sibling) return !scope.added(x);
    }
    return false;
  }
  return false;
}

/** What {@link movesBack} works out once per text in one update. */
interface MovesBackCache {
  paths: Map<Y.XmlText, number[]>;
  /** A text's characters up to its first that stays where it stood (not taken by the update). */
  leading: Map<Y.XmlText, Set<Char>>;
}

/**
 * Words others typed, unseen, into a block the update removes, when the update moved none
 * of its text: they go to the end of the text of the block before it, where a join puts what
 * the removed block held. A Backspace at the start of a block joins it to the one before;
 * an empty block is simply removed, and its sender's editor writes no more than that. CHN
 * pressed Backspace in its own new, empty clause while USA, not having seen it empty, typed
 * "firmly " there: on the server USA's words went with the block, refused "deleting text
 * proposed by USA" (fuzz seed 5 op #414). An update that removes a block deletes every
 * character in it that its sender saw (Yjs deletes a removed block's text with it, item by
 * item): a character standing before the update that it does not delete was typed
 * meanwhile. Such words are written again, with the formatting they had, after the last
 * character of the block that stands before the removed one (the same parent), recorded
 * as moved; none when that block has no text to follow. Not for the chair, whose removal
 * of a block is a decision on it (a rejected clause), not a join.
 */
function planOrphaned(scope: Scope, decoded: DecodedUpdate, actor: Actor, plan: Plan): void {
  // The chair's removal of a block is a decision (a rejected clause), not a join.
  if (actor.role === "chair") return;
  const store = scope.transaction.doc.store;
  const movedFrom = new Set(plan.moved.map(([from]) => itemAt(store, from)?.parent));
  for (const item of itemsIn(store, decoded.ds)) {
    if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentType) || !item.deleted || !scope.visibleBefore(item)) continue;
    const removed = item.content.type;
    if (!(removed instanceof Y.XmlElement) && !(removed instanceof Y.XmlText)) continue;
    // A removed text run stands for itself; a removed block's were removed with it: read
    // from its items, not from what stands.
    const children: Y.Item[] = [];
    if (removed instanceof Y.XmlText) children.push(item);
    else for (let child = removed._start; child !== null; child = child.right) children.push(child);
    for (const child of children) {
      const text = child.content instanceof Y.ContentType ? child.content.type : null;
      if (!(text instanceof Y.XmlText) || movedFrom.has(text)) continue;
      const unseen = scope.run(text).filter((c) => c.before !== null && c.ch !== null && !scope.added(c.item) && !Y.isDeleted(decoded.ds, idOf(c)));
      if (unseen.length === 0) continue;
      const target = lastCharBefore(scope, item);
      if (!target) continue;
      plan.inserts.push({ after: idOf(target), before: null, pieces: unseen.map((c) => ({ text: c.ch!, attrs: Object.fromEntries(c.before!) })), from: unseen.map(idOf) });
    }
  }
}

/** The last character, standing after the update, of the nearest text run before `removed` (a block or a text run, its parent's child) that stands: that run itself, or the text of a block. */
function lastCharBefore(scope: Scope, removed: Y.Item): Char | null {
  let previous = removed.left;
  while (previous !== null && (previous.deleted || !(previous.content instanceof Y.ContentType))) previous = previous.left;
  const type = previous && (previous.content as Y.ContentType).type;
  const texts = type instanceof Y.XmlText ? [type] : type instanceof Y.XmlElement ? type.toArray().filter((child): child is Y.XmlText => child instanceof Y.XmlText) : [];
  const last = texts[texts.length - 1];
  if (!last) return null;
  const standing = scope.run(last).filter((c) => c.after !== null);
  return standing[standing.length - 1] ?? null;
}
/**
 * The runs of pairs (consecutive on both sides) that move some text standing before the
 * update: a run made only of text removed meanwhile is no move of anything.
 */
function withMovedText(line: readonly Char[], pairs: [number, number][]): [number, number][] {
  const kept: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= pairs.length; i++) {
    const previous = pairs[i - 1]!;
    const next = pairs[i];
    if (next && next[0] === previous[0] + 1 && next[1] === previous[1] + 1) continue;
    const run = pairs.slice(start, i);
    // Pushed one by one: a spread of a run as long as a pasted megabyte overflows the stack.
    if (run.some(([b]) => line[b]!.before !== null)) for (const pair of run) kept.push(pair);
    start = i;
  }
  return kept;
}

/**
 * Pairs that belong to runs of at least MIN_RUN characters moved together: a character
 * deleted here and the same character typed there by chance is no move. A shorter run
 * counts when it is a split's: the end of one block's text, now the start of a new one.
 */
function movedRuns(pairs: [number, number][], splitTail: (b0: number, b1: number, a0: number) => boolean): [number, number][] {
  const kept: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= pairs.length; i++) {
    const previous = pairs[i - 1]!;
    const next = pairs[i];
    if (next && next[0] === previous[0] + 1 && next[1] === previous[1] + 1) continue;
    if (i - start >= MIN_RUN || splitTail(pairs[start]![0], previous[0] + 1, pairs[start]![1])) for (let k = start; k < i; k++) kept.push(pairs[k]!);
    start = i;
  }
  return kept;
}

/**
 * Whether `from[b0, b1)` ends its text as its sender saw it and `to[a0]` starts the text of a
 * block the update added. Words others typed after its end meanwhile, which the sender had not
 * seen, do not count (planStranded carries them after the copy): the secretariat's "firmly "
 * typed after the "5" that USA's Enter moved into a new clause made the "5" no split's tail,
 * and USA, its copy carrying CHN's insertion, was refused "writing as CHN" (fuzz seed 6 op #584).
 */
function isSplitTail(scope: Scope, from: readonly Char[], to: readonly Char[], b0: number, b1: number, a0: number): boolean {
  const last = from[b1 - 1]!;
  const first = to[a0]!;
  const target = textOf(first.item)!;
  if (!target._item || !scope.added(target._item)) return false;
  const targetRun = scope.run(target).filter((c) => c.after !== null);
  if (targetRun[0] !== first) return false;
  const sourceRun = scope.run(textOf(last.item)!).filter((c) => c.before !== null);
  const at = sourceRun.indexOf(last);
  if (at < 0 || b1 <= b0) return false;
  const typedAfter = new Set([charKey(idOf(last))]);
  for (let i = at + 1; i < sourceRun.length; i++) {
    const c = sourceRun[i]!;
    if (c.after === null || scope.added(c.item) || !followsUnseen(scope, c, typedAfter)) return false;
    typedAfter.add(charKey(idOf(c)));
  }
  return true;
}

/**
 * Whether a character was typed after one of `chars` (by their keys), as its Yjs origin tells:
 * its origin, or, through formatting items and text removed before the update, the origin of
 * that, is one of them.
 */
function followsUnseen(scope: Scope, c: Char, chars: ReadonlySet<string>): boolean {
  const store = scope.transaction.doc.store;
  let origin: Y.ID | null = c.offset > 0 ? { client: c.item.id.client, clock: c.item.id.clock + c.offset - 1 } as Y.ID : c.item.origin;
  for (let steps = 0; origin !== null && steps < MAX_DIFFERENCES; steps++) {
    if (chars.has(charKey(origin))) return true;
    const item = itemAt(store, origin);
    if (!item || item.parent !== c.item.parent) return false;
    // Text standing before the update is another character: the chain ends there.
    const removedBefore = item.deleted && !scope.visibleBefore(item);
    if (!(item.content instanceof Y.ContentFormat) && !removedBefore) return false;
    origin = item.origin;
  }
  return false;
}

function charKey(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}

/**
 * The copy's change marks made equal to the original's where the mover could not have
 * meant otherwise: others' marks the original carries on the server and the copy lacks
 * are added; others' marks the copy carries and the original no longer does (decided or
 * withdrawn meanwhile) are removed. The mover's own marks are its own to change. For the
 * chair, whose decisions are format changes, never moves, only the first half holds.
 */
function carryMarks(original: Attrs, copy: Char, actor: Owner, plan: Plan): void {
  const after = copy.after!;
  const theirs = (by: string) => actor.role === "chair" || !actor.owns(by);
  // A mark the original carries and the copy lacks: for the secretariat, whoever's it is.
  // It types for delegations that also type for themselves: RUS's insertion, put by RUS
  // meanwhile on a letter the secretariat (as RUS) then moved, is one it had not seen.
  const lacking = (by: string) => actor.role === "secretariat" || theirs(by);
  for (const [key, value] of original) {
    if (isChange(value) && !same(after.get(key), value) && lacking(value.by)) plan.formats.push({ at: idOf(copy), key, value });
  }
  if (actor.role === "chair") return;
  for (const [key, value] of after) {
    if (isChange(value) && !original.has(key) && theirs(value.by)) plan.formats.push({ at: idOf(copy), key, value: null });
  }
}

/** Whose marks are the mover's own to change on moved text, for {@link carryMarks}. */
interface Owner {
  role: Actor["role"];
  owns(by: string): boolean;
}

/**
 * The mover's own marks: a delegation's; the secretariat's, only those of the authors the
 * update writes as (its new marks and blocks). The secretariat may type for every
 * delegation, but a mark of CHN that the copy of text it moved lacks is one it had not
 * seen, not one it meant to take off (fuzz seed 5 op #99: its Enter was refused
 * "inserting text without your insertion mark", CHN's insertion gone from the new clause).
 */
function ownerOf(decoded: DecodedUpdate, actor: Actor): Owner {
  if (actor.role !== "secretariat") return { role: actor.role, owns: (by) => mayWriteAs(actor, by) };
  const authors = new Set<string>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const values = struct.content instanceof Y.ContentFormat ? [struct.content.value] : struct.content instanceof Y.ContentAny ? struct.content.arr : [];
    for (const value of values) if (isChange(value)) authors.add(value.by);
  }
  return { role: actor.role, owns: (by) => authors.has(by) && mayWriteAs(actor, by) };
}

/**
 * Copies of text that was removed on the server before the mover's copy came (the chair
 * rejected it, its author deleted it, another move took it): the mover saw it, deleted
 * it with the rest, and wrote it again. Such a stretch lies between two moved characters
 * (or between one and the end of both texts), and every character of the copy there is
 * one of the originals removed before (by what they said, as the room remembers it, in
 * order). The copies are removed.
 */
function planRemoved(all: readonly Char[], to: readonly Char[], pairs: readonly [number, number][], plan: Plan): void {
  const gap = (b0: number, b1: number, a0: number, a1: number) => {
    if (a1 <= a0) return;
    const gone = all.slice(b0, b1).filter((c) => c.before === null && c.ch !== null);
    const copies = to.slice(a0, a1);
    const matched = commonPairs(gone.length, copies.length, (b, a) => gone[b]!.ch === copies[a]!.ch, MAX_DIFFERENCES);
    // Every character there must be such a copy: anything else is the mover's own new text.
    if (!matched || matched.length !== copies.length) return;
    for (const c of copies) plan.deletes.push(idOf(c));
  };
  const sameText = (x: Char | undefined, y: Char | undefined) => x !== undefined && y !== undefined && x.item.parent === y.item.parent;
  for (let i = 0; i < pairs.length; i++) {
    const [b, a] = pairs[i]!;
    const next = pairs[i + 1];
    if (next && sameText(all[b], all[next[0]]) && sameText(to[a], to[next[1]])) {
      gap(b + 1, next[0], a + 1, next[1]);
      continue;
    }
    // The end of a moved stretch: what follows it up to the end of both texts.
    let bEnd = b + 1;
    while (bEnd < all.length && sameText(all[b], all[bEnd])) bEnd++;
    let aEnd = a + 1;
    while (aEnd < to.length && sameText(to[a], to[aEnd])) aEnd++;
    gap(b + 1, bEnd, a + 1, aEnd);
  }
  // The start of the first moved stretch in each text, likewise.
  for (let i = 0; i < pairs.length; i++) {
    const [b, a] = pairs[i]!;
    const previous = pairs[i - 1];
    if (previous && sameText(all[b], all[previous[0]]) && sameText(to[a], to[previous[1]])) continue;
    let bStart = b;
    while (bStart > 0 && sameText(all[b], all[bStart - 1])) bStart--;
    let aStart = a;
    while (aStart > 0 && sameText(to[a], to[aStart - 1])) aStart--;
    gap(bStart, b, aStart, a);
  }
}

/**
 * Text another's split had taken into its new block, where that split lies after this
 * one: the mover's copy also holds text before it, and the taken text starts the other
 * block (after the words the other's paste of blocks wrote there, see
 * {@link firstTaken}). Two Enters in one clause, the later point first: the taken text
 * stays in the other's block, which follows this one's (the original order of the words).
 * Likewise when it follows the other's pasted words in a block after the mover's text, two
 * pastes of blocks: RUS pasted two clauses after "High-Lev" (the clause's end "el Event ...
 * agencies." going into the second, after RUS's words), USA, not having seen it, two after
 * "2 its ap" (fuzz seed 3 op #108): "el Event ... agencies." stays in RUS's clause.
 */
function splitAhead(scope: Scope, all: readonly Char[], taken: ReadonlySet<Char>, moves: Moves): Set<Char> {
  const stay = new Set<Char>();
  // The text of the first character standing before the update: the mover's own text, or
  // where another's move had taken it (a paste of blocks that moved the whole clause).
  let firstText: Y.XmlText | null = null;
  for (let i = 0; i < all.length; i++) {
    const c = all[i]!;
    if (c.before !== null) firstText ??= textOf(c.item);
    if (!taken.has(c) || stay.has(c)) continue;
    const text = textOf(c.item)!;
    if (firstText === null || firstText === text) continue;
    // An Enter's new block starts with the taken text (after words the same paste wrote
    // there, firstTaken); a paste of blocks writes its own words before it, in a block after
    // the mover's text (a join takes it to a block before).
    const starts = firstTaken(scope, text, moves) === c;
    const pasted = !starts && scope.run(text).find((x) => x.before !== null && taken.has(x)) === c && comparePaths(pathOf(text), pathOf(firstText)) > 0;
    if (!starts && !pasted) continue;
    // The run of taken text from here, over what was removed before (no one's text now).
    for (let j = i; j < all.length && (taken.has(all[j]!) || all[j]!.before === null); j++) if (taken.has(all[j]!)) stay.add(all[j]!);
  }
  return stay;
}

/**
 * The first character of the other's block that its move took there: its first character,
 * or, after a paste of blocks, the first one after the words that paste wrote at its start
 * (RUS pasting two clauses at "by |WSIS;" makes a clause "6 to contribute ... WSIS;": the
 * second pasted clause, then the text after the caret). Those words are told by being no
 * copy of moved text (the room's record) and written by the same Yjs client as the taken
 * text after them (the other's editor); anything else there (old text another's join
 * brought) makes the block not the other's split.
 */
function firstTaken(scope: Scope, text: Y.XmlText, moves: Moves): Char | null {
  const standing = scope.run(text).filter((x) => x.before !== null);
  const first = standing.findIndex((x) => moves.isCopy(idOf(x)));
  if (first < 0) return standing[0] ?? null;
  const copy = standing[first]!;
  for (let i = 0; i < first; i++) if (standing[i]!.item.id.client !== copy.item.id.client) return standing[0]!;
  return copy;
}

/**
 * A split whose whole moved text was already removed on the server: the new block holds
 * only copies of it (by what it said, in order). The copies are removed; the new block
 * stays, empty, as its author made it.
 */
function planRemovedWhole(scope: Scope, all: readonly Pick<Char, "ch" | "before">[], to: readonly Char[], plan: Plan): void {
  for (const c of to) {
    const text = textOf(c.item)!;
    const block = text._item;
    if (!block || !scope.added(block)) return;
  }
  const gone = all.filter((c) => c.before === null && c.ch !== null);
  const matched = commonPairs(gone.length, to.length, (b, a) => gone[b]!.ch === to[a]!.ch, MAX_DIFFERENCES);
  if (!matched || matched.length !== to.length || to.length < MIN_RUN) return;
  for (const c of to) plan.deletes.push(idOf(c));
}

/**
 * Characters others typed inside the moved text, which the mover had not seen (not in its
 * deletions, between two characters it moved, or after the last when the move took the
 * text's end to the end of another: an Enter or a paste of blocks moves everything after
 * the caret), follow the text to where its copy stands.
 */
function planStranded(scope: Scope, texts: Set<Y.XmlText>, moved: Set<Char>, copyOf: Map<Char, Char>, deleted: (c: Char) => boolean, plan: Plan): void {
  // Characters removed before this update (tombstones) are not neighbours.
  const gone = (c: Char) => c.before === null && c.after === null;
  // Others' characters the mover had not seen: still standing where the text was, or
  // removed only because the mover removed the block that held them.
  const stranded = (c: Char) => c.before !== null && !moved.has(c) && !scope.added(c.item) && !deleted(c);
  for (const text of texts) {
    // Nor are the mover's own new words: typed at the same place (Yjs orders them by client
    // id), they do not separate others' words from the moved text they followed.
    const chars = scope.run(text).filter((c) => !gone(c) && !scope.added(c.item));
    for (let i = 0; i < chars.length; i++) {
      if (!stranded(chars[i]!)) continue;
      let j = i;
      while (j < chars.length && stranded(chars[j]!)) j++;
      const target = i > 0 ? copyOf.get(chars[i - 1]!) : undefined;
      const right = chars[j];
      if (target && ((right && moved.has(right)) || (!right && endsItsText(scope, target, plan)))) {
        const run = chars.slice(i, j);
        // With the formatting they had: the mover's formatting never meant them.
        const pieces = run.map((c) => ({ text: c.ch!, attrs: Object.fromEntries(c.before!) }));
        plan.inserts.push({ after: idOf(target), before: null, pieces, from: run.map(idOf) });
        for (const c of run) if (c.after !== null) plan.deletes.push(idOf(c));
      }
      i = j - 1;
    }
  }
}

/** Whether the copy is the last character of its text after the update (and the copies the plan removes). */
function endsItsText(scope: Scope, copy: Char, plan: Plan): boolean {
  const going = new Set(plan.deletes.map((id) => `${id.client}:${id.clock}`));
  const run = scope.run(textOf(copy.item)!).filter((c) => c.after !== null && !going.has(`${c.item.id.client}:${c.item.id.clock + c.offset}`));
  return run[run.length - 1] === copy;
}

/**
 * Edits made into text that an earlier update moved, by someone who had not seen the
 * move: a new item whose right origin the room knows as moved. Typed words are written
 * again next to the copy (and taken out of where they landed, if visible there); a
 * formatting item's range is formatted the same on the copies. Words known only by their
 * origin (Yjs gives words typed after removed characters the last of them as origin) stay
 * where they were typed when the sender had seen the move: it made the move itself (its
 * own Yjs client wrote a copy of that character), or sawRemoved says so.
 */
function planLate(scope: Scope, decoded: DecodedUpdate, moves: Moves, plan: Plan): void {
  if (moves.size === 0) return;
  const store = scope.transaction.doc.store;
  const structs = decoded.structs;
  // The words being carried, and the id of their last character: words the sender typed
  // right after them (y-prosemirror types a paste as one string, then formats it, which
  // splits it into pieces that follow each other) go with them.
  let carrying: { insert: Plan["inserts"][number]; end: string } | null = null;
  for (let i = 0; i < structs.length; i++) {
    const struct = structs[i]!;
    if (!(struct instanceof Y.Item)) continue;
    if (struct.id.clock < (scope.transaction.beforeState.get(struct.id.client) ?? 0)) continue;
    if (carrying && struct.content instanceof Y.ContentString && struct.origin && `${struct.origin.client}:${struct.origin.clock}` === carrying.end) {
      const from = charIds(struct);
      carrying.insert.pieces.push({ text: struct.content.str, formats: senderFormats(structs, i) });
      for (const id of from) carrying.insert.from.push(id);
      const live = itemAt(store, struct.id);
      if (live && !live.deleted) for (const id of from) plan.deletes.push(id);
      plan.carried.add(`${struct.id.client}:${struct.id.clock}`);
      carrying.end = `${struct.id.client}:${struct.id.clock + struct.length - 1}`;
      continue;
    }
    // An attribute set on a block another's update had meanwhile re-created (its origin, the
    // value it replaced, was one of that block's): set on the block that stands for it.
    const block = struct.origin && struct.content instanceof Y.ContentAny ? moves.blockOf(store, struct.origin) : null;
    if (block) {
      const live = itemAt(store, struct.id);
      if (!live || live.deleted || live.parent !== block.element) {
        plan.attributes.push({ element: block.element, key: block.key, value: (struct.content as Y.ContentAny).arr[0] });
        plan.carried.add(`${struct.id.client}:${struct.id.clock}`);
      }
      continue;
    }
    // An attribute set for the first time on a block another's update had meanwhile
    // re-created (no value it replaced: the block itself is its parent): set on the block
    // that stands for it. RUS proposing to delete a clause (Delete at its end) that CHN's
    // Enter had re-created: 'your change went into text that was removed meanwhile' (fuzz
    // seed 6 op #400).
    if (struct.parentSub !== null && struct.origin === null && struct.content instanceof Y.ContentAny && isId(struct.parent)) {
      const stands = moves.blockOf(store, struct.parent);
      const live = itemAt(store, struct.id);
      if (stands && stands.key === BLOCK && (!live || live.deleted || live.parent !== stands.element)) {
        plan.attributes.push({ element: stands.element, key: struct.parentSub, value: struct.content.arr[0] });
        plan.carried.add(`${struct.id.client}:${struct.id.clock}`);
      }
      continue;
    }
    if (struct.parentSub !== null) continue;
    const right = struct.rightOrigin ? moves.copyOf(store, struct.rightOrigin) : null;
    // Words are placed after the copy of what they follow, or before the copy of what they
    // preceded (their right neighbour may be a formatting item, which has no copy).
    // Their origin may be a formatting item, or a character whose copy went since: then the
    // nearest character before it that stands moved (Moves.standsAfter). The chair, 40
    // updates behind, rejecting USA's changes joined the clause after USA's into it: its
    // editor wrote the joined words after the formatting item ending CHN's insertion at
    // the clause's end, and that clause had meanwhile been re-created by another's move:
    // 'your change went into text that was removed meanwhile' (fuzz seed 3 op #254). Only
    // when that origin was collected with its removed block: words typed after a removed
    // character of a text that stands (its tombstone) stay where Yjs put them (CHN typing
    // over words after text removed before: fuzz seed 1 op #344).
    const after = struct.content instanceof Y.ContentString && struct.origin && !followsStanding(store, decoded.ds, struct.origin) ? (moves.copyOf(store, struct.origin) ?? (itemAt(store, struct.origin) === null ? moves.standsAfter(store, struct.origin) : null)) : null;
    if (!right && !after) continue;
    const original = itemAt(store, right ? struct.rightOrigin! : struct.origin!);
    if (original && !original.deleted) continue;
    if (!right && (moves.movedBy(struct.origin!, struct.id.client) || sawRemoved(scope, structs, struct.origin!))) continue;
    const live = itemAt(store, struct.id);
    if (struct.content instanceof Y.ContentString) {
      const from = charIds(struct);
      const insert = { after, before: after ? null : right, pieces: [{ text: struct.content.str, formats: senderFormats(structs, i) }], from };
      plan.inserts.push(insert);
      if (live && !live.deleted) for (const id of from) plan.deletes.push(id);
      plan.carried.add(`${struct.id.client}:${struct.id.clock}`);
      carrying = { insert, end: `${struct.id.client}:${struct.id.clock + struct.length - 1}` };
    } else if (struct.content instanceof Y.ContentFormat && right) {
      const { key, value } = struct.content;
      // A mark given back after text typed inside it (Yjs writes "off", the text, the mark
      // again) changes nothing on the moved text, which holds that mark already: it is not
      // carried (its range ran to the original's own end of the mark, which went with the
      // original's removed block).
      if (same(scope.charAt(right)?.after?.get(key) ?? null, value)) {
        plan.carried.add(`${struct.id.client}:${struct.id.clock}`);
        continue;
      }
      // Otherwise its range ends where the sender's next item of the same key stands: after
      // the old character that item follows, through the update's own new text; none when
      // that is the character this one follows (a pair around typed text).
      let next: Y.Item | null = null;
      for (let j = i + 1; j < structs.length && next === null; j++) {
        const other = structs[j]!;
        if (other instanceof Y.Item && other.content instanceof Y.ContentFormat && other.content.key === key) next = other;
      }
      const end = next ? oldOrigin(structs, next.origin, scope) : null;
      const start = oldOrigin(structs, struct.origin, scope);
      if (!next || (end && !(start && Y.compareIDs(start, end)))) {
        const last = end ? (moves.copyOf(store, end) ?? null) : null;
        for (const id of copiesBetween(store, moves, right, last)) plan.formats.push({ at: id, key, value });
      }
      plan.carried.add(`${struct.id.client}:${struct.id.clock}`);
    }
  }
}

/**
 * Whether words whose origin is `origin` followed, in their sender's view, text that still
 * stands where it stood: `origin` is text the update itself deletes, and the nearest
 * character before it that the update leaves stands on the server (or there is none: the
 * words start the text). Yjs gives words typed after text their sender deleted the last
 * deleted character as origin; when that text had been moved elsewhere meanwhile, the
 * words were not typed into it (their sender removed it) but after what stayed. USA
 * pasted two clauses after "2 its ap", moving the rest of the clause into the second,
 * while RUS's paste had already moved its end "el Event ... agencies." into a clause of
 * its own: USA's first pasted clause, typed at the end of the first part, was carried
 * after "agencies." into RUS's clause and refused "writing as RUS" (fuzz seed 3 op #108).
 */
function followsStanding(store: Y.Doc["store"], ds: DecodedUpdate["ds"], origin: Y.ID): boolean {
  if (!Y.isDeleted(ds, origin)) return false;
  let item = itemAt(store, origin);
  // Collected with its removed block: nothing says where it stood (planLate walks back
  // through the room's record instead, Moves.standsAfter).
  if (item === null) return false;
  let offset = item ? origin.clock - item.id.clock : 0;
  for (; item !== null; item = item.left, offset = item ? item.length - 1 : 0) {
    if (!item.countable || item.parentSub !== null) continue;
    for (let k = offset; k >= 0; k--) {
      if (!Y.isDeleted(ds, { client: item.id.client, clock: item.id.clock + k } as Y.ID)) return !item.deleted;
    }
  }
  return true;
}

/**
 * Whether the update shows that its sender had seen the moved character `origin` as
 * removed. Yjs gives text typed right after a run of removed characters the last of them
 * as its origin, so words whose origin is moved text may have been typed after the move
 * (at the end of what was left) as well as before it (at the end of the moved text). The
 * update tells which when it also closes, at `origin`, an insertion mark it opened on an
 * old character still standing before the moved run: with the run removed, that range
 * held only the letters before it; had the run still stood, it would take it in (its own
 * insertion mark over existing words, which no honest editor writes). RUS typing "e" before
 * the "e" of " e", the rest of its clause moved by an Enter it had seen: y-prosemirror
 * writes the new letter after the old one and marks the old one as the insertion, and
 * that mark ends at the last removed character (fuzz seed 1 op #314).
 */
function sawRemoved(scope: Scope, structs: DecodedUpdate["structs"], origin: Y.ID): boolean {
  const store = scope.transaction.doc.store;
  const originItem = itemAt(store, origin);
  if (!originItem) return false;
  for (const close of structs) {
    if (!(close instanceof Y.Item) || !(close.content instanceof Y.ContentFormat) || close.content.value !== null || !close.origin || !Y.compareIDs(close.origin, origin)) continue;
    if (markNameOfKey(close.content.key) !== "insertion") continue;
    const key = close.content.key;
    for (const open of structs) {
      if (!(open instanceof Y.Item) || !(open.content instanceof Y.ContentFormat) || open.content.key !== key || open.content.value === null || !open.rightOrigin) continue;
      // Opened on an old character that still stands, in the same text, before the moved run.
      const start = itemAt(store, open.rightOrigin);
      if (!start || scope.added(start) || start.deleted || start.parent !== originItem.parent) continue;
      for (let x: Y.Item | null = start; x !== null; x = x.right) if (x === originItem) return true;
    }
  }
  return false;
}

/** The ids of each character of a string item. */
function charIds(struct: Y.Item): Y.ID[] {
  return Array.from({ length: struct.length }, (_, k) => ({ client: struct.id.client, clock: struct.id.clock + k }) as Y.ID);
}

/**
 * The formatting items the sender wrote for text it typed: those Yjs wrote just before
 * it (an insert with attributes) and those whose right origin is its first character
 * (y-prosemirror inserts the text, then formats it).
 */
function senderFormats(structs: DecodedUpdate["structs"], index: number): Record<string, unknown> {
  const formats: Record<string, unknown> = {};
  const text = structs[index] as Y.Item;
  let clock = text.id.clock;
  for (let j = index - 1; j >= 0; j--) {
    const s = structs[j]!;
    if (!(s instanceof Y.Item) || s.id.client !== text.id.client || s.id.clock + s.length !== clock || !(s.content instanceof Y.ContentFormat)) break;
    if (!(s.content.key in formats)) formats[s.content.key] = s.content.value;
    clock = s.id.clock;
  }
  for (const s of structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentFormat && s.rightOrigin && Y.compareIDs(s.rightOrigin, text.id)) {
      formats[s.content.key] = s.content.value;
    }
  }
  return formats;
}

/**
 * The character that was there before the update which `id` follows in its sender's view:
 * `id` itself, or, for a character or formatting item the update added, the origin of
 * that, and so on. Null at the start of a text.
 */
function oldOrigin(structs: DecodedUpdate["structs"], id: Y.ID | null, scope: Scope): Y.ID | null {
  const before = scope.transaction.beforeState;
  for (let steps = 0; id !== null && steps < structs.length + 1; steps++) {
    if (id.clock < (before.get(id.client) ?? 0)) return id;
    const at = id;
    const struct = structs.find((s): s is Y.Item => s instanceof Y.Item && contains(s, at));
    if (!struct) return null;
    id = struct.origin;
  }
  return null;
}

/** The characters that are copies, from `first` up to `last` (or to the end of the text) in one text run. */
function copiesBetween(store: Y.Doc["store"], moves: Moves, first: Y.ID, last: Y.ID | null): Y.ID[] {
  const start = itemAt(store, first);
  if (!start) return [];
  const ids: Y.ID[] = [];
  for (let item: Y.Item | null = start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    const from = item === start ? first.clock - item.id.clock : 0;
    for (let k = from; k < item.length; k++) {
      const id = { client: item.id.client, clock: item.id.clock + k } as Y.ID;
      if (moves.isCopy(id)) ids.push(id);
      if (last && id.client === last.client && id.clock === last.clock) return ids;
    }
  }
  return ids;
}

/**
 * Characters the sender had not seen, which its new items' formatting may have reached:
 * those lying between a new item's origin and right origin. They keep the formatting
 * they had.
 */
function planUnseen(scope: Scope, plan: Plan): void {
  const transaction = scope.transaction;
  const store = transaction.doc.store;
  const seen = new Set<object>();
  for (const item of addedItems(transaction)) {
    if (item.parentSub !== null || !(item.parent instanceof Y.XmlText)) continue;
    const origin = item.origin === null ? null : (Y.getItem(store, item.origin) as Y.Item);
    const from = origin ? origin.right : item.parent._start;
    const place = origin ?? item.parent;
    if (seen.has(place)) continue;
    seen.add(place);
    const stop = item.rightOrigin;
    const between = new Set<Y.Item>();
    for (let x = from; x !== null; x = x.right) {
      if (stop && contains(x, stop)) break;
      if (!scope.added(x)) between.add(x);
    }
    if (between.size === 0) continue;
    for (const char of scope.run(item.parent)) {
      if (!between.has(char.item) || char.before === null || char.after === null) continue;
      const keys = new Set([...char.before.keys(), ...char.after.keys()]);
      for (const key of keys) {
        const was = char.before.get(key) ?? null;
        if (!same(char.after.get(key) ?? null, was)) plan.formats.push({ at: idOf(char), key, value: was });
      }
    }
  }
}

/**
 * Text the sender had seen after the words it typed, whose formatting others changed
 * meanwhile: Yjs ends new words by writing back, key by key, the formatting the sender saw
 * right after them ("off" before the words, the old value after), and that item now
 * governs the old text it precedes. Where another had meanwhile changed that text's
 * formatting (the chair accepted the insertion the words were typed beside), it would
 * undo the change: "ly b" typed before would become USA's proposal again. The text keeps
 * the formatting it had; the sender meant no change there.
 */
function planRestored(scope: Scope, plan: Plan): void {
  const restoring = new Set<Y.Item>();
  for (const item of addedItems(scope.transaction)) if (restores(scope, item)) restoring.add(item);
  const texts = new Set([...restoring].map((item) => item.parent as Y.XmlText));
  for (const text of texts) {
    // The formatting item in force for each key, walking the text in order.
    const governing = new Map<string, Y.Item>();
    const chars = scope.run(text);
    let c = 0;
    for (let item = text._start; item !== null; item = item.right) {
      if (item.content instanceof Y.ContentFormat) {
        if (!item.deleted) governing.set(item.content.key, item);
        continue;
      }
      if (!(item.content instanceof Y.ContentString) && !(item.content instanceof Y.ContentDeleted)) continue;
      for (let offset = 0; offset < item.length; offset++, c++) {
        const char = chars[c]!;
        if (char.before === null || char.after === null || scope.added(item)) continue;
        for (const [key, by] of governing) {
          if (!restoring.has(by)) continue;
          const was = char.before.get(key) ?? null;
          if (!same(char.after.get(key) ?? null, was)) plan.formats.push({ at: idOf(char), key, value: was });
        }
      }
    }
  }
}

/**
 * Formatting an update wrote for its new words that runs on over the old text after them.
 * An editor formats new words with items right before them (y-prosemirror inserts the text,
 * then formats it: those items' right origin is the words' first character), and ends that
 * formatting where what it saw after the words takes over: an item of its own after them, or
 * one it saw standing there, which Yjs's formatting keeps instead of writing another (it even
 * deletes it and relies on its own). Where another had meanwhile deleted that item, the
 * update's item runs on: RUS typed "2015" after a space ending the chair's insertion and
 * CHN's bracket, its editor turning both off before its words and relying on the items that
 * turned them off after the space; another's clean-up of formatting had taken those away,
 * and the words after RUS's came out without the chair's insertion and CHN's bracket
 * ("accepting chair's insertion is for the chair", fuzz seed 4 op #540 on the server's
 * document without the chair's decisions; USA's strike taken off the word after RUS's the
 * same way, when USA struck on over it). Where the update itself deleted formatting between
 * its words and the old text after them (the item it relied on; of a deleted item Yjs keeps
 * no more than that it was there), that text keeps the values the server held, key by key,
 * up to the next item of that key. Without such a deletion the new formatting of the old
 * text is the sender's own (y-prosemirror may give an old letter after new words their
 * marks, as one of them). Only others' marks, and only the server's own values.
 */
function planRunOn(scope: Scope, decoded: DecodedUpdate, owner: Owner, plan: Plan): void {
  if (owner.role === "chair") return;
  const others = (value: unknown) => value === null || (isChange(value) && !owner.owns(value.by));
  for (const item of addedItems(scope.transaction)) {
    if (item.deleted || !(item.content instanceof Y.ContentString) || item.parentSub !== null || !(item.parent instanceof Y.XmlText)) continue;
    // The update's items written for these words (right before them, pointing at them), by key.
    const written = new Map<string, unknown>();
    for (let x = item.left; x !== null && scope.added(x) && x.content instanceof Y.ContentFormat; x = x.left) {
      if (!x.deleted && x.rightOrigin && Y.compareIDs(x.rightOrigin, item.id) && !written.has(x.content.key)) written.set(x.content.key, x.content.value);
    }
    if (written.size === 0) continue;
    // The old text after the words, up to the next item of each key.
    let relied = false;
    for (let x = item.right; x !== null && written.size > 0; x = x.right) {
      const content = x.content;
      if (content instanceof Y.ContentFormat && !x.deleted) {
        written.delete(content.key);
        continue;
      }
      // Formatting the update deleted there (Yjs keeps no more of it than that it was).
      if (x.deleted && !(content instanceof Y.ContentString) && !scope.added(x) && Y.isDeleted(decoded.ds, x.id)) relied = true;
      if (x.deleted || !(content instanceof Y.ContentString) || scope.added(x)) continue;
      if (!relied) break;
      for (let k = 0; k < x.length; k++) {
        const char = scope.charAt({ client: x.id.client, clock: x.id.clock + k } as Y.ID);
        if (!char || char.before === null || char.after === null) continue;
        for (const key of written.keys()) {
          const was = char.before.get(key) ?? null;
          const now = char.after.get(key) ?? null;
          if (!same(was, now) && others(was) && others(now)) plan.formats.push({ at: idOf(char), key, value: was });
        }
      }
    }
  }
}

/**
 * Whether a formatting item of the update gives back, after its new words, what it had
 * turned off before them (Yjs's insertText: "key off, words, key as it was"), as opposed to
 * formatting the old text that follows (y-prosemirror's diff goes by letters and may give an
 * old letter after new words a mark it never had: that is the sender's change).
 */
function restores(scope: Scope, item: Y.Item): boolean {
  const content = item.content;
  if (item.deleted || !(content instanceof Y.ContentFormat) || !(item.parent instanceof Y.XmlText)) return false;
  let words = false;
  for (let x = item.left; x !== null; x = x.left) {
    if (x.deleted && !(x.content instanceof Y.ContentFormat)) continue;
    if (!scope.added(x)) return false;
    if (!(x.content instanceof Y.ContentFormat)) {
      words = true;
      continue;
    }
    if (words && !x.deleted && x.content.key === content.key) return !same(x.content.value, content.value);
  }
  return false;
}

/** The items of `store` in a delete set's ranges (those the store holds). */
function* itemsIn(store: Y.Doc["store"], ds: { clients: Map<number, { clock: number; len: number }[]> }): Generator<Y.AbstractStruct> {
  for (const [client, ranges] of ds.clients) {
    const structs = store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      if (clock >= Y.getState(store, client)) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) yield structs[i]!;
    }
  }
}

/**
 * Walks a text's characters in order (its scope run), each with, for every formatting key, the
 * item that set it before the update (visible then) and the one that sets it after; `format`
 * sees each formatting item on the way.
 */
function walkFormatted(
  scope: Scope,
  text: Y.XmlText,
  format: ((item: Y.Item, content: Y.ContentFormat) => void) | null,
  visit: (char: Char, item: Y.Item, was: ReadonlyMap<string, Y.Item>, now: ReadonlyMap<string, Y.Item>) => void,
): void {
  const was = new Map<string, Y.Item>();
  const now = new Map<string, Y.Item>();
  const chars = scope.run(text);
  let c = 0;
  for (let item = text._start; item !== null; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      format?.(item, content);
      if (scope.visibleBefore(item)) was.set(content.key, item);
      if (!item.deleted) now.set(content.key, item);
      continue;
    }
    if (!(content instanceof Y.ContentString) && !(content instanceof Y.ContentDeleted)) continue;
    for (let offset = 0; offset < item.length; offset++, c++) visit(chars[c]!, item, was, now);
  }
}

/**
 * Others' change marks an update took off old text only by deleting the formatting item that
 * began them, when its sender still saw that mark go on there. An editor's clean-up of
 * formatting deletes an item its sender reads as repeating the mark already in force: RUS's
 * insertion resumed after words RUS had inserted and then took back, the secretariat's
 * editor (typing elsewhere in that text) merged the two runs of RUS's insertion into one by
 * deleting the second start, not having seen the first run's removal; on the server, the
 * words after it lost RUS's mark ("accepting RUS's insertion is for the chair", fuzz seed 3
 * op #154). Where the update also writes that same mark again in that text (it saw it go on),
 * characters the deleted item governed, which now take their formatting from no item of the
 * update, keep that mark. Only others' marks, which no one but the chair may take off, and
 * only the value the server held on those very characters.
 */
function planRelied(scope: Scope, decoded: DecodedUpdate, owner: Owner, plan: Plan): void {
  if (owner.role === "chair") return;
  const store = scope.transaction.doc.store;
  // The marks the update writes, by text: key and canonical value.
  const written = new Map<Y.AbstractType<any>, Set<string>>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat) || !isChange(struct.content.value)) continue;
    const live = itemAt(store, struct.id);
    if (!live || !(live.parent instanceof Y.XmlText)) continue;
    let keys = written.get(live.parent);
    if (!keys) written.set(live.parent, (keys = new Set()));
    keys.add(`${struct.content.key}=${canonical(struct.content.value)}`);
  }
  const texts = new Map<Y.XmlText, Y.Item[]>();
  for (const item of itemsIn(store, decoded.ds)) {
    if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentFormat) || !scope.visibleBefore(item) || !(item.parent instanceof Y.XmlText)) continue;
    const value = item.content.value;
    // A delegation's own marks are its own; the secretariat's update writes the mark again itself.
    if (!isChange(value) || (owner.role === "delegation" && owner.owns(value.by))) continue;
    if (!written.get(item.parent)?.has(`${item.content.key}=${canonical(value)}`)) continue;
    let list = texts.get(item.parent);
    if (!list) texts.set(item.parent, (list = []));
    list.push(item);
  }
  for (const [text, items] of texts) {
    const deleted = new Set(items);
    const keys = new Set(items.map((item) => (item.content as Y.ContentFormat).key));
    // Change marks the update itself puts on the text from here on: characters under one were
    // given to a change of the update's (an editor's diff reuses old letters for new words).
    const writing = new Set<string>();
    const wrote = (item: Y.Item, content: Y.ContentFormat) => {
      if (item.deleted || !scope.added(item)) return;
      if (isChange(content.value)) writing.add(content.key);
      else writing.delete(content.key);
    };
    walkFormatted(scope, text, wrote, (char, _item, was, now) => {
      if (char.before === null || char.after === null) return;
      for (const key of writing) if (char.after.has(key)) return;
      for (const key of keys) {
        const from = was.get(key);
        if (!from || !deleted.has(from)) continue;
        const governing = now.get(key);
        if (governing && scope.added(governing)) continue;
        const value = (from.content as Y.ContentFormat).value;
        if (same(char.before.get(key) ?? null, value) && !same(char.after.get(key) ?? null, value)) plan.formats.push({ at: idOf(char), key, value });
      }
    });
  }
}

/**
 * Marks that an editor's clean-up of formatting spread onto, or took off, text typed
 * meanwhile inside the stretch it cleaned. Deleting text, an editor also deletes the
 * formatting items the deletion left with nothing between them (Yjs's clean-up of a gap):
 * in its sender's view that changes no character's marks. On the server, words others had
 * typed there meanwhile stand between those items: the secretariat, deleting USA's "e[" between
 * RUS's struck "a" and "g", deleted the items that ended RUS's strike after "a" and began it
 * again before "g", and the item that ended USA's insertion; RUS's "shall " and the chair's
 * "ICTs ", typed after "e" and not seen by the secretariat, came out struck by RUS, and "g",
 * after the item with which RUS's typing resumed USA's insertion, came out USA's insertion:
 * refused "marking existing text as your insertion" (fuzz seed 6 op #366).
 *
 * Which text the sender had not seen is read from Yjs's origins: an item typed between two
 * items the update deletes (its left origin, and its right origin, each directly or through
 * such items typed meanwhile or through text removed before, is one of them) stood inside
 * the stretch the sender emptied; and an item standing between one of the update's own new
 * items' origin and right origin (neighbours for the sender) is one it had not seen either.
 * RUS, offline, typed "UNESCO" elsewhere in a text; its editor wrote the text's formatting
 * again, taking out, after USA's "UNESCO", the item that ended USA's insertion and writing
 * its like right after "UNESCO"; USA's editor had meanwhile begun that insertion again right
 * there, and on the server it ran on over "E": refused "writing as USA" (fuzz seed 4 op #592,
 * as RUS's editor wrote it). On a character typed so, or on an old character whose mark
 * such an item now sets, a change mark that changed only because the update deleted the
 * formatting item that set it before (no item of the update sets it now) keeps the value the
 * server held: only the values the server held on those very characters.
 *
 * The sender's own marks too (not the chair's decisions, which are format changes): its
 * clean-up changed nothing in its view, so nothing there is a change it made. RUS taking back
 * its words "new " while USA, unseen, typed inside them: Yjs ends USA's words by giving RUS's
 * insertion back, and with the item that ended it deleted, RUS's insertion went on over the
 * rest of the clause: refused "marking existing text as your insertion" (so was the
 * secretariat, writing as RUS, in fuzz seed 6 op #207). CHN taking back its "n": the "5" the
 * secretariat had typed after it for CHN, and whose "201" it had taken back (its origin a
 * removed "1"), lost CHN's insertion: refused "accepting CHN's insertion is for the chair"
 * (fuzz seed 6 op #573).
 */
function planCleaned(scope: Scope, actor: Actor, plan: Plan): void {
  if (actor.role === "chair") return;
  const store = scope.transaction.doc.store;
  const removedByUpdate = (item: Y.Item) => item.deleted && scope.visibleBefore(item);
  const texts = new Set<Y.XmlText>();
  for (const item of itemsIn(store, scope.transaction.deleteSet)) {
    if (item instanceof Y.Item && item.content instanceof Y.ContentFormat && item.parent instanceof Y.XmlText && scope.visibleBefore(item)) texts.add(item.parent);
  }
  if (texts.size === 0) return;
  // Whether, following origins one way, an item reaches one the update deleted through items still standing that were there before.
  const reaches = (item: Y.Item, side: "origin" | "rightOrigin", memo: Map<Y.Item, boolean>): boolean => {
    const path: Y.Item[] = [];
    let found = false;
    let x: Y.Item | null = item;
    while (x !== null) {
      const known = memo.get(x);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(x);
      const id: Y.ID | null = x[side];
      const next: Y.Item | null = id === null ? null : itemAt(store, id);
      if (next === null || next.parent !== item.parent || scope.added(next)) break;
      if (removedByUpdate(next)) {
        found = true;
        break;
      }
      // Text typed and removed before the update (a tombstone) is passed through: what
      // was typed after it stands where it stood.
      x = next;
    }
    for (const p of path) memo.set(p, found);
    return found;
  };
  const left = new Map<Y.Item, boolean>();
  const right = new Map<Y.Item, boolean>();
  const inside = (item: Y.Item) => !item.deleted && !scope.added(item) && reaches(item, "origin", left) && reaches(item, "rightOrigin", right);
  const change = (value: unknown) => value === null || isChange(value);
  // Items between one of the update's new items' neighbours, which it had not seen either.
  const between = unseenItems(scope);
  for (const text of texts) {
    walkFormatted(scope, text, null, (char, item, was, now) => {
      if (char.before === null || char.after === null || scope.added(item)) return;
      const keys = new Set([...char.before.keys(), ...char.after.keys()]);
      const unseen = inside(item);
      for (const key of keys) {
        const before = char.before.get(key) ?? null;
        const after = char.after.get(key) ?? null;
        if (same(before, after) || !change(before) || !change(after)) continue;
        const from = was.get(key);
        const governing = now.get(key);
        if (!from || !removedByUpdate(from) || (governing && scope.added(governing))) continue;
        if (!unseen && !(governing && (inside(governing) || between.has(governing)))) continue;
        plan.formats.push({ at: idOf(char), key, value: before });
      }
    });
  }
}

/**
 * Old text after words an update formatted, whose marks its sender's editor left to a
 * formatting item someone else removed meanwhile. Formatting new words, Yjs turns off
 * before them the marks they should not have and, after them, walks over the formatting
 * items that follow (deleting those its change makes redundant) up to the first that sets
 * one of those keys again: that item gives the old text after the words its marks back,
 * and the sender writes nothing for it (only what is still to undo, with that item as its
 * right origin). RUS typed "; and" between the chair's "7" and " ", where an "off, on" pair
 * of the chair's insertion stood in its copy; another editor's clean-up had meanwhile
 * removed that redundant pair, so on the server RUS's "chair's insertion off" before its
 * words governed the chair's " " too: refused "accepting chair's insertion is for the
 * chair" (fuzz seed 5 op #349).
 *
 * An item removed before the update (Yjs has dropped its content) that is the right origin
 * of one of its new items stood in the sender's view (Yjs steps over removed items before it
 * writes). On an old character after such an item, a mark now set by an item of the update
 * written before it, which the removed item stood between, keeps the value the server held.
 * Only others' marks (not the chair's decisions, not a delegation's own, not those the
 * secretariat writes as), which no honest update of this sender changes on old text, and
 * only the values the server held on those very characters.
 */
function planRemovedMeanwhile(scope: Scope, decoded: DecodedUpdate, owner: Owner, plan: Plan): void {
  if (owner.role === "chair") return;
  const store = scope.transaction.doc.store;
  // The formatting items (by text) removed before the update that its sender saw standing.
  const relied = new Map<Y.XmlText, Set<Y.Item>>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || !struct.rightOrigin || struct.id.clock < (scope.transaction.beforeState.get(struct.id.client) ?? 0)) continue;
    const right = itemAt(store, struct.rightOrigin);
    if (!right || !right.deleted || right.countable || scope.added(right) || scope.visibleBefore(right) || !(right.parent instanceof Y.XmlText)) continue;
    let items = relied.get(right.parent);
    if (!items) relied.set(right.parent, (items = new Set()));
    items.add(right);
  }
  const others = (value: unknown) => value === null || (isChange(value) && !owner.owns(value.by));
  for (const [text, items] of relied) {
    // How many formatting items the walk has passed, the place of each, and how many it had passed at the last removed one.
    let passed = 0;
    let lastRelied = -1;
    const places = new Map<Y.Item, number>();
    walkFormatted(scope, text, (item) => places.set(item, passed++), (char, item, _was, now) => {
      // A removed item reads as characters no one sees (its content is gone).
      if (items.has(item)) lastRelied = passed;
      if (lastRelied < 0 || char.before === null || char.after === null || scope.added(item)) return;
      const keys = new Set([...char.before.keys(), ...char.after.keys()]);
      for (const key of keys) {
        const before = char.before.get(key) ?? null;
        const after = char.after.get(key) ?? null;
        const governing = now.get(key);
        if (same(before, after) || !others(before) || !others(after) || !governing || !scope.added(governing) || places.get(governing)! >= lastRelied) continue;
        plan.formats.push({ at: idOf(char), key, value: before });
      }
    });
  }
}

/**
 * Others' items standing between one of the update's new items' origin and right origin: the
 * two were neighbours in the sender's copy, so it had not seen what lies between them (as in
 * planUnseen, for formatting items too).
 */
function unseenItems(scope: Scope): Set<Y.Item> {
  const store = scope.transaction.doc.store;
  const unseen = new Set<Y.Item>();
  for (const item of addedItems(scope.transaction)) {
    if (item.parentSub !== null || !(item.parent instanceof Y.XmlText) || item.rightOrigin === null) continue;
    const origin = item.origin === null ? null : itemAt(store, item.origin);
    for (let x = origin ? origin.right : item.parent._start; x !== null && !contains(x, item.rightOrigin); x = x.right) {
      if (!scope.added(x)) unseen.add(x);
    }
  }
  return unseen;
}

/**
 * Text after a formatting item an update deleted, whose marks in its sender's view the item
 * after it set, one someone else removed meanwhile. Taking back its own words, an editor
 * deletes with them the items that began and ended their mark (Yjs's clean-up of the gap
 * they leave: the start is overridden by the end, and the end repeats what went before);
 * another's clean-up had meanwhile removed the end, so on the server the start governed the
 * text after the words as well. CHN deleted its "l " between the item starting its insertion
 * and the one ending it; that end was gone on the server, where CHN's insertion ran on over
 * "(pending)Stat]": deleting the start took it off them, refused "accepting CHN's insertion
 * is for the chair" (fuzz seed 8 op #526).
 *
 * Read from the update: it deletes, besides the start, a formatting item removed before it
 * came (its sender saw it standing: an editor deletes only what stands in its view; Yjs has
 * dropped its content, so the server cannot read its key), and nothing the update leaves
 * standing is between the two: a formatting item deleted with no text left after it, and no
 * item of the update in its place, is deleted because an item after it in that gap sets
 * its key again, and of the items there the server still reads none does. On a character
 * after such a removed item, a change mark that changed only because the update deleted the
 * item that set it (no item of the update sets it now) was no mark of that item in the
 * sender's view: it keeps the value the server held. Only a mark the deleted item began
 * (before the update the character had it): an update that deletes the end of another's
 * mark, running it on over text after it, is judged as it stands, whatever tombstones its
 * delete set names (a sync step 2 names every deletion its sender holds). Not for the chair
 * (its decisions are format changes); only the values the server held on those very characters.
 */
function planEndedUnseen(scope: Scope, decoded: DecodedUpdate, actor: Actor, plan: Plan): void {
  if (actor.role === "chair") return;
  const store = scope.transaction.doc.store;
  // Formatting items removed before the update that it deletes (its sender saw them standing), by text.
  const seen = new Map<Y.XmlText, Set<Y.Item>>();
  for (const item of itemsIn(store, decoded.ds)) {
    if (!(item instanceof Y.Item) || item.countable || !(item.parent instanceof Y.XmlText)) continue;
    if (!item.deleted || scope.added(item) || scope.visibleBefore(item)) continue;
    let items = seen.get(item.parent);
    if (!items) seen.set(item.parent, (items = new Set()));
    items.add(item);
  }
  const change = (value: unknown) => value === null || isChange(value);
  for (const [text, items] of seen) {
    // How many characters standing after the update the walk has passed, and how many items:
    // at each formatting item, and (by the former) at the last removed item passed.
    let standing = 0;
    let passed = 0;
    const at = new Map<Y.Item, { standing: number; passed: number }>();
    const gaps = new Map<number, number>();
    walkFormatted(
      scope,
      text,
      (item) => at.set(item, { standing, passed: passed++ }),
      (char, item, was, now) => {
        passed++;
        if (items.has(item)) gaps.set(standing, passed);
        if (char.after === null) return;
        standing++;
        if (char.before === null || scope.added(item) || gaps.size === 0) return;
        for (const key of new Set([...char.before.keys(), ...char.after.keys()])) {
          const before = char.before.get(key) ?? null;
          const after = char.after.get(key) ?? null;
          const from = was.get(key);
          const governing = now.get(key);
          // Only a mark the deleted item began (the start the sender took back with its words).
          if (same(before, after) || before === null || !change(before) || !change(after)) continue;
          if (!from || !from.deleted || (governing && scope.added(governing))) continue;
          // A removed item after the deleted one, with nothing standing between them.
          const place = at.get(from)!;
          if ((gaps.get(place.standing) ?? -1) > place.passed) plan.formats.push({ at: idOf(char), key, value: before });
        }
      },
    );
  }
}

/**
 * Words typed where another had meanwhile struck the text around them: Yjs gives new text
 * the formatting in force where it lands, so they came out struck by someone who never saw
 * them. An editor writes every mark its new words should and should not have (a strike it
 * saw there is taken off the words typed inside it), so another's strike under a key the
 * update never wrote, on words the update made its sender's insertion, is one the sender
 * had not seen: it is taken off them. Which characters those are is read from the marks,
 * not from which Yjs items are new: y-prosemirror may type a letter after an equal one
 * and move the marks ("ICT|s" typed as "ICTs|s", the first "s" becoming the new one).
 * (A bracket around new words is theirs too: words typed inside a bracket stand in it.)
 */
function planInherited(scope: Scope, decoded: DecodedUpdate, actor: Actor, plan: Plan): void {
  const written = new Map<string, unknown>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentFormat && (struct.content.value !== null || !written.has(struct.content.key))) written.set(struct.content.key, struct.content.value);
  }
  // The sender's own insertions the update wrote: the marks of its new words.
  const own = [...written].filter(([key, value]) => markNameOfKey(key) === "insertion" && isChange(value) && mayWriteAs(actor, value.by)).map(([key]) => key);
  if (own.length === 0) return;
  const texts = new Set<Y.XmlText>();
  for (const item of addedItems(scope.transaction)) {
    const text = item.deleted ? null : textOf(item);
    if (text) texts.add(text);
  }
  // Copies of moved text keep the marks of their originals (planMoves).
  const copies = new Set(plan.moved.map(([, to]) => `${to.client}:${to.clock}`));
  for (const text of texts) {
    const visible = scope.run(text).filter((c) => c.after !== null);
    const typed = newWords(scope, visible);
    for (const char of visible) {
      if (!typed.has(char) || copies.has(`${char.item.id.client}:${char.item.id.clock + char.offset}`)) continue;
      const after = char.after!;
      const madeOwn = own.some((key) => after.has(key) && !char.before?.has(key));
      if (!madeOwn) continue;
      for (const [key, value] of after) {
        if (written.has(key) || markNameOfKey(key) !== "deletion" || !isChange(value) || mayWriteAs(actor, value.by)) continue;
        plan.formats.push({ at: idOf(char), key, value: null });
      }
    }
  }
}

/**
 * The characters that stand for the words an update typed: its new characters, and, right
 * before a run of them, the old characters that spell the run's end (y-prosemirror diffs
 * text from its common ends, so " and duties" typed before " entrusted" is written as
 * "and duties " after the old space: the old space shows the new word's first letter). Never
 * other old text: re-marking one's own struck words as a new insertion must not take
 * another's strike off them. (Taking such an old letter as new can only yield what typing
 * the same letters before it would have.)
 */
function newWords(scope: Scope, visible: readonly Char[]): Set<Char> {
  const words = new Set<Char>();
  for (let i = 0; i < visible.length; i++) {
    if (!scope.added(visible[i]!.item)) continue;
    let j = i;
    while (j < visible.length && scope.added(visible[j]!.item)) words.add(visible[j++]!);
    // The longest m (a rotation is at most the run, and bounded) whose m old letters before the run spell its last m.
    for (let m = Math.min(j - i, i, MAX_ROTATION); m > 0; m--) {
      const before = visible.slice(i - m, i);
      if (before.every((c, n) => !scope.added(c.item) && c.ch === visible[j - m + n]!.ch)) {
        for (const c of before) words.add(c);
        break;
      }
    }
    i = j - 1;
  }
  return words;
}

/** The most old letters a run of typed ones may stand in for (see {@link newWords}). */
const MAX_ROTATION = 64;

/**
 * New text Yjs placed after formatting its sender had not seen: another's mark starting (or
 * ending) exactly where the sender typed, written meanwhile, lies between the new item's
 * origin and itself, and Yjs orders items at one place by client id, so the words can land
 * inside the other's bracket or strike that begins there. They are given back, key by key,
 * the formatting in force right after their origin without those items.
 */
function planPassed(scope: Scope, plan: Plan): void {
  const transaction = scope.transaction;
  const store = transaction.doc.store;
  for (const item of addedItems(transaction)) {
    if (item.deleted || !(item.content instanceof Y.ContentString) || item.parentSub !== null || !(item.parent instanceof Y.XmlText)) continue;
    // Others' formatting items between the new item and the old item it follows (through the
    // update's own items before it): written meanwhile, as that old item was right before the
    // new ones in the sender's copy.
    let origin = item.origin;
    for (let o = origin && itemAt(store, origin); o && scope.added(o); o = o.origin ? itemAt(store, o.origin) : null) origin = o.origin;
    const passed: Y.ContentFormat[] = [];
    for (let x = item.left; x !== null && !(origin && contains(x, origin)); x = x.left) {
      if (!scope.added(x) && !x.deleted && x.content instanceof Y.ContentFormat) passed.push(x.content);
    }
    if (passed.length === 0) continue;
    const keys = new Set(passed.map((f) => f.key));
    const chars = scope.run(item.parent).filter((c) => c.item === item && c.after !== null);
    const before = formattingBefore(item, origin, keys);
    // The sender's own formatting items there are what it meant for its words ("strike off"
    // where it typed at the end of another's strike): they count, others' do not.
    const own: Y.Item[] = [];
    for (let x = item.left; x !== null && !(origin && contains(x, origin)); x = x.left) {
      if (scope.added(x) && !x.deleted && x.content instanceof Y.ContentFormat && keys.has(x.content.key)) own.unshift(x);
    }
    for (const x of own) before.set((x.content as Y.ContentFormat).key, (x.content as Y.ContentFormat).value);
    for (const key of keys) {
      const was = before.get(key) ?? null;
      for (const c of chars) if (!same(c.after!.get(key) ?? null, was)) plan.formats.push({ at: idOf(c), key, value: was });
    }
  }
}

/** Whether `id` is one of the item's (an item holds several characters). */
function contains(item: Y.Item, id: Y.ID): boolean {
  return item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length;
}

/** The value of each of `keys` at `origin` (left of `item`), as the sender saw it: set by the nearest visible item of that key there or before. */
function formattingBefore(item: Y.Item, origin: Y.ID | null, keys: ReadonlySet<string>): Map<string, unknown> {
  const values = new Map<string, unknown>();
  let x: Y.Item | null = item.left;
  if (origin) while (x !== null && !contains(x, origin)) x = x.left;
  else x = null;
  for (; x !== null && values.size < keys.size; x = x.left) {
    if (x.deleted || !(x.content instanceof Y.ContentFormat) || !keys.has(x.content.key) || values.has(x.content.key)) continue;
    values.set(x.content.key, x.content.value);
  }
  return values;
}

/**
 * A block the update added to hold moved text (a split's new clause) continues the
 * block that text came from. Blocks others added there meanwhile (another split of the
 * same clause, a new clause) Yjs orders by client id, so the split's text could land
 * after text that followed it: "1 its warmes / oration with ITU / t thanks and deepest".
 * Such a block is written again right after its source: the block it was split from (its
 * left origin), or the block another's split had meanwhile moved that text into. Returns
 * how many were placed.
 */
function placeSplitBlocks(scope: Scope, plan: Plan): number {
  const transaction = scope.transaction;
  const store = transaction.doc.store;
  const copies = new Set(plan.moved.map(([, to]) => `${to.client}:${to.clock}`));
  if (copies.size === 0) return 0;
  const sourceOf = new Map(plan.moved.map(([from, to]) => [`${to.client}:${to.clock}`, from]));
  /** The original of the block's first moved character, if the update moved it there. */
  const firstOriginal = (element: Y.XmlElement): Y.ID | null => {
    for (const child of element.toArray()) {
      if (!(child instanceof Y.XmlText)) continue;
      for (let item = child._start; item !== null; item = item.right) {
        if (!item.deleted && item.content instanceof Y.ContentString) return sourceOf.get(`${item.id.client}:${item.id.clock}`) ?? null;
      }
    }
    return null;
  };
  let placed = 0;
  const blocks = addedItems(transaction).filter((item) => !item.deleted && item.parentSub === null && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement);
  for (const item of blocks) {
    const element = (item.content as Y.ContentType).type as Y.XmlElement;
    const original = firstOriginal(element);
    if (item.origin === null || !original) continue;
    const origin = itemAt(store, item.origin);
    // Written after a block the server has removed meanwhile (another's paste of blocks
    // re-created the clause elsewhere): it goes after the block its text came from,
    // wherever that stands.
    const originGone = !origin || origin.deleted;
    // The block the moved text came from, among the new block's siblings (or, the origin
    // gone, the block that holds it).
    let source = itemAt(store, original);
    if (originGone) source = source && textOf(source)?.parent instanceof Y.XmlElement ? ((textOf(source)!.parent as Y.XmlElement)._item ?? null) : null;
    else while (source && source.parent !== item.parent) source = (source.parent as Y.AbstractType<any>)._item;
    if (!source || source.deleted) continue;
    if (!originGone) {
      if (origin!.parent !== item.parent) continue;
      // It must be the origin, or a block the sender had not seen (between its origin and right origin).
      const unseen = new Set<Y.Item>();
      for (let x = origin!.right; x !== null; x = x.right) {
        if (item.rightOrigin && Y.compareIDs(x.id, item.rightOrigin)) break;
        if (x !== item) unseen.add(x);
      }
      if (source !== origin && !unseen.has(source)) continue;
    } else if (!(source.parent instanceof Y.XmlElement || source.parent instanceof Y.XmlFragment) || source.parent === element) continue;
    // Already right after it (what lies between is invisible or the update's own)?
    let next = source.right;
    while (next !== null && next !== item && (next.deleted || scope.added(next))) next = next.right;
    if (next === item) continue;
    const parent = source.parent as Y.XmlElement | Y.XmlFragment;
    const clone = element.clone();
    parent.insert(visibleIndex(source) + 1, [clone]);
    const was = textIds(element);
    const now = textIds(clone);
    const renamed = new Map(was.map((id, k) => [`${id.client}:${id.clock}`, now[k]!]));
    plan.moved = plan.moved.map(([from, to]) => [from, renamed.get(`${to.client}:${to.clock}`) ?? to]);
    (item.parent as Y.XmlElement | Y.XmlFragment).delete(visibleIndex(item), 1);
    placed++;
  }
  return placed;
}

/** The index of a child among its parent's visible children. */
function visibleIndex(item: Y.Item): number {
  let index = 0;
  for (let x = item.left; x !== null; x = x.left) if (!x.deleted && x.countable) index += x.length;
  return index;
}

/** The ids of a block's visible characters, in order. */
function textIds(element: Y.XmlElement): Y.ID[] {
  const ids: Y.ID[] = [];
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) continue;
    for (let item = child._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      for (let k = 0; k < item.length; k++) ids.push({ client: item.id.client, clock: item.id.clock + k } as Y.ID);
    }
  }
  return ids;
}

/** Every item the transaction added so far, of every client (the sender's, and the server's own). */
function addedItems(transaction: Y.Transaction): Y.Item[] {
  const items: Y.Item[] = [];
  for (const [client, structs] of transaction.doc.store.clients) {
    const start = transaction.beforeState.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= start) continue;
    for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct instanceof Y.Item) items.push(struct);
    }
  }
  return items;
}

/** One pair of items per pair of text runs that text moved between. */
function linksOf(store: Y.Doc["store"], moved: readonly [Y.ID, Y.ID][]): [Y.Item, Y.Item][] {
  const seen = new Set<string>();
  const links: [Y.Item, Y.Item][] = [];
  for (const [from, to] of moved) {
    const a = itemAt(store, from);
    const b = itemAt(store, to);
    if (!a || !b) continue;
    const pair = `${a.parent === null ? "" : (a.parent as Y.AbstractType<any>)._item?.id.clock}:${(b.parent as Y.AbstractType<any>)._item?.id.clock}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    links.push([a, b]);
  }
  return links;
}

/** Writes the plan: formatting first, then the moved characters' new places, then removals. */
function apply(doc: Y.Doc, plan: Plan): void {
  const store = doc.store;
  for (const { at, key, value } of plan.formats) {
    const place = placeOf(store, at);
    if (place) place.text.format(place.index, 1, { [key]: value });
  }
  for (const { after, before, pieces, from } of plan.inserts) {
    const place = after ? placeOf(store, after) : before ? placeOf(store, before) : null;
    if (!place) continue;
    let index = after ? place.index + 1 : place.index;
    const start = Y.getState(store, doc.clientID);
    for (const piece of pieces) {
      const attrs = "attrs" in piece ? piece.attrs : { ...Object.fromEntries(formattingAt(place.text, index)), ...piece.formats };
      // Yjs sets to null every formatting key the text would inherit there and `attrs` do not name.
      place.text.insert(index, piece.text, withoutNulls(attrs));
      index += piece.text.length;
    }
    let k = 0;
    const structs = store.clients.get(doc.clientID)!;
    for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
      const struct = structs[i]!;
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      for (let c = 0; c < struct.length && k < from.length; c++) plan.moved.push([from[k++]!, { client: doc.clientID, clock: struct.id.clock + c } as Y.ID]);
    }
  }
  for (const id of plan.deletes) {
    const place = placeOf(store, id);
    if (place) place.text.delete(place.index, 1);
  }
  for (const { element, key, value } of plan.attributes) element.setAttribute(key, value as any);
}

/**
 * Blocks the update removed whose text it moved into a block it added (y-prosemirror
 * re-creates a clause when its diff of a paste or a split finds that simpler): each such
 * old block's attribute items, and the new block. An attribute another sets meanwhile on
 * the old block (the chair's status) is then set on the new one (planLate).
 */
function recreated(scope: Scope, moved: readonly [Y.ID, Y.ID][]): Map<Y.XmlElement, Y.XmlElement> {
  const store = scope.transaction.doc.store;
  const found = new Map<Y.XmlElement, Y.XmlElement>();
  for (const [from, to] of moved) {
    const a = itemAt(store, from);
    const b = itemAt(store, to);
    const oldBlock = a && textOf(a)?.parent;
    const newBlock = b && textOf(b)?.parent;
    if (!(oldBlock instanceof Y.XmlElement) || !(newBlock instanceof Y.XmlElement) || found.has(oldBlock)) continue;
    if (!oldBlock._item?.deleted || !newBlock._item || !scope.added(newBlock._item) || newBlock.nodeName !== oldBlock.nodeName) continue;
    found.set(oldBlock, newBlock);
  }
  return found;
}

/**
 * A block re-created to move its text keeps what its mover may not change: the clause's
 * status (the chair's), and another's proposal to delete or add the block. The mover
 * wrote the new block from its own copy, which may not have had them yet (the chair
 * marked the clause agreed a moment before); without this they would go without a word.
 */
function planKept(scope: Scope, blocks: ReadonlyMap<Y.XmlElement, Y.XmlElement>, actor: Actor, plan: Plan): void {
  if (actor.role === "chair") return;
  for (const [oldBlock, newBlock] of blocks) {
    // The old block's attributes as they stood before the update removed it (with it).
    const was: Record<string, unknown> = {};
    for (const [key, item] of oldBlock._map) if (scope.visibleBefore(item)) was[key] = item.content.getContent()[item.length - 1];
    const now = newBlock.getAttributes() as Record<string, unknown>;
    for (const key of ["status", "deleted", "inserted"]) {
      if (same(was[key] ?? null, now[key] ?? null)) continue;
      const value = was[key] ?? null;
      const theirs = key === "status" ? value !== null : isChange(value) && !mayWriteAs(actor, value.by);
      if (theirs) plan.attributes.push({ element: newBlock, key, value });
    }
  }
}

/** The formatting a character inserted at `index` of `text` would inherit (that of the character before it). */
function formattingAt(text: Y.XmlText, index: number): Map<string, unknown> {
  let attrs = new Map<string, unknown>();
  let seen = 0;
  for (let item = text._start; item !== null && seen < index; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) attrs = withFormat(attrs, item.content);
    else if (item.countable) seen += item.length;
  }
  return attrs;
}

function withoutNulls(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null));
}

/** The text run and visible index of a character now, or null if it is not visible. */
function placeOf(store: Y.Doc["store"], id: Y.ID): { text: Y.XmlText; index: number } | null {
  const item = itemAt(store, id);
  if (!item || item.deleted) return null;
  const text = textOf(item);
  if (!text) return null;
  let index = 0;
  for (let x = text._start; x !== null; x = x.right) {
    if (x === item) return { text, index: index + id.clock - item.id.clock };
    if (!x.deleted && x.countable) index += x.length;
  }
  return null;
}

function idOf(char: Char): Y.ID {
  return { client: char.item.id.client, clock: char.item.id.clock + char.offset } as Y.ID;
}

function textOf(struct: Y.Item | Y.GC): Y.XmlText | null {
  return struct instanceof Y.Item && struct.parentSub === null && struct.parent instanceof Y.XmlText ? struct.parent : null;
}

/** Text runs sorted by where they stand in the document. */
function inDocumentOrder(texts: Y.XmlText[]): Y.XmlText[] {
  const paths = new Map(texts.map((t) => [t, pathOf(t)]));
  return texts.sort((a, b) => comparePaths(paths.get(a)!, paths.get(b)!));
}

function pathOf(type: Y.AbstractType<any>): number[] {
  const path: number[] = [];
  for (let item = type._item; item !== null; item = (item.parent as Y.AbstractType<any>)._item) {
    let index = 0;
    for (let left = item.left; left !== null; left = left.left) index++;
    path.unshift(index);
  }
  return path;
}

function comparePaths(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Whether a decoded item's parent is given as the id of the item that holds it (not a root's name). */
function isId(parent: unknown): parent is Y.ID {
  return typeof parent === "object" && parent !== null && typeof (parent as Y.ID).client === "number" && typeof (parent as Y.ID).clock === "number";
}

function isChange(value: unknown): value is { id: string; by: string } {
  if (typeof value !== "object" || value === null) return false;
  const { id, by } = value as { id?: unknown; by?: unknown };
  return typeof id === "string" && typeof by === "string";
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
