/**
 * The longest common subsequence of two token runs, by Myers' O((N+M)·D) algorithm:
 * which tokens stayed exactly as they were (same signature), as pairs of indexes in
 * increasing order. The check lines up what a change kept before it asks the rules
 * about what lies between (align.ts). Gives up (null) past `maxD` differences, where
 * the caller falls back to its linear walk.
 */
export function commonPairs(n: number, m: number, same: (b: number, a: number) => boolean, maxD: number): [number, number][] | null {
  const max = n + m;
  if (n === 0 || m === 0) return [];
  // At least |n - m| differences: no need to look.
  if (Math.abs(n - m) > maxD) return null;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  const limit = Math.min(max, maxD);
  for (let d = 0; d <= limit; d++) {
    // The state before round d, for k in [-d, d] (what backtracking reads of it).
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && same(x, y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): [number, number][] {
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const state = trace[d]!;
    const at = (k: number) => state[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      pairs.push([x - 1, y - 1]);
      x--;
      y--;
    }
    x = prevX;
    y = prevY;
  }
  return pairs.reverse();
}
