import express from "express";
import type { Request, Response } from "express";
import type { Node as PMNode } from "prosemirror-model";
import { mayIssueRevision } from "../shared/roles.ts";
import { exportRequest, ExportRequestError, rosterAuthors } from "./export-document.ts";
import type { ExportFile } from "./export-document.ts";
import type { DocSource, JobResult } from "./export-job.ts";
import type { ExportPool } from "./export-pool.ts";
import { authenticate } from "./participants.ts";
import { Revisions } from "./revisions.ts";
import type { Rooms } from "./rooms.ts";
import { liveState } from "./session-document.ts";
import { ModelError } from "../shared/yjs/read.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * The export API (token as `Authorization: Bearer`; every role may read):
 * `GET /sessions/:id/export?format=dl|docx|html|pdf|akn|json&variant=marked|clean|attributed[&rev=N]`,
 * `GET /sessions/:id/revisions`, `POST /sessions/:id/revisions` (chair, secretariat),
 * `GET /sessions/:id/compare?from=N&to=M|live&format=html|dl|docx|json[&variant=...]`.
 * Files come with their content type and `Content-Disposition: attachment; filename=...`.
 */

/** What the export routes need from the server. */
export interface ExportContext {
  store: Store;
  rooms: Rooms;
  /** Where exports are rendered: a worker thread, off the rooms' thread. */
  exports: ExportPool;
}

/** A refusal: the API's error handler answers `{ error }` with this status. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function caller(ctx: ExportContext, req: Request): ParticipantRecord {
  const sessionId = String(req.params.id);
  if (!ctx.store.session(sessionId)) throw new HttpError(404, `no session ${sessionId}`);
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "")?.[1] ?? null;
  const participant = authenticate(ctx.store, sessionId, token);
  if (!participant) throw new HttpError(401, "token missing, wrong or revoked");
  return participant;
}

/** A revision number from a query parameter, or a 400 naming the parameter. */
function revisionParam(name: string, value: unknown): number {
  if (typeof value !== "string" || !/^\d{1,6}$/.test(value)) throw new HttpError(400, `${name} must be a revision number, got ${JSON.stringify(value ?? null)}`);
  return Number(value);
}

function checked<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ExportRequestError) throw new HttpError(400, error.message);
    if (error instanceof ModelError) throw new HttpError(409, `the draft holds content that is not valid (${error.message}); the chair can correct it`);
    throw error;
  }
}

function send(res: Response, file: ExportFile): void {
  res.set("Content-Type", file.contentType);
  res.set("Content-Disposition", `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.send(typeof file.body === "string" ? file.body : Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength));
}

/** Sends a job's file, or answers its error. */
function sendResult(res: Response, result: JobResult): void {
  if ("error" in result) throw new HttpError(result.status, result.error);
  send(res, result.file);
}

/** The router of the export API, to mount on the API router. */
export function exportRoutes(ctx: ExportContext): express.Router {
  const router = express.Router();
  const revisions = new Revisions(ctx.store);

  const revisionDocument = (sessionId: string, number: number): PMNode => {
    const doc = revisions.document(sessionId, number);
    if (!doc) throw new HttpError(404, `no revision ${number} in session ${sessionId} (revisions: ${revisions.list(sessionId).map((r) => r.number).join(", ") || "none"})`);
    return doc;
  };

  /** The live text as its Yjs state (the worker reads it), or a revision as JSON. */
  const source = (sessionId: string, rev: number | "live"): DocSource =>
    rev === "live" ? { yState: liveState(ctx.store, ctx.rooms, sessionId) } : { json: revisionDocument(sessionId, rev).toJSON() };

  router.get("/sessions/:id/export", async (req, res) => {
    const me = caller(ctx, req);
    const { format, variant } = checked(() => exportRequest(req.query.format, req.query.variant));
    const doc = source(me.sessionId, req.query.rev === undefined ? "live" : revisionParam("rev", req.query.rev));
    sendResult(res, await ctx.exports.run({ kind: "export", doc, format, variant, authors: rosterAuthors(ctx.store.participants(me.sessionId)) }));
  });

  router.get("/sessions/:id/revisions", (req, res) => {
    const me = caller(ctx, req);
    res.json({ revisions: revisions.list(me.sessionId) });
  });

  router.post("/sessions/:id/revisions", (req, res) => {
    const me = caller(ctx, req);
    if (!mayIssueRevision(me.role)) throw new HttpError(403, `role ${me.role} may not issue a revision (the chair and the secretariat may)`);
    try {
      res.status(201).json({ revision: revisions.issue(me.sessionId, ctx.rooms, me) });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(409, error.message);
      throw error;
    }
  });

  router.get("/sessions/:id/compare", async (req, res) => {
    const me = caller(ctx, req);
    const { format, variant } = checked(() => exportRequest(req.query.format ?? "html", req.query.variant));
    const from = revisionParam("from", req.query.from);
    const to = req.query.to === undefined || req.query.to === "live" ? "live" : revisionParam("to", req.query.to);
    const older = source(me.sessionId, from);
    const newer = source(me.sessionId, to);
    const listed = revisions.list(me.sessionId);
    const issuedAt = to === "live" ? Date.now() : listed.find((r) => r.number === to)?.issuedAt;
    const at = issuedAt ? new Date(issuedAt).toISOString() : null;
    const authors = rosterAuthors(ctx.store.participants(me.sessionId));
    // The chair's decisions between the two versions, from the live text's log, credit the differences.
    const history = { yState: "yState" in newer ? newer.yState : liveState(ctx.store, ctx.rooms, me.sessionId), after: listed.find((r) => r.number === from)?.issuedAt ?? null, until: to === "live" ? null : (issuedAt ?? null) };
    sendResult(res, await ctx.exports.run({ kind: "compare", older, newer, newerIsLive: to === "live", at, from, to, format, variant, authors, history }));
  });

  return router;
}
