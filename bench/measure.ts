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

export function formatRows(rows: Row[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => `${r.name.padEnd(width)}  ${r.medianMs.toFixed(1).padStart(8)} ms  (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)}, ${r.runs} runs)`);
  return [`${"what".padEnd(width)}  ${"median".padStart(11)}`, ...lines].join("\n");
}
