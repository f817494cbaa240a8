import type { ApiResult } from "./api.ts";
import type { Revision } from "../shared/protocol.ts";
import { strings } from "./ui-text/index.ts";

export type { Revision } from "../shared/protocol.ts";

/**
 * The export and revision API as the session page uses it: the paths of files to
 * download (fetched with the token in a header, see download.ts) and the revision list.
 */

/** What to export: a format and variant, of the live text (`rev` null) or of a revision. */
export interface ExportChoice {
  format: "dl" | "docx" | "html" | "pdf" | "akn" | "json";
  variant: "marked" | "clean" | "attributed";
  rev: number | null;
}

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The path of an export. */
export function exportPath(sessionId: string, choice: ExportChoice): string {
  const query = new URLSearchParams({ format: choice.format, variant: choice.variant });
  if (choice.rev !== null) query.set("rev", String(choice.rev));
  return `${base(sessionId)}/export?${query}`;
}

/** The path of a comparison of revision `from` with revision `to` or the live text. */
export function comparePath(sessionId: string, from: number, to: number | "live", format: ExportChoice["format"], variant: ExportChoice["variant"] = "marked"): string {
  return `${base(sessionId)}/compare?${new URLSearchParams({ from: String(from), to: String(to), format, variant })}`;
}

async function json<T>(method: string, path: string, token: string): Promise<ApiResult<T>> {
  try {
    const response = await fetch(path, { method, headers: { Authorization: `Bearer ${token}` }, referrerPolicy: "no-referrer", cache: "no-store" });
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    return response.ok ? { ok: true, value: body as T } : { ok: false, status: response.status, error: body.error ?? strings.api.answered(response.status) };
  } catch {
    return { ok: false, status: 0, error: strings.api.unreachable };
  }
}

/** The revisions of the session, oldest first. */
export function listRevisions(sessionId: string, token: string): Promise<ApiResult<{ revisions: Revision[] }>> {
  return json("GET", `${base(sessionId)}/revisions`, token);
}

/** Issues the live text as the next revision (chair, secretariat). */
export function issueRevision(sessionId: string, token: string): Promise<ApiResult<{ revision: Revision }>> {
  return json("POST", `${base(sessionId)}/revisions`, token);
}
