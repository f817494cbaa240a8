// The export worker thread (server/export-pool.ts): TypeScript through tsx's loader, as
// bin/plenary.js does, then one job at a time from the main thread.
import { register } from "tsx/esm/api";
import { parentPort } from "node:worker_threads";

register();
const { runExportJob } = await import("./export-job.ts");
parentPort.on("message", async ({ id, job }) => {
  try {
    const result = await runExportJob(job);
    const transfer = "file" in result && typeof result.file.body !== "string" ? [result.file.body.buffer] : [];
    parentPort.postMessage({ id, result }, transfer);
  } catch (error) {
    parentPort.postMessage({ id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
