import { performance } from "node:perf_hooks";
import client from "prom-client";
import { ROLES } from "../shared/protocol.ts";
import type { Role } from "../shared/protocol.ts";
import { logOf } from "./log.ts";

/**
 * The server's metrics, in Prometheus text format at `GET /metrics` (server/operations.ts),
 * kept with prom-client in one registry for the process. The update path calls in here
 * with one line at each point it passes (connection.ts, room.ts, group-commit.ts); the
 * figures are plain counters and histograms, cheap enough for every update.
 *
 * Besides Plenary's own (`plenary_*`), prom-client's default Node metrics: among them
 * `process_resident_memory_bytes` and the event-loop lag measured with node's
 * `perf_hooks.monitorEventLoopDelay` (`nodejs_eventloop_lag_p50_seconds`, `_p99_`,
 * `_max_` ..., over the time since the previous scrape).
 *
 * A process normally runs one server; where it runs several (the tests), the gauges add
 * theirs up and the counters count them all.
 */

/** The registry `/metrics` answers with. */
export const registry = new client.Registry();

/** What a running server reports for the gauges, read at each scrape. */
export interface MetricsSource {
  connections(): number;
  rooms(): number;
}

const sources = new Set<MetricsSource>();
let nodeMetrics = false;

/**
 * Adds a running server's gauges; returns how to take them away when it closes. The first
 * server starts prom-client's Node metrics (the event-loop delay monitor, the GC observer):
 * the other commands and the export thread, which load this module too, do not run them.
 */
export function registerServer(source: MetricsSource): () => void {
  if (!nodeMetrics) {
    nodeMetrics = true;
    client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  }
  sources.add(source);
  return () => sources.delete(source);
}

const total = (read: (source: MetricsSource) => number) => [...sources].reduce((sum, source) => sum + read(source), 0);

new client.Gauge({
  name: "plenary_connections_open",
  help: "WebSocket connections open",
  registers: [registry],
  collect() {
    this.set(total((s) => s.connections()));
  },
});

new client.Gauge({
  name: "plenary_rooms_loaded",
  help: "Sessions loaded in memory (a session is loaded while at least one connection to it is open)",
  registers: [registry],
  collect() {
    this.set(total((s) => s.rooms()));
  },
});

const accepted = new client.Counter({
  name: "plenary_updates_accepted_total",
  help: "Document updates accepted by the check (then stored and relayed), by the sender's role",
  labelNames: ["role"] as const,
  registers: [registry],
});

const refused = new client.Counter({
  name: "plenary_updates_refused_total",
  help: "Document updates refused (neither stored nor relayed), by the sender's role",
  labelNames: ["role"] as const,
  registers: [registry],
});

const checkSeconds = new client.Histogram({
  name: "plenary_update_check_seconds",
  help: "Time to take one document update from a connection: decode, check against the sender's role, apply (accepted), or take back (refused); unchanged: nothing new in it",
  labelNames: ["outcome"] as const,
  buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const commitSeconds = new client.Histogram({
  name: "plenary_commit_seconds",
  help: "Time to write one group commit (the updates of every room accepted in one turn of the event loop, one transaction)",
  buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const commitUpdates = new client.Histogram({
  name: "plenary_commit_updates",
  help: "Updates written by one group commit",
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
  registers: [registry],
});

const commitFailures = new client.Counter({
  name: "plenary_commits_failed_total",
  help: "Group commits the store refused (the rooms concerned close their connections)",
  registers: [registry],
});

const relayed = new client.Counter({
  name: "plenary_relay_messages_total",
  help: "Stored document updates sent to peers (relay fan-out: one per update per receiving connection)",
  registers: [registry],
});

// Every series from the start at 0, so that a first update shows as a rise (rate() sees it).
for (const role of ROLES) {
  accepted.inc({ role }, 0);
  refused.inc({ role }, 0);
}
for (const outcome of ["accepted", "refused", "malformed", "unchanged"]) checkSeconds.zero({ outcome });

/** How many times {@link updateAccepted} was called: tells an accepted update from one with nothing new. */
let acceptedCalls = 0;

/** room.ts: a member's update passed the check (it is stored and relayed next). */
export function updateAccepted(member: { participant: { role: Role } }): void {
  acceptedCalls += 1;
  accepted.inc({ role: member.participant.role });
}

/**
 * connection.ts: takes one document update through the room (`receive`), timing it,
 * counting a refusal and logging a refused or malformed update with the connection's id.
 */
export function observeUpdate<O extends { kind: "applied" } | { kind: "refused" | "malformed"; reason: string }>(member: { participant: { role: Role } }, receive: () => O): O {
  const before = acceptedCalls;
  const started = performance.now();
  const outcome = receive();
  const seconds = (performance.now() - started) / 1000;
  const kind = outcome.kind === "applied" ? (acceptedCalls > before ? "accepted" : "unchanged") : outcome.kind;
  checkSeconds.observe({ outcome: kind }, seconds);
  if (outcome.kind === "refused") {
    refused.inc({ role: member.participant.role });
    logOf(member).warn({ reason: outcome.reason }, "update refused");
  } else if (outcome.kind === "malformed") {
    logOf(member).warn({ reason: outcome.reason }, "malformed update: closing the connection");
  }
  return outcome;
}

/** group-commit.ts: times one group commit of `updates` updates (`write`), counting a failed one. */
export function timeCommit<T>(updates: number, write: () => T): T {
  const started = performance.now();
  try {
    const result = write();
    commitSeconds.observe((performance.now() - started) / 1000);
    commitUpdates.observe(updates);
    return result;
  } catch (error) {
    commitFailures.inc();
    throw error;
  }
}

/** room.ts: a stored update was sent to every member but (unless `toSender`) its sender. */
export function countRelay(members: ReadonlySet<unknown>, sender: unknown, toSender: boolean): void {
  relayed.inc(members.size - (sender !== null && !toSender && members.has(sender) ? 1 : 0));
}

/** The text `/metrics` answers, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
