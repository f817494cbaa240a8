import assert from "node:assert/strict";
import { test } from "node:test";
import { commonPairs } from "./diff.ts";

/** The longest common subsequence's length by the textbook table, to hold Myers to. */
function lcsLength(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
  return table[a.length]![b.length]!;
}

test("the kept tokens are a longest common subsequence, in order, of equal tokens", () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = () => Array.from({ length: Math.floor(rnd() * 14) }, () => "abc"[Math.floor(rnd() * 3)]).join("");
  for (let run = 0; run < 2000; run++) {
    const a = word();
    const b = word();
    const pairs = commonPairs(a.length, b.length, (i, j) => a[i] === b[j], 1000)!;
    let last: [number, number] = [-1, -1];
    for (const [i, j] of pairs) {
      assert.ok(i > last[0] && j > last[1] && a[i] === b[j], `"${a}" / "${b}": ${JSON.stringify(pairs)}`);
      last = [i, j];
    }
    assert.equal(pairs.length, lcsLength(a, b), `"${a}" / "${b}"`);
  }
});

test("past the allowed number of differences it gives up", () => {
  assert.equal(commonPairs(50, 50, () => false, 10), null);
  assert.deepEqual(commonPairs(3, 3, () => true, 0), [[0, 0], [1, 1], [2, 2]]);
});
