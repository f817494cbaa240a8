import express from "express";
import type { Request, Response } from "express";
import { requestLog } from "./log.ts";
import { metricsText } from "./metrics.ts";
import { tokenMatches } from "./participants.ts";
import type { Store } from "./store.ts";

/**
 * The routes for whoever runs the server:
 *
 * - `GET /healthz`: 200 `{"status":"ok"}` when the store answers a query, else 503
 *   `{"status":"unavailable","reason":...}`. No authentication (a load balancer's probe).
 * - `GET /metrics`: Prometheus text format (server/metrics.ts). A conference server is
 *   on the open internet, so it needs `Authorization: Bearer <token>`: the metrics token
 *   (`plenary serve --metrics-token`, or `$PLENARY_METRICS_TOKEN`), which Prometheus can
 *   hold (`authorization: { credentials_file: ... }`) without being able to create
 *   sessions; the admin token works too.
 */

/** What the routes need of the server. */
export interface OperationsContext {
  store: Store;
  /** SHA-256 of the admin token. */
  adminTokenHash: string;
  /** SHA-256 of the metrics token, if one is set. */
  metricsTokenHash?: string;
}

/** Why the store does not answer, or null when it does: a trivial query on one of its tables. */
export function storeTrouble(store: Store): string | null {
  try {
    store.database().prepare("SELECT 1 FROM settings LIMIT 1").get();
    return null;
  } catch (error) {
    return `the store does not answer: ${(error as Error).message}`;
  }
}

function bearer(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
  return match ? match[1]! : null;
}

/** The router of `/healthz` and `/metrics`. */
export function operationsRoutes(ctx: OperationsContext): express.Router {
  const router = express.Router();

  router.get("/healthz", (req: Request, res: Response) => {
    res.set("Cache-Control", "no-store");
    const trouble = storeTrouble(ctx.store);
    if (trouble) {
      requestLog(req).error({ reason: trouble }, "health check failed");
      res.status(503).json({ status: "unavailable", reason: trouble });
      return;
    }
    res.json({ status: "ok" });
  });

  router.get("/metrics", async (req: Request, res: Response) => {
    res.set("Cache-Control", "no-store");
    const token = bearer(req);
    const allowed = token !== null && (tokenMatches(token, ctx.adminTokenHash) || (ctx.metricsTokenHash !== undefined && tokenMatches(token, ctx.metricsTokenHash)));
    if (!allowed) {
      res.set("WWW-Authenticate", 'Bearer realm="plenary metrics"');
      res.status(401).type("text/plain").send("metrics token missing or wrong\n");
      return;
    }
    const { contentType, body } = await metricsText();
    res.set("Content-Type", contentType).send(body);
  });

  return router;
}
