import * as Y from "yjs";
import type { Node as PMNode } from "prosemirror-model";
import { compareDocuments } from "../shared/compare/compare.ts";
import { DECISIONS_ARRAY, isDecision } from "../shared/track/decision.ts";
import { COMMENTS_ARRAY, threadsOf } from "../shared/track/comment.ts";
import type { Thread } from "../shared/track/comment.ts";
import type { Decision } from "../shared/track/decision.ts";
import type { ExportFormat, ExportVariant } from "../shared/export/filename.ts";
import { readMeta, withRevision } from "../shared/meta.ts";
import { schema } from "../shared/schema.ts";
import { migrateMarkKeys } from "../shared/yjs/migrate.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { ModelError } from "../shared/yjs/read.ts";
import { compareFileName, renderExport } from "./export-document.ts";
import { PdfUnavailableError } from "./export-pdf.ts";
import type { ExportFile } from "./export-document.ts";
import { documentOfYDoc } from "./session-document.ts";

/**
 * One export or comparison, as plain data a worker thread can take (export-pool.ts): the
 * live text travels as its Yjs state (cheap to encode on the main thread), a revision as
 * its ProseMirror JSON. Reading, comparing and rendering (a 300-page Word file takes
 * about a second) happen in the worker, so an export never stalls the room's updates.
 */

/** Where a document of a job comes from. */
export type DocSource = { yState: Uint8Array } | { json: unknown };

export type ExportJob =
  | { kind: "export"; doc: DocSource; format: ExportFormat; variant: ExportVariant; authors: Record<string, { name: string; colour: string }> }
  | {
      kind: "compare";
      older: DocSource;
      newer: DocSource;
      /** The newer text is the live one: it takes the older revision's symbol and date (no difference to show). */
      newerIsLive: boolean;
      at: string | null;
      from: number;
      to: number | "live";
      format: ExportFormat;
      variant: ExportVariant;
      authors: Record<string, { name: string; colour: string }>;
      /** The live text's Yjs state and the times (ms) of the two versions: the chair's decisions between them credit the differences. */
      history?: { yState: Uint8Array; after: number | null; until: number | null };
    };

/** What a job gives back: the file, or an error with the HTTP status to answer. */
export type JobResult = { file: ExportFile } | { status: number; error: string };

/** Runs a job (in the worker, or in-process where no worker can be had). */
export async function runExportJob(job: ExportJob): Promise<JobResult> {
  try {
    if (job.kind === "export") return { file: await renderExport(documentOf(job.doc), job.format, job.variant, job.authors, undefined, commentsOf(job.doc)) };
    const older = documentOf(job.older);
    let newer = documentOf(job.newer);
    if (job.newerIsLive) newer = asRevisionOf(newer, older);
    const decided = new Map<string, string>();
    const compared = compareDocuments(older, newer, { at: job.at, decisions: job.history ? decisionsBetween(job.history) : [], decided });
    return { file: await renderExport(compared, job.format, job.variant, job.authors, compareFileName(compared, job.from, job.to, job.format), [], decided) };
  } catch (error) {
    if (error instanceof ModelError) return { status: 409, error: `the draft holds content that is not valid (${error.message}); the chair can correct it` };
    if (error instanceof PdfUnavailableError) return { status: 503, error: error.message };
    throw error;
  }
}

/** The decisions of the log made after `after` and up to `until` (ms; null: from the start, up to now). */
function decisionsBetween({ yState, after, until }: NonNullable<Extract<ExportJob, { kind: "compare" }>["history"]>): Decision[] {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, yState);
    return ydoc
      .getArray<unknown>(DECISIONS_ARRAY)
      .toArray()
      .filter(isDecision)
      .filter((d) => {
        const at = Date.parse(d.at);
        return (after === null || at > after) && (until === null || at <= until);
      });
  } finally {
    ydoc.destroy();
  }
}

/** The comment threads of the live text (a revision carries none). */
function commentsOf(source: DocSource): Thread[] {
  if (!("yState" in source)) return [];
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, source.yState);
    return threadsOf(ydoc.getArray<unknown>(COMMENTS_ARRAY).toArray());
  } finally {
    ydoc.destroy();
  }
}

function documentOf(source: DocSource): PMNode {
  if ("json" in source) return schema.nodeFromJSON(source.json);
  const ydoc = new Y.Doc();
  try {
    ydoc.transact(() => {
      Y.applyUpdate(ydoc, source.yState);
      migrateMarkKeys(ydoc.getXmlFragment(BODY));
    });
    return documentOfYDoc(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/**
 * The live text with the symbol and date lines of `revision`: the live text carries
 * the revision it started from, not the one compared, and that is no difference.
 */
function asRevisionOf(live: PMNode, revision: PMNode): PMNode {
  const meta = readMeta(revision);
  return meta.symbol && meta.revision !== null && readMeta(live).symbol ? withRevision(live, meta.revision, meta.date ?? "") : live;
}
