import type { Token } from "./tokens.ts";

/**
 * Lines up the tokens of a stretch before and after an update: which stayed (possibly
 * with other marks or attrs), which went, which came. Equal ends are paired first; the
 * middle is walked greedily, asking the rules at each step whether the pair may be the
 * same text, whether the token before may have gone, or the token after may have come.
 * If that walk finds no reading the rules allow, a second walk prefers removal and
 * insertion to pairing; the update is refused only when both fail. Linear in the stretch.
 */

/** Returned by {@link AlignRules.pair} when two tokens cannot be the same text at all. */
export const NO_PAIR = Symbol("no pair");

/** One step of an alignment. */
export type Step =
  | { kind: "pair"; b: number; a: number }
  | { kind: "remove"; b: number }
  | { kind: "insert"; a: number };

/** The questions the walk asks; each answers null (allowed), a reason, or NO_PAIR. */
export interface AlignRules {
  pair(b: number, a: number, blocks: ReadonlyMap<number, number>): string | null | typeof NO_PAIR;
  remove(b: number): string | null;
  insert(a: number): string | null;
}

/** An alignment, or the reason no allowed one was found. */
export type Alignment = { steps: Step[] } | { refused: string };

/** Aligns `before` with `after` under `rules`. */
export function align(before: readonly Token[], after: readonly Token[], rules: AlignRules): Alignment {
  let start = 0;
  while (start < before.length && start < after.length && before[start]!.sig === after[start]!.sig) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end]!.sig === after[after.length - 1 - end]!.sig) end++;
  const steps: Step[] = [];
  const blocks = new Map<number, number>();
  for (let i = 0; i < start; i++) {
    const refused = pairStep(rules, i, i, blocks, before, steps);
    if (refused) return { refused };
  }
  const middle = walk(before, after, start, end, rules, blocks, false);
  const chosen = "refused" in middle ? walk(before, after, start, end, rules, blocks, true) : middle;
  if ("refused" in chosen) return "refused" in middle ? middle : chosen;
  for (const step of chosen.steps) steps.push(step);
  for (const [b, a] of chosen.blocks) blocks.set(b, a);
  for (let k = end; k > 0; k--) {
    const refused = pairStep(rules, before.length - k, after.length - k, blocks, before, steps);
    if (refused) return { refused };
  }
  return { steps };
}

function pairStep(rules: AlignRules, b: number, a: number, blocks: Map<number, number>, before: readonly Token[], steps: Step[]): string | null {
  const verdict = rules.pair(b, a, blocks);
  if (verdict === NO_PAIR) return "the text changed in a way the editor does not make";
  if (verdict) return verdict;
  if (before[b]!.kind === "block") blocks.set(b, a);
  steps.push({ kind: "pair", b, a });
  return null;
}

function walk(
  before: readonly Token[],
  after: readonly Token[],
  start: number,
  end: number,
  rules: AlignRules,
  known: ReadonlyMap<number, number>,
  removeFirst: boolean,
): { steps: Step[]; blocks: Map<number, number> } | { refused: string } {
  const blocks = new Map(known);
  const steps: Step[] = [];
  let firstPairReason: string | null = null;
  let i = start;
  let j = start;
  const bEnd = before.length - end;
  const aEnd = after.length - end;
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
