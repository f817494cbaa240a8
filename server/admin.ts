import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashToken, newToken } from "./participants.ts";
import type { Store } from "./store.ts";

/**
 * The admin token: whoever holds it may create sessions (the "new session" link).
 * Created on first start, stored hashed, and written to DATA_DIR/admin-token (mode
 * 0600) so that a later start can print the link again.
 */

/** The file in the data directory that keeps the admin token. */
export const ADMIN_TOKEN_FILE = "admin-token";

const SETTING = "admin_token_hash";

/** The admin token of a data directory: the kept one if it still matches the store, else a new one. */
export function ensureAdminToken(store: Store, dataDir: string): { token: string; tokenHash: string } {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  const stored = store.setting(SETTING);
  let kept: string | null = null;
  try {
    kept = readFileSync(file, "utf8").trim();
  } catch {
    kept = null;
  }
  if (kept && stored && hashToken(kept) === stored) return { token: kept, tokenHash: stored };
  const token = newToken();
  const tokenHash = hashToken(token);
  store.setSetting(SETTING, tokenHash);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, tokenHash };
}

/** The "new session" link of an admin token. */
export function newSessionLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/new#t=${token}`;
}
