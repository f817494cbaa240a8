import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import express from "express";
import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import type { ExportPool } from "./export-pool.ts";
import { checkRoster, RosterError } from "../shared/delegation.ts";
import { DLInputError, MAX_DL_BYTES } from "../shared/dl/input.ts";
import { mayManageRoster, seatManagementRefusal } from "../shared/roles.ts";
import { addDelegationSeat, authenticate, joinLink, publicParticipant, reissueToken, tokenMatches } from "./participants.ts";
import { CloseCode } from "../shared/protocol.ts";
import type { Rooms } from "./rooms.ts";
import { createSession } from "./session.ts";
import { exportRoutes } from "./export-routes.ts";
import { wordImportRoutes } from "./word-import.ts";
import { requestLog, requestLogging } from "./log.ts";
import { operationsRoutes } from "./operations.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * The HTTP side of the server: the client's pages and assets from `dist/`, and the
 * JSON API (see CONTRACT.tmp.md). Every response says `Referrer-Policy: no-referrer`,
 * so a join link's page never leaks its address. A request body is read only after
 * its token is checked, and only up to a limit.
 */

/** The largest body of `POST /api/sessions`: a DL text at its limit, with room for JSON escapes and the roster (9 MiB). */
export const MAX_SESSION_BODY_BYTES = MAX_DL_BYTES + 1024 * 1024;

/** What the HTTP app needs from the server. */
export interface HttpContext {
  store: Store;
  rooms: Rooms;
  /** Where exports are rendered (a worker thread). */
  exports: ExportPool;
  /** SHA-256 of the admin token that may create sessions. */
  adminTokenHash: string;
  /** Directory of the built client. */
  distDir: string;
  /** Base of join links; when absent, taken from the request's Host. */
  baseUrl?: string;
  /** SHA-256 of the token that may read `/metrics` besides the admin token (server/operations.ts). */
  metricsTokenHash?: string;
}

/** A delegation seated during the session. */
const SeatBody = z.object({ code: z.string().trim(), name: z.string().trim() });

/** The shape of a new session; its delegations are then checked by the roster's rule (shared/delegation.ts). */
const SessionDraftBody = z.object({
  title: z.string().trim().min(1, "title is empty").max(300),
  text: z.string().min(1, "text is empty"),
  delegations: z.array(z.object({ code: z.string().trim(), name: z.string().trim() })).max(500),
});

/** An API refusal: the status and a message naming what was refused. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function bearer(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
  return match ? match[1]! : null;
}

function baseUrlOf(ctx: HttpContext, req: Request): string {
  return ctx.baseUrl ?? `${req.protocol}://${req.get("host")}`;
}

/** The participant calling, or a 404 (no session) / 401 (bad token) refusal. */
function caller(ctx: HttpContext, req: Request): ParticipantRecord {
  const sessionId = String(req.params.id);
  if (!ctx.store.session(sessionId)) throw new Refusal(404, `no session ${sessionId}`);
  const participant = authenticate(ctx.store, sessionId, bearer(req));
  if (!participant) throw new Refusal(401, "token missing, wrong or revoked");
  return participant;
}

function manager(ctx: HttpContext, req: Request): ParticipantRecord {
  const participant = caller(ctx, req);
  if (!mayManageRoster(participant.role)) throw new Refusal(403, `role ${participant.role} may not manage the roster`);
  return participant;
}

function target(ctx: HttpContext, req: Request): ParticipantRecord {
  const sessionId = String(req.params.id);
  const pid = String(req.params.pid);
  const participant = ctx.store.participant(sessionId, pid);
  if (!participant) throw new Refusal(404, `no participant ${pid} in session ${sessionId}`);
  return participant;
}

/** The caller and the seat it revokes or reissues; 403 where the roles' rule refuses (see seatManagementRefusal). */
function managedSeat(ctx: HttpContext, req: Request): { me: ParticipantRecord; who: ParticipantRecord } {
  const me = manager(ctx, req);
  const who = target(ctx, req);
  const refusal = seatManagementRefusal(me.role, who.role, me.id === who.id);
  if (refusal) throw new Refusal(403, refusal);
  return { me, who };
}

/** Refuses a request from anyone but the chair or the secretariat of the session, before its body is read. */
function managerOnly(ctx: HttpContext) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    manager(ctx, req);
    next();
  };
}

/** Refuses a request without the admin token with 401, before its body is read. */
function adminOnly(ctx: HttpContext) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const token = bearer(req);
    if (!token || !tokenMatches(token, ctx.adminTokenHash)) throw new Refusal(401, "admin token missing or wrong");
    next();
  };
}

/**
 * Reads a JSON body of at most `limit` bytes into `req.body`. A larger one is refused
 * with 413 as soon as it is known: from its Content-Length before a byte is read, or
 * once the bytes read pass the limit; the rest is never read (the connection closes).
 */
function jsonBody(limit: number) {
  const tooLarge = () => new Refusal(413, `the request body is over the limit of ${limit / (1024 * 1024)} MiB`);
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!req.is("application/json")) {
      next(new Refusal(415, "the body must be JSON (Content-Type: application/json)"));
      return;
    }
    if (Number(req.get("content-length") ?? 0) > limit) {
      next(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (error: unknown) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", stop);
      req.pause();
      next(error);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > limit) stop(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      req.off("data", onData);
      req.off("error", stop);
      try {
        req.body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        next(new Refusal(400, "the body is not JSON"));
        return;
      }
      next();
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", stop);
  };
}

/** Whether a request came with a body that was not read to its end. */
function hasUnreadBody(req: Request): boolean {
  const announced = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
  return announced && !req.readableEnded;
}

function roster(ctx: HttpContext, sessionId: string) {
  const connected = ctx.rooms.connected(sessionId);
  return ctx.store.participants(sessionId).map((p) => publicParticipant(p, connected.has(p.id)));
}

function api(ctx: HttpContext): express.Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  router.post("/sessions", adminOnly(ctx), jsonBody(MAX_SESSION_BODY_BYTES), (req, res) => {
    const parsed = SessionDraftBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Refusal(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    try {
      checkRoster(parsed.data.delegations);
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      res.status(422).json({ error: error.message, field: `delegations.${error.index}.${error.field}` });
      return;
    }
    try {
      res.status(201).json(createSession(ctx.store, parsed.data, baseUrlOf(ctx, req)));
    } catch (error) {
      if (error instanceof DLInputError) {
        res.status(422).json({ error: error.message, line: error.line, column: error.column });
        return;
      }
      if (error instanceof RangeError) throw new Refusal(400, error.message);
      throw error;
    }
  });

  router.get("/sessions/:id/me", (req, res) => {
    const me = caller(ctx, req);
    const session = ctx.store.session(me.sessionId)!;
    const everyone = roster(ctx, me.sessionId);
    res.json({ session: { id: session.id, title: session.title }, me: everyone.find((p) => p.id === me.id)!, roster: everyone });
  });

  router.get("/sessions/:id/participants", (req, res) => {
    const me = manager(ctx, req);
    res.json({ participants: roster(ctx, me.sessionId) });
  });

  router.post("/sessions/:id/participants", managerOnly(ctx), jsonBody(16 * 1024), (req, res) => {
    const me = manager(ctx, req);
    const parsed = SeatBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Refusal(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    try {
      const { record, token } = addDelegationSeat(ctx.store, me.sessionId, parsed.data);
      ctx.rooms.get(me.sessionId)?.addDelegation(record.code!);
      res.status(201).json({ participant: publicParticipant(record, false), link: joinLink(baseUrlOf(ctx, req), me.sessionId, token) });
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      res.status(422).json({ error: error.message, field: error.field });
    }
  });

  router.post("/sessions/:id/participants/:pid/revoke", (req, res) => {
    const { me, who } = managedSeat(ctx, req);
    ctx.store.setRevoked(who.id, true);
    ctx.rooms.get(me.sessionId)?.disconnect(who.id, CloseCode.Unauthorized, "this link was revoked");
    res.status(204).end();
  });

  router.post("/sessions/:id/participants/:pid/reissue", (req, res) => {
    const { me, who } = managedSeat(ctx, req);
    const token = reissueToken(ctx.store, who.id);
    ctx.rooms.get(me.sessionId)?.disconnect(who.id, CloseCode.Unauthorized, "this link was replaced");
    res.json({ link: joinLink(baseUrlOf(ctx, req), me.sessionId, token) });
  });

  router.use(wordImportRoutes(ctx));
  router.use(exportRoutes(ctx));
  router.use((req, _res) => {
    throw new Refusal(404, `no API ${req.method} ${req.path}`);
  });
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // A refused request whose body was not read: close the connection rather than read the rest.
    if (hasUnreadBody(req)) res.set("Connection", "close");
    if (error instanceof Refusal) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ error: (error as Error).message });
      return;
    }
    requestLog(req).error({ err: error }, `API ${req.method} ${req.path} failed`);
    res.status(500).json({ error: "internal server error" });
  });
  return router;
}

/** Sends one of the client's pages: `dist/<page>.html`, else the single `dist/index.html`. */
function page(ctx: HttpContext, name: string) {
  return (_req: Request, res: Response): void => {
    const file = [join(ctx.distDir, `${name}.html`), join(ctx.distDir, "index.html")].find((f) => existsSync(f));
    if (!file) {
      res.status(503).type("text/plain").send("The client is not built: run `npm run build`.\n");
      return;
    }
    res.set("Cache-Control", "no-cache");
    res.sendFile(resolve(file));
  };
}

/** The express app: pages, assets and the JSON API. */
export function httpApp(ctx: HttpContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(requestLogging());
  app.use((_req, res, next) => {
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });
  app.use(operationsRoutes(ctx));
  app.use("/api", api(ctx));
  app.use("/assets", express.static(join(ctx.distDir, "assets"), { fallthrough: false, index: false }));
  app.get("/s/:id", page(ctx, "session"));
  app.get("/s/:id/manage", page(ctx, "manage"));
  app.get("/new", page(ctx, "new"));
  app.get("/", (_req, res) => {
    res.type("text/plain").send("Plenary. Open a join link (/s/<session>#t=<token>) or /new#t=<admin token>.\n");
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    res.status(typeof status === "number" ? status : 500).type("text/plain").send(typeof status === "number" ? `${status}\n` : "internal server error\n");
  });
  return app;
}
