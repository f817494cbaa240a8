import express from "express";
import type { NextFunction, Request, Response } from "express";
import * as Y from "yjs";
import { updateYFragment } from "y-prosemirror";
import type { Node as PMNode } from "prosemirror-model";
import { z } from "zod";
import { checkRoster, RosterError } from "../shared/delegation.ts";
import { DLInputError } from "../shared/dl/input.ts";
import { COMMENTS_ARRAY } from "../shared/track/comment.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { ModelError } from "../shared/yjs/read.ts";
import { proposeAuthorMapping } from "../shared/word/author-proposal.ts";
import { commentEntries } from "../shared/word/comment-threads.ts";
import { importDocx } from "../shared/word/docx-import.ts";
import type { DocxImport } from "../shared/word/docx-import.ts";
import { wordProposals } from "../shared/word/live-proposals.ts";
import type { WordProposals } from "../shared/word/live-proposals.ts";
import { mayImportWordFile } from "../shared/word/who-imports.ts";
import { authenticate, tokenMatches } from "./participants.ts";
import type { Rooms } from "./rooms.ts";
import { createSession } from "./session.ts";
import { liveDocument, writeAsServer } from "./session-document.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * Word in, over HTTP (token as `Authorization: Bearer`; a .docx travels base64 in JSON,
 * `{ docx }`, at most {@link MAX_DOCX_BYTES}). The file is read here, on the server, with
 * shared/word (xmldom), never in the browser:
 *
 * - `POST /sessions/word/report` (admin token) `{ docx, delegations? }`: what the file holds
 *   (counts, authors with the delegation proposed for each, what was not read, comments);
 * - `POST /sessions/word` (admin token) `{ title, delegations, authors, docx }`: a new
 *   session from it, its revisions the proposals of the delegations `authors` maps their
 *   Word authors to, its comments the session's comment threads;
 * - `POST /sessions/:id/word/report` (chair, secretariat) `{ docx, authors? }`: the same
 *   report, and what would be placed in the live draft and what not;
 * - `POST /sessions/:id/word` (chair, secretariat) `{ docx, authors }`: the revisions made
 *   proposals in the live draft, written as the server's own update (every client sees them at
 *   once, the audit has them), the comments as threads; answers what was placed and what not.
 *
 * A file that is not a Word file is refused (422, naming what is wrong) and nothing is written.
 */

/** The largest .docx taken: a 300-page draft's is about 0.4 MB; room for images. */
export const MAX_DOCX_BYTES = 12 * 1024 * 1024;
/** The largest body: the file as base64, and the roster. */
const MAX_BODY_BYTES = Math.ceil((MAX_DOCX_BYTES * 4) / 3) + 1024 * 1024;

export interface WordImportContext {
  store: Store;
  rooms: Rooms;
  adminTokenHash: string;
  baseUrl?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const AuthorTable = z.record(z.string().max(200), z.string().max(64));
const Delegations = z.array(z.object({ code: z.string().trim(), name: z.string().trim() })).max(500);
const ReportBody = z.object({ docx: z.string().min(1, "docx is empty"), delegations: Delegations.optional(), authors: AuthorTable.optional() });
const CreateBody = z.object({ title: z.string().trim().min(1, "title is empty").max(300), delegations: Delegations, authors: AuthorTable, docx: z.string().min(1, "docx is empty") });
const LiveBody = z.object({ docx: z.string().min(1, "docx is empty"), authors: AuthorTable });

function bearer(req: Request): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "")?.[1] ?? null;
}

/** Parses a body by its schema, or 400 naming the field. */
function bodyOf<T>(schema: z.ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new HttpError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
}

/** The .docx bytes of a body; 400 when they are not base64, 413 over the limit. */
function docxBytes(base64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new HttpError(400, "docx: not base64");
  const bytes = new Uint8Array(Buffer.from(base64, "base64"));
  if (bytes.byteLength > MAX_DOCX_BYTES) throw new HttpError(413, `the Word file is over the limit of ${MAX_DOCX_BYTES / 1024 / 1024} MB`);
  return bytes;
}

/** The file read with this author table; a file that is not a Word file is 422 naming what is wrong. */
function readWord(bytes: Uint8Array, authors: Record<string, string>): DocxImport {
  try {
    return importDocx(bytes, { authors });
  } catch (error) {
    if (error instanceof DLInputError) throw new HttpError(422, `The file was refused: ${error.message}`);
    if (error instanceof RangeError) throw new HttpError(422, error.message);
    throw error;
  }
}

/** The report a page shows: counts, authors with the proposed delegation, what was not read, each comment. */
function wordReport(word: DocxImport, delegations: readonly { code: string; name: string }[]) {
  const proposal = proposeAuthorMapping(word.report.authors.map((a) => a.name), delegations);
  return {
    counts: { ...word.report.counts, comments: word.comments.length },
    authors: word.report.authors.map((a) => ({ name: a.name, count: a.count, proposed: a.code ?? proposal[a.name] ?? null })),
    items: word.report.items.filter((i) => i.where !== "authors"),
    comments: word.comments.map((c) => ({ author: c.author, at: c.at, quote: c.quote, text: c.text })),
  };
}

/** An author table whose codes are all delegations of the roster (or "import"); 422 naming the first that is not. */
function checkAuthors(authors: Record<string, string>, codes: readonly string[]): Record<string, string> {
  for (const [name, code] of Object.entries(authors)) {
    if (code !== "import" && !codes.includes(code)) throw new HttpError(422, `Word author “${name}” is mapped to “${code}”, which is not a delegation of this session (${codes.join(", ") || "none"})`);
  }
  return Object.fromEntries(Object.entries(authors).filter(([, code]) => code !== "import"));
}

export function wordImportRoutes(ctx: WordImportContext): express.Router {
  const router = express.Router();
  const json = express.json({ limit: MAX_BODY_BYTES });
  const admin = (req: Request, _res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (!token || !tokenMatches(token, ctx.adminTokenHash)) throw new HttpError(401, "admin token missing or wrong");
    next();
  };
  const importer = (req: Request, _res: Response, next: NextFunction) => {
    const me = caller(req);
    if (!mayImportWordFile(me.role)) throw new HttpError(403, `the ${me.role} may not import a Word file (the chair and the secretariat may)`);
    next();
  };
  const caller = (req: Request): ParticipantRecord => {
    const sessionId = String(req.params.id);
    if (!ctx.store.session(sessionId)) throw new HttpError(404, `no session ${sessionId}`);
    const me = authenticate(ctx.store, sessionId, bearer(req));
    if (!me) throw new HttpError(401, "token missing, wrong or revoked");
    return me;
  };
  const rosterCodes = (sessionId: string) => ctx.store.participants(sessionId).flatMap((p) => (p.role === "delegation" && p.code ? [p.code] : []));
  const rosterOf = (sessionId: string) => ctx.store.participants(sessionId).flatMap((p) => (p.role === "delegation" && p.code ? [{ code: p.code, name: p.name }] : []));

  router.post("/sessions/word/report", admin, json, (req, res) => {
    const body = bodyOf(ReportBody, req);
    res.json(wordReport(readWord(docxBytes(body.docx), {}), body.delegations ?? []));
  });

  router.post("/sessions/word", admin, json, (req, res) => {
    const body = bodyOf(CreateBody, req);
    try {
      checkRoster(body.delegations);
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      res.status(422).json({ error: error.message, field: `delegations.${error.index}.${error.field}` });
      return;
    }
    const authors = checkAuthors(body.authors, body.delegations.map((d) => d.code));
    const word = readWord(docxBytes(body.docx), authors);
    const created = ctx.store.transaction(() => {
      const session = createSession(ctx.store, { title: body.title, text: word.text, delegations: body.delegations }, ctx.baseUrl ?? `${req.protocol}://${req.get("host")}`);
      if (word.comments.length) appendComments(ctx.store, session.id, word);
      return session;
    });
    res.status(201).json({ ...created, word: wordReport(word, body.delegations) });
  });

  router.post("/sessions/:id/word/report", importer, json, (req, res) => {
    const me = caller(req);
    const body = bodyOf(ReportBody, req);
    const roster = rosterOf(me.sessionId);
    const first = readWord(docxBytes(body.docx), {});
    const report = wordReport(first, roster);
    // What the import would place with the proposed (or given) mapping: a dry run, nothing written.
    const proposed = body.authors ?? Object.fromEntries(report.authors.flatMap((a) => (a.proposed ? [[a.name, a.proposed]] : [])));
    const word = readWord(docxBytes(body.docx), checkAuthors(proposed, rosterCodes(me.sessionId)));
    res.json({ ...report, placement: proposalsIn(live(me.sessionId), word).report });
  });

  router.post("/sessions/:id/word", importer, json, (req, res) => {
    const me = caller(req);
    const body = bodyOf(LiveBody, req);
    const word = readWord(docxBytes(body.docx), checkAuthors(body.authors, rosterCodes(me.sessionId)));
    const result = proposalsIn(live(me.sessionId), word);
    if (result.doc !== null || result.comments.length > 0) writeProposals(ctx.store, ctx.rooms, me.sessionId, result);
    res.json({ placement: result.report, comments: result.comments.length });
  });

  const live = (sessionId: string): PMNode => {
    try {
      return liveDocument(ctx.store, ctx.rooms, sessionId);
    } catch (error) {
      if (error instanceof ModelError) throw new HttpError(409, `the draft holds content that is not valid (${error.message}); the chair can correct it`);
      throw error;
    }
  };

  return router;
}

/** The proposals, or null for the doc when none changes the draft. */
function proposalsIn(live: PMNode, word: DocxImport): Omit<WordProposals, "doc"> & { doc: PMNode | null; live: PMNode } {
  const result = wordProposals(live, word, new Date().toISOString());
  return { ...result, doc: result.doc === live ? null : result.doc, live };
}

/**
 * Writes the proposals and comment threads into the live draft as the server's own update:
 * through the loaded room (stored, then relayed to everyone), or, with no one connected,
 * appended to the session's log.
 */
function writeProposals(store: Store, rooms: Rooms, sessionId: string, result: ReturnType<typeof proposalsIn>): void {
  const write = (body: Y.XmlFragment) => {
    if (result.doc) updateYFragment(body.doc!, body, result.doc, { mapping: new Map(), isOMark: new Map() } as never);
    const doc = result.doc ?? result.live;
    if (result.comments.length) body.doc!.getArray(COMMENTS_ARRAY).push(commentEntries(body, doc, result.comments, new Date().toISOString()));
  };
  writeAsServer(store, rooms, sessionId, write, "word-import");
}

/** A new session's comment threads from its Word file: one more update, by no participant (as the import). */
function appendComments(store: Store, sessionId: string, word: DocxImport): void {
  writeAsServer(store, null, sessionId, (body) => body.doc!.getArray(COMMENTS_ARRAY).push(commentEntries(body, word.doc, word.comments, new Date().toISOString())), "word-import");
}
