import { commonPairs } from "./diff.ts";
import { sameToken } from "./tokens.ts";
import type { Token } from "./tokens.ts";

/**
 * Lines up the tokens of a stretch before and after an update: which stayed (possibly
 * with other marks or attrs), which went, which came. Equal ends are paired first; the
 * middle is anchored on the tokens that stayed exactly as they were (Myers' diff, up to
 * a bound), and each stretch between anchors is walked greedily, asking the rules at
 * each step whether the pair may be the same text, whether the token before may have
 * gone, or the token after may have come. If a walk finds no reading the rules allow, a
 * second walk prefers removal and insertion to pairing. Only when that reading fails is
 * the whole middle walked the same way; the update is refused when every reading fails.
 */

/** Returned by {@link AlignRules.pair} when two tokens cannot be the same text at all. */
export const NO_PAIR = Symbol("no pair");

/** One step of an alignment. */
export type Step =
  | { kind: "pair"; b: number; a: number }
  | { kind: "remove"; b: number }
  | { kind: "insert"; a: number };

/**
 * The questions the walk asks; each answers null (allowed), a reason, or NO_PAIR. Two
 * characters or line breaks that are the same ({@link sameToken}) in blocks already paired
 * are no change: `pair` must allow them, and align does not ask it about them.
 */
export interface AlignRules {
  pair(b: number, a: number, blocks: ReadonlyMap<number, number>): string | null | typeof NO_PAIR;
  remove(b: number): string | null;
  insert(a: number): string | null;
}

/** An alignment, or the reason no allowed one was found. */
export type Alignment = { steps: Step[] } | { refused: string };

/** How many differences the exact alignment looks for before it leaves the middle to the walk. */
const MAX_DIFFERENCES = 2000;

/**
 * Aligns `before` with `after` under `rules`. Equal ends are paired first. The middle is
 * first anchored on what stayed exactly as it was (a longest common subsequence of the
 * signatures, diff.ts), each differing stretch between anchors walked on its own; only if
 * that reading is refused (or the change is too large for it) is the whole middle walked.
 */
export function align(before: readonly Token[], after: readonly Token[], rules: AlignRules): Alignment {
  let start = 0;
  while (start < before.length && start < after.length && sameToken(before[start]!, after[start]!)) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && sameToken(before[before.length - 1 - end]!, after[after.length - 1 - end]!)) end++;
  const steps: Step[] = [];
  const blocks = new Map<number, number>();
  for (let i = 0; i < start; i++) {
    const refused = pairStep(rules, i, i, blocks, before, after, steps);
    if (refused) return { refused };
  }
  const bEnd = before.length - end;
  const aEnd = after.length - end;
  const anchoredReading = anchored(before, after, start, bEnd, start, aEnd, rules, blocks);
  let chosen: { steps: Step[]; blocks: Map<number, number> } | { refused: string } = anchoredReading ?? { refused: "" };
  if ("refused" in chosen) {
    const middle = walk(before, after, start, bEnd, start, aEnd, rules, blocks, false);
    const second = "refused" in middle ? walk(before, after, start, bEnd, start, aEnd, rules, blocks, true) : middle;
    // The reason given is the anchored reading's (the closer one), else the first walk's.
    chosen = "refused" in second ? (anchoredReading && "refused" in anchoredReading ? anchoredReading : "refused" in middle ? middle : second) : second;
  }
  if ("refused" in chosen) return chosen;
  for (const step of chosen.steps) steps.push(step);
  for (const [b, a] of chosen.blocks) blocks.set(b, a);
  for (let k = end; k > 0; k--) {
    const refused = pairStep(rules, before.length - k, after.length - k, blocks, before, after, steps);
    if (refused) return { refused };
  }
  return { steps };
}

/** The middle read through its exact anchors; null when the change is too large to look for them. */
function anchored(
  before: readonly Token[],
  after: readonly Token[],
  b0: number,
  b1: number,
  a0: number,
  a1: number,
  rules: AlignRules,
  known: ReadonlyMap<number, number>,
): { steps: Step[]; blocks: Map<number, number> } | { refused: string } | null {
  const pairs = commonPairs(b1 - b0, a1 - a0, (b, a) => sameToken(before[b0 + b]!, after[a0 + a]!), MAX_DIFFERENCES);
  if (pairs === null) return null;
  const blocks = new Map(known);
  const steps: Step[] = [];
  let i = b0;
  let j = a0;
  const stretch = (bTo: number, aTo: number): string | null => {
    if (i === bTo && j === aTo) return null;
    let part = walk(before, after, i, bTo, j, aTo, rules, blocks, false);
    if ("refused" in part) {
      const second = walk(before, after, i, bTo, j, aTo, rules, blocks, true);
      if ("refused" in second) return part.refused;
      part = second;
    }
    for (const step of part.steps) steps.push(step);
    for (const [b, a] of part.blocks) blocks.set(b, a);
    return null;
  };
  for (const [pb, pa] of pairs) {
    const b = b0 + pb;
    const a = a0 + pa;
    const refused = stretch(b, a) ?? pairStep(rules, b, a, blocks, before, after, steps);
    if (refused) return { refused };
    i = b + 1;
    j = a + 1;
  }
  const refused = stretch(b1, a1);
  return refused ? { refused } : { steps, blocks };
}

/** Pairs before[b] with after[a] (tokens that read the same) if the rules allow it; the reason if not. */
function pairStep(rules: AlignRules, b: number, a: number, blocks: Map<number, number>, before: readonly Token[], after: readonly Token[], steps: Step[]): string | null {
  const x = before[b]!;
  if ((x.kind === "char" || x.kind === "break") && blocks.get(x.block) === after[a]!.block) {
    steps.push({ kind: "pair", b, a });
    return null;
  }
  const verdict = rules.pair(b, a, blocks);
  if (verdict === NO_PAIR) return "the text changed in a way the editor does not make";
  if (verdict) return verdict;
  if (before[b]!.kind === "block") blocks.set(b, a);
  steps.push({ kind: "pair", b, a });
  return null;
}

/** Walks before[i0, bEnd) against after[j0, aEnd) greedily, asking the rules at each step. */
function walk(
  before: readonly Token[],
  after: readonly Token[],
  i0: number,
  bEnd: number,
  j0: number,
  aEnd: number,
  rules: AlignRules,
  known: ReadonlyMap<number, number>,
  removeFirst: boolean,
): { steps: Step[]; blocks: Map<number, number> } | { refused: string } {
  const blocks = new Map(known);
  const steps: Step[] = [];
  let firstPairReason: string | null = null;
  let i = i0;
  let j = j0;
  while (i < bEnd || j < aEnd) {
    const paired = i < bEnd && j < aEnd ? rules.pair(i, j, blocks) : NO_PAIR;
    if (typeof paired === "string") firstPairReason ??= paired;
    const removal = i < bEnd ? () => rules.remove(i) : () => "nothing to remove";
    const insertion = j < aEnd ? () => rules.insert(j) : () => "nothing to insert";
    if (!removeFirst && paired === null) {
      if (before[i]!.kind === "block") blocks.set(i, j);
      steps.push({ kind: "pair", b: i++, a: j++ });
      continue;
    }
    const removed = i < bEnd ? removal() : "nothing to remove";
    if (removed === null) {
      steps.push({ kind: "remove", b: i++ });
      continue;
    }
    const inserted = j < aEnd ? insertion() : "nothing to insert";
    if (inserted === null) {
      steps.push({ kind: "insert", a: j++ });
      continue;
    }
    if (paired === null) {
      if (before[i]!.kind === "block") blocks.set(i, j);
      steps.push({ kind: "pair", b: i++, a: j++ });
      continue;
    }
    return { refused: firstPairReason ?? (i < bEnd ? removed : inserted) };
  }
  return { steps, blocks };
}
