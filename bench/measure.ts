/** One benchmark figure: the median and the spread of several timed runs. */
export interface Row {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

/** Times `f` after warming up; the median is the figure, min and max show the noise. */
export function measure(name: string, f: () => unknown, runs = 15): Row {
  for (let i = 0; i < 3; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(runs / 2)], minMs: times[0], maxMs: times[runs - 1], runs };
}

/** The `p` quantile of ascending `sorted` (0.5: the median, as `measure` takes it). */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/** A row from samples timed elsewhere: their median (or the `p` quantile), min and max. */
export function rowOf(name: string, samples: readonly number[], p = 0.5): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, medianMs: quantile(sorted, p), minMs: sorted[0] ?? NaN, maxMs: sorted[sorted.length - 1] ?? NaN, runs: sorted.length };
}

export function formatRows(rows: Row[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => `${r.name.padEnd(width)}  ${r.medianMs.toFixed(1).padStart(8)} ms  (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)}, ${r.runs} runs)`);
  return [`${"what".padEnd(width)}  ${"median".padStart(11)}`, ...lines].join("\n");
}
