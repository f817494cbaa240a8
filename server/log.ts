import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { pino } from "pino";
import type { DestinationStream, Logger } from "pino";
import type { WebSocket } from "ws";

/**
 * The server's structured log: one JSON object a line on stderr (pino), so that stdout
 * keeps only what `plenary serve` prints for people (the "serving at" line, the links).
 * Each HTTP request and each WebSocket connection has a short id carried in every line
 * about it (`req`, `conn`), with the session, participant id, role and delegation code of
 * a connection. Tokens are never logged: paths are logged without their query, headers
 * not at all, and fields named like a token are redacted should one slip in.
 */

/** The levels `--log-level` takes, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Whether a string is one of {@link LOG_LEVELS}. */
export function isLogLevel(level: string): level is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(level);
}

/**
 * The level when nothing sets one: `$PLENARY_LOG_LEVEL`, else info; under node's test
 * runner (NODE_TEST_CONTEXT, which the servers a test spawns inherit too) error, so that
 * the tests' servers say no more than the console.error they had before this log.
 */
export function defaultLogLevel(): LogLevel {
  const fromEnv = process.env.PLENARY_LOG_LEVEL;
  if (fromEnv && isLogLevel(fromEnv)) return fromEnv;
  return process.env.NODE_TEST_CONTEXT ? "error" : "info";
}

function createLogger(destination: DestinationStream): Logger {
  return pino(
    {
      level: defaultLogLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ["token", "*.token", "authorization", "*.authorization", "headers", "*.headers"], censor: "[redacted]" },
    },
    destination,
  );
}

/** Where the log's lines go: stderr (synchronous writes: a line logged just before an exit is not lost), unless a test captures them. */
let sink: DestinationStream = pino.destination({ fd: 2, sync: true });

/** The server's logger. */
export const log: Logger = createLogger({ write: (line: string) => sink.write(line) });

/** For tests: keeps the log's lines in memory from now on, instead of writing them, until `restore()`. */
export function captureLog(): { lines(): Record<string, unknown>[]; restore(): void } {
  const previous = sink;
  const written: string[] = [];
  sink = { write: (line: string) => void written.push(line) };
  return {
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      sink = previous;
    },
  };
}

/** Sets the level of the server's logger (`plenary serve --log-level`); loggers made after take it. */
export function setLogLevel(level: LogLevel): void {
  log.level = level;
}

/** A short random id for a request or a connection (12 characters). */
export function newLogId(): string {
  return randomBytes(9).toString("base64url");
}

/** The message of an error, for a log field (no stack: these are expected failures). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- WebSocket connections

const connectionLogs = new WeakMap<object, Logger>();

/**
 * Gives a new WebSocket connection its id and logger (found again by {@link logOf}),
 * logs that it opened, and logs its close with the code and reason.
 */
export function watchConnection(connection: object, socket: WebSocket, sessionId: string, participant: { id: string; role: string; code: string | null }): Logger {
  const logger = log.child({ conn: newLogId(), session: sessionId, participant: participant.id, role: participant.role, code: participant.code });
  connectionLogs.set(connection, logger);
  const opened = Date.now();
  logger.info("connection opened");
  socket.once("close", (code: number, reason: Buffer) => {
    logger.info({ closeCode: code, closeReason: reason.toString("utf8"), ms: Date.now() - opened }, "connection closed");
  });
  return logger;
}

/** The logger of a connection (see {@link watchConnection}), else the server's. */
export function logOf(connection: object): Logger {
  return connectionLogs.get(connection) ?? log;
}

// ---------------------------------------------------------------- HTTP requests

const requestLogs = new WeakMap<Request, Logger>();

/** What a proxy may pass as X-Request-Id and be kept. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paths polled by monitoring: their requests are logged at debug, not info. */
const QUIET_PATHS = new Set(["/healthz", "/metrics"]);

/**
 * Express middleware: each request gets an id (the proxy's X-Request-Id if it sent a
 * sane one, else a new one), answered in X-Request-Id, and one line when it is done:
 * method, path without its query, status, milliseconds.
 */
export function requestLogging() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.get("x-request-id");
    const id = offered && REQUEST_ID.test(offered) ? offered : newLogId();
    const path = req.originalUrl.split("?")[0]!;
    const logger = log.child({ req: id });
    requestLogs.set(req, logger);
    res.set("X-Request-Id", id);
    const started = process.hrtime.bigint();
    res.once("close", () => {
      const fields = { method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, aborted: !res.writableFinished || undefined };
      if (QUIET_PATHS.has(path)) logger.debug(fields, "request");
      else logger.info(fields, "request");
    });
    next();
  };
}

/** The logger of a request (see {@link requestLogging}), else the server's. */
export function requestLog(req: Request): Logger {
  return requestLogs.get(req) ?? log;
}
