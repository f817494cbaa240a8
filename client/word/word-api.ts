import type { ImportCounts } from "../../shared/dl/report.ts";
import type { WordProposalsReport } from "../../shared/word/live-proposals.ts";
import type { ApiResult, CreatedSession } from "../api.ts";
import { strings } from "../ui-text/index.ts";

/**
 * The Word import API (server/word-import.ts) as typed calls. The .docx goes to the server as
 * base64 in JSON and is read there; the page shows what the server read.
 */

/** One Word author, how many revisions and comments it made, and the delegation proposed for it (null: none). */
export interface WordAuthor {
  name: string;
  count: number;
  proposed: string | null;
}

/** What the server read in a Word file. */
export interface WordReport {
  counts: ImportCounts & { comments: number };
  authors: WordAuthor[];
  items: { where: string; message: string }[];
  comments: { author: string; at: string | null; quote: string; text: string }[];
}

/** A report on a live session's draft: also what would be placed and what not. */
export interface LiveWordReport extends WordReport {
  placement: WordProposalsReport;
}

/** Author name -> delegation code ("import": no delegation). */
export type AuthorTable = Record<string, string>;

/** The largest .docx the server takes (server/word-import.ts). */
export const MAX_DOCX_MB = 12;

/** The file's bytes as base64, for the JSON body. */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function post<T>(path: string, token: string, body: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body), referrerPolicy: "no-referrer", cache: "no-store" });
  } catch {
    return { ok: false, status: 0, error: strings.api.unreachable };
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return { ok: true, value: json as T };
  const error = json && typeof json === "object" && typeof (json as { error?: unknown }).error === "string" ? (json as { error: string }).error : strings.api.answered(response.status);
  const field = json && typeof json === "object" && typeof (json as { field?: unknown }).field === "string" ? { field: (json as { field: string }).field } : {};
  return { ok: false, status: response.status, error: response.status === 413 ? strings.word.tooLarge(MAX_DOCX_MB) : error, ...field };
}

const sessionBase = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** What a Word file holds, for a new session (admin token). */
export function reportOfNewDraft(docx: string, delegations: { code: string; name: string }[], adminToken: string): Promise<ApiResult<WordReport>> {
  return post("/api/sessions/word/report", adminToken, { docx, delegations });
}

/** A new session from a Word file, with the confirmed author mapping (admin token). */
export function createSessionFromWord(draft: { title: string; delegations: { code: string; name: string }[]; authors: AuthorTable; docx: string }, adminToken: string): Promise<ApiResult<CreatedSession & { word: WordReport }>> {
  return post("/api/sessions/word", adminToken, draft);
}

/** What a delegation's Word file would make in the live draft (chair, secretariat); nothing is written. */
export function reportOfLiveImport(sessionId: string, docx: string, authors: AuthorTable | undefined, token: string): Promise<ApiResult<LiveWordReport>> {
  return post(`${sessionBase(sessionId)}/word/report`, token, { docx, ...(authors ? { authors } : {}) });
}

/** Makes a delegation's Word file's revisions proposals in the live draft (chair, secretariat). */
export function importIntoSession(sessionId: string, docx: string, authors: AuthorTable, token: string): Promise<ApiResult<{ placement: WordProposalsReport; comments: number }>> {
  return post(`${sessionBase(sessionId)}/word`, token, { docx, authors });
}
