import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import express from "express";
import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { DLInputError } from "../shared/dl/input.ts";
import { authenticate, joinLink, managesRoster, publicParticipant, reissueToken, tokenMatches } from "./participants.ts";
import { CloseCode } from "../shared/protocol.ts";
import type { Rooms } from "./rooms.ts";
import { createSession } from "./session.ts";
import { exportRoutes } from "./export-routes.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * The HTTP side of the server: the client's pages and assets from `dist/`, and the
 * JSON API (see CONTRACT.tmp.md). Every response says `Referrer-Policy: no-referrer`,
 * so a join link's page never leaks its address.
 */

/** What the HTTP app needs from the server. */
export interface HttpContext {
  store: Store;
  rooms: Rooms;
  /** SHA-256 of the admin token that may create sessions. */
  adminTokenHash: string;
  /** Directory of the built client. */
  distDir: string;
  /** Base of join links; when absent, taken from the request's Host. */
  baseUrl?: string;
}

const SessionDraftBody = z.object({
  title: z.string().trim().min(1, "title is empty").max(300),
  text: z.string().min(1, "text is empty"),
  delegations: z
    .array(z.object({ code: z.string().trim().min(1).max(16), name: z.string().trim().min(1).max(200) }))
    .max(500),
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
  if (!managesRoster(participant.role)) throw new Refusal(403, `role ${participant.role} may not manage the roster`);
  return participant;
}

function target(ctx: HttpContext, req: Request): ParticipantRecord {
  const sessionId = String(req.params.id);
  const pid = String(req.params.pid);
  const participant = ctx.store.participant(sessionId, pid);
  if (!participant) throw new Refusal(404, `no participant ${pid} in session ${sessionId}`);
  return participant;
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
  router.use(express.json({ limit: "12mb" }));

  router.post("/sessions", (req, res) => {
    const token = bearer(req);
    if (!token || !tokenMatches(token, ctx.adminTokenHash)) throw new Refusal(401, "admin token missing or wrong");
    const parsed = SessionDraftBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Refusal(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
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

  router.post("/sessions/:id/participants/:pid/revoke", (req, res) => {
    const me = manager(ctx, req);
    const who = target(ctx, req);
    ctx.store.setRevoked(who.id, true);
    ctx.rooms.get(me.sessionId)?.disconnect(who.id, CloseCode.Unauthorized, "this link was revoked");
    res.status(204).end();
  });

  router.post("/sessions/:id/participants/:pid/reissue", (req, res) => {
    const me = manager(ctx, req);
    const who = target(ctx, req);
    const token = reissueToken(ctx.store, who.id);
    ctx.rooms.get(me.sessionId)?.disconnect(who.id, CloseCode.Unauthorized, "this link was replaced");
    res.json({ link: joinLink(baseUrlOf(ctx, req), me.sessionId, token) });
  });

  router.use(exportRoutes(ctx));
  router.use((req, _res) => {
    throw new Refusal(404, `no API ${req.method} ${req.path}`);
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof Refusal) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ error: (error as Error).message });
      return;
    }
    console.error(`API ${_req.method} ${_req.path}: ${(error as Error).stack ?? String(error)}`);
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
  app.use((_req, res, next) => {
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });
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
