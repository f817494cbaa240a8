import { codecRows } from "./codec.ts";
import { formatRows } from "./measure.ts";

/** `npm run bench`: prints every figure; the README keeps the last ones written down. */
const sections: [string, () => ReturnType<typeof codecRows>][] = [["DL text codec", codecRows]];

console.log(`Plenary benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const [title, rows] of sections) {
  console.log(`## ${title}\n${formatRows(rows())}\n`);
}
