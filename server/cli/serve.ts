import { Command, Option } from "commander";
import { newSessionLink } from "../admin.ts";
import { DEMO_DELEGATIONS, ensureDemo } from "../demo.ts";
import { defaultLogLevel, LOG_LEVELS, setLogLevel } from "../log.ts";
import type { LogLevel } from "../log.ts";
import { startServer } from "../server.ts";
import { Store } from "../store.ts";
import { formatLinks } from "./links.ts";
import { dataDirOption, portOption } from "./session.ts";

/**
 * `plenary serve`: runs the server until SIGTERM or SIGINT, then closes it cleanly
 * (every loaded session snapshotted, the database closed). `--demo` creates or
 * reuses the demo session and prints its links.
 *
 * What it prints on stdout is for people, and stays as it is: the "serving at" line (the
 * tests and bench/load.ts read the address from it), the new-session link, the demo links,
 * then "closing" and "stopped". The JSON log (server/log.ts) goes to stderr.
 */

interface ServeOptions {
  port?: string;
  data?: string;
  host?: string;
  baseUrl?: string;
  demo?: boolean;
  logLevel?: LogLevel;
  metricsToken?: string;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve(signal);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}

async function serve(command: Command, options: ServeOptions): Promise<void> {
  let port: number;
  try {
    port = portOption(options.port);
    if (options.baseUrl) new URL(options.baseUrl);
  } catch (error) {
    command.error(`error: ${(error as Error).message}`, { exitCode: 2, code: "plenary.usage" });
  }
  const dataDir = dataDirOption(options.data);
  setLogLevel(options.logLevel ?? defaultLogLevel());
  const stopped = untilSignal();
  const metricsToken = options.metricsToken || process.env.PLENARY_METRICS_TOKEN || undefined;
  const server = await startServer({ port, dataDir, host: options.host, baseUrl: options.baseUrl, metricsToken });
  const baseUrl = options.baseUrl ?? server.url;
  const out: string[] = [`Plenary is serving at ${server.url} (data in ${dataDir})`];
  out.push(`New session: ${newSessionLink(baseUrl, server.adminToken)}`);
  if (options.demo) {
    const store = Store.open(dataDir);
    try {
      const demo = ensureDemo(store, dataDir, baseUrl);
      out.push(`Demo session ${demo.id}${demo.created ? " (created)" : ""}:`, formatLinks(demo.links, Object.fromEntries(DEMO_DELEGATIONS.map((d) => [d.code, d.name]))));
    } finally {
      store.close();
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
  const signal = await stopped;
  process.stdout.write(`${signal}: closing\n`);
  try {
    await server.close();
  } catch (error) {
    // Every accepted update is in the log already: say why the close was not clean, without a
    // stack, and exit (what did not close would keep the process running).
    process.stderr.write(`Plenary could not close cleanly: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write("Plenary stopped\n");
}

/** Registers `plenary serve`. */
export function addServe(cli: Command): void {
  const command: Command = cli
    .command("serve")
    .description("run the Plenary server")
    .option("--port <port>", "port to listen on (default: $PORT or 8080; 0 picks one)")
    .option("--data <dir>", "data directory (default: $DATA_DIR or ./data)")
    .option("--host <host>", "interface to listen on (default: all)")
    .option("--base-url <url>", "base of printed links (default: http://localhost:PORT)")
    .option("--demo", "create or reuse the demo session and print its links")
    .addOption(new Option("--log-level <level>", "least severe JSON log lines written to stderr (default: $PLENARY_LOG_LEVEL or info)").choices(LOG_LEVELS))
    .option("--metrics-token <token>", "bearer token that may read GET /metrics besides the admin token (default: $PLENARY_METRICS_TOKEN; the variable keeps it out of ps)")
    .addHelpText(
      "after",
      [
        "",
        "Endpoints for operators:",
        "  GET /healthz   200 {\"status\":\"ok\"} when the store answers, else 503 with a reason; no token",
        "  GET /metrics   Prometheus text format; Authorization: Bearer <metrics token or admin token>",
        "",
        "Output: stdout has the \"serving at\" line and the links, for people; stderr has the JSON log",
        "(one object a line: each HTTP request with its id, each WebSocket connection with its id,",
        "session, participant and role; never a token).",
      ].join("\n"),
    )
    .action((options: ServeOptions) => serve(command, options));
}
