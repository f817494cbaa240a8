import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./paths.ts";
import type { SessionLinks } from "../shared/protocol.ts";
import { createSession } from "./session.ts";
import type { CreatedSession } from "./session.ts";
import type { ParticipantRecord, Store } from "./store.ts";
import { authenticate, joinLink, reissueToken } from "./participants.ts";

/**
 * The demo session of `npm start`: Resolution 140 (WSIS) with a chair, the secretariat,
 * an observer and five delegations. Created on the first start; its links are kept in
 * DATA_DIR/demo-links.json (mode 0600, tokens are stored hashed) and reused after.
 */

/** The file in the data directory that keeps the demo's links. */
export const DEMO_LINKS_FILE = "demo-links.json";

/** The title of the demo session. */
export const DEMO_TITLE = "Resolution 140 (WSIS) — WG-PL demo";

/** The demo's delegations. */
export const DEMO_DELEGATIONS = [
  { code: "USA", name: "United States" },
  { code: "RUS", name: "Russian Federation" },
  { code: "CHN", name: "China" },
  { code: "BRA", name: "Brazil" },
  { code: "KEN", name: "Kenya" },
] as const;

/** The DL text of the demo: Document DL/23-E (Rev.2). */
export const DEMO_TEXT_FILE = join(ROOT, "test", "fixtures", "dl-23-rev2.txt");

function withOrigin(link: string, baseUrl: string): string {
  if (!link.startsWith("http")) return link;
  const url = new URL(link);
  const base = new URL(baseUrl);
  url.protocol = base.protocol;
  url.host = base.host;
  return url.toString();
}

function relink(links: SessionLinks, baseUrl: string): SessionLinks {
  const delegations: Record<string, string> = {};
  for (const [code, link] of Object.entries(links.delegations)) delegations[code] = withOrigin(link, baseUrl);
  return {
    chair: withOrigin(links.chair, baseUrl),
    secretariat: withOrigin(links.secretariat, baseUrl),
    observer: withOrigin(links.observer, baseUrl),
    delegations,
  };
}

function keptDemo(file: string): CreatedSession | null {
  try {
    const kept = JSON.parse(readFileSync(file, "utf8")) as CreatedSession;
    return typeof kept.id === "string" && kept.links && typeof kept.links.chair === "string" ? kept : null;
  } catch {
    return null;
  }
}

/**
 * The kept links as they stand in the store: a seat whose link was replaced or revoked on the
 * links page says so instead of showing a link that no longer opens (its new link went to
 * whoever the chair gave it). The chair's own link, which whoever runs the demo needs, is
 * issued again when it no longer opens.
 */
function current(store: Store, demo: CreatedSession, baseUrl: string): SessionLinks {
  const opens = (link: string) => authenticate(store, demo.id, new URLSearchParams(new URL(link).hash.slice(1)).get("t")) !== null;
  const roster = store.participants(demo.id);
  const stale = (link: string, seat: (p: ParticipantRecord) => boolean) => {
    if (link.startsWith("http") && opens(link)) return link;
    const who = roster.find(seat);
    return who?.revoked ? "(revoked on the links page)" : "(replaced on the links page: open Manage links as the chair)";
  };
  let chair = demo.links.chair;
  if (!opens(chair)) {
    const seat = roster.find((p) => p.role === "chair");
    if (seat) chair = joinLink(baseUrl, demo.id, reissueToken(store, seat.id));
  }
  const delegations: Record<string, string> = {};
  for (const [code, link] of Object.entries(demo.links.delegations)) delegations[code] = stale(link, (p) => p.code === code);
  return {
    chair,
    secretariat: stale(demo.links.secretariat, (p) => p.role === "secretariat"),
    observer: stale(demo.links.observer, (p) => p.role === "observer"),
    delegations,
  };
}

/** The demo session of a data directory, created if it is not there; links point at `baseUrl`. */
export function ensureDemo(store: Store, dataDir: string, baseUrl: string): CreatedSession & { created: boolean } {
  const file = join(dataDir, DEMO_LINKS_FILE);
  const kept = keptDemo(file);
  if (kept && store.session(kept.id)) {
    const links = current(store, kept, baseUrl);
    writeFileSync(file, `${JSON.stringify({ id: kept.id, links }, null, 2)}\n`, { mode: 0o600 });
    return { id: kept.id, links: relink(links, baseUrl), created: false };
  }
  const text = readFileSync(DEMO_TEXT_FILE, "utf8");
  const demo = createSession(store, { title: DEMO_TITLE, text, delegations: DEMO_DELEGATIONS }, baseUrl);
  writeFileSync(file, `${JSON.stringify({ id: demo.id, links: demo.links }, null, 2)}\n`, { mode: 0o600 });
  return { ...demo, created: true };
}
