import { parentPort } from "node:worker_threads";
import { runExportJob } from "./export-job.ts";

/**
 * The export worker thread's loop (server/export-pool.ts): one job at a time from the main
 * thread, the result (or the failure) sent back. Started by export-worker.mjs through
 * tsx's loader in development, and compiled into dist/server/export-worker.mjs for the
 * compiled server (server/build.ts).
 */
parentPort!.on("message", async ({ id, job }) => {
  try {
    const result = await runExportJob(job);
    const transfer = "file" in result && typeof result.file.body !== "string" ? [result.file.body.buffer as ArrayBuffer] : [];
    parentPort!.postMessage({ id, result }, transfer);
  } catch (error) {
    parentPort!.postMessage({ id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
