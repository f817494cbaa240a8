/**
 * Two texts lined up character by character (a longest common subsequence): which character
 * of the Word paragraph is which character of the draft's block. The common start and end
 * are matched at once; the rest by dynamic programming, bounded so that a pathological pair
 * of paragraphs costs at most a few megabytes (beyond that the middle is left unmatched and
 * the caller reports what it could not place).
 */

/** The most cells the dynamic programme may fill: two paragraphs of 2,000 differing characters each. */
const MAX_CELLS = 4_000_000;

/** For each character of `a`, the index of the character of `b` it is matched to, or -1. */
export function alignTexts(a: string, b: string): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    match[start] = start;
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    match[endA] = endB;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return match;
  // lengths[i][j]: the common subsequence of a[start+i..endA) and b[start+j..endB).
  const width = m + 1;
  const lengths = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[start + i] === b[start + j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j;
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return match;
}

/** How alike two texts are, 0 to 1: twice the matched characters over both lengths. */
export function likeness(a: string, b: string, match: Int32Array = alignTexts(a, b)): number {
  if (a.length + b.length === 0) return 1;
  let matched = 0;
  for (const j of match) if (j >= 0) matched++;
  return (2 * matched) / (a.length + b.length);
}
