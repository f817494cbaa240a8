import { Worker } from "node:worker_threads";
import { runExportJob } from "./export-job.ts";
import type { ExportJob, JobResult } from "./export-job.ts";

/**
 * Exports and comparisons run on a worker thread (issue 10: an observer looping Word
 * exports raised everyone's edit latency from 9 to 70 ms, the exports running on the
 * main thread). One worker, started on the first export, jobs in turn; a worker that
 * dies is replaced on the next job. `inProcess` runs jobs on the calling thread (the
 * CLI, which has no room to keep responsive).
 */
export class ExportPool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(result: JobResult): void; reject(error: Error): void }>();

  constructor(private readonly inProcess = false) {}

  /** Runs a job; resolves with the file or the HTTP error to answer. */
  run(job: ExportJob): Promise<JobResult> {
    if (this.inProcess) return runExportJob(job);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<JobResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  /** Stops the worker; jobs still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error("the export worker was stopped"));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./export-worker.mjs", import.meta.url));
    worker.unref();
    worker.on("message", (message: { id: number; result?: JobResult; failure?: string }) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.result) waiter.resolve(message.result);
      else waiter.reject(new Error(`export failed: ${message.failure}`));
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(error);
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`the export worker stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
