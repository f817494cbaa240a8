/**
 * Aligning two sequences by their longest common subsequence: what stays, what went,
 * what came. The common head and tail are taken off first, so the usual case (a few
 * changes in a long document) costs little; the rest is the classic table.
 */

/** One step of an alignment: an item of both, of the older only, or of the newer only. */
export type AlignStep = { kind: "same"; a: number; b: number } | { kind: "del"; a: number } | { kind: "ins"; b: number };

/** The alignment of `older` and `newer` by `key`, in order. */
export function align<T>(older: readonly T[], newer: readonly T[], key: (item: T) => string): AlignStep[] {
  const a = older.map(key);
  const b = newer.map(key);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const steps: AlignStep[] = [];
  for (let i = 0; i < head; i++) steps.push({ kind: "same", a: i, b: i });
  steps.push(...middle(a, b, head, a.length - tail, b.length - tail));
  for (let t = tail; t > 0; t--) steps.push({ kind: "same", a: a.length - t, b: b.length - t });
  return steps;
}

/** The LCS table over a[from..aEnd) and b[from..bEnd), walked from the start. */
function middle(a: string[], b: string[], from: number, aEnd: number, bEnd: number): AlignStep[] {
  const n = aEnd - from;
  const m = bEnd - from;
  const width = m + 1;
  // lengths[i * width + j]: the LCS of a[from+i..] and b[from+j..].
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[from + i] === b[from + j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const steps: AlignStep[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[from + i] === b[from + j]) steps.push({ kind: "same", a: from + i++, b: from + j++ });
    else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) steps.push({ kind: "del", a: from + i++ });
    else steps.push({ kind: "ins", b: from + j++ });
  }
  while (i < n) steps.push({ kind: "del", a: from + i++ });
  while (j < m) steps.push({ kind: "ins", b: from + j++ });
  return steps;
}
