import { checkRows } from "./check.ts";
import { codecRows } from "./codec.ts";
import { exportRows } from "./export.ts";
import { exportThreadRows } from "./export-thread.ts";
import { log } from "../server/log.ts";
import { loadRows } from "./load.ts";
import { formatRows } from "./measure.ts";
import type { Row } from "./measure.ts";
import { refusalRows } from "./refusal.ts";
import { sessionRows } from "./session.ts";

/** `npm run bench`: prints every figure; the README keeps the last ones written down. */
const sections: [string, () => Row[] | Promise<Row[]>][] = [
  ["DL text codec", codecRows],
  ["Live session (300 pages, 1 MB)", sessionRows],
  ["Checking updates against the sender's role", checkRows],
  ["Refusals, large decisions and long histories (issue 9)", refusalRows],
  ["Export (DL text, Word, HTML, PDF)", exportRows],
  ["Exports and the rooms' thread (issue 10)", exportThreadRows],
  ["The server under load, beside the reference y-websocket server (issue 11)", loadRows],
];

// The in-process servers' log (connections opening and closing) would interleave with the tables.
log.level = process.env.PLENARY_LOG_LEVEL ?? "warn";
console.log(`Plenary benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const [title, rows] of sections) {
  console.log(`## ${title}\n${formatRows(await rows())}\n`);
}
