/**
 * The JSON API of a Plenary server (see CONTRACT.tmp.md), as typed functions. Expected failures
 * (refused token, bad DL text) come back as an {@link ApiFailure} value for the page to show.
 */

import type { Participant, SessionLinks } from "../shared/protocol.ts";
import type { ImportReport } from "../shared/dl/report.ts";
import { MAX_DL_BYTES } from "../shared/dl/input.ts";
import { strings } from "./ui-text/index.ts";

export type { Participant };

/** What `GET /api/sessions/:id/me` answers. */
export interface Me {
  session: { id: string; title: string };
  me: Participant;
  roster: Participant[];
}

/** What `POST /api/sessions` answers: the new session and every join link. */
export interface CreatedSession {
  id: string;
  links: SessionLinks;
  /** What the import found in the DL text. */
  report?: ImportReport;
}

/** A new session as the form sends it. */
export interface SessionDraft {
  title: string;
  text: string;
  delegations: { code: string; name: string }[];
}

/** A refused request: the HTTP status, the server's message, and where in the DL text (422). */
export interface ApiFailure {
  ok: false;
  status: number;
  error: string;
  line?: number;
  column?: number;
  /** The field of the request refused ("delegations.2.code"). */
  field?: string;
}

/** The result of an API call. */
export type ApiResult<T> = { ok: true; value: T } | ApiFailure;

async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      referrerPolicy: "no-referrer",
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, error: strings.api.unreachable };
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) return failure(response.status, json);
  return { ok: true, value: json as T };
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failure(status: number, json: unknown): ApiFailure {
  const body = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const error = typeof body.error === "string" ? body.error : defaultMessage(status);
  return {
    ok: false,
    status,
    error,
    ...(typeof body.line === "number" ? { line: body.line } : {}),
    ...(typeof body.column === "number" ? { column: body.column } : {}),
    ...(typeof body.field === "string" ? { field: body.field } : {}),
  };
}

function defaultMessage(status: number): string {
  if (status === 401) return strings.api.linkNotValid;
  if (status === 403) return strings.api.roleCannot;
  if (status === 404) return strings.api.noSession;
  if (status === 413) return strings.api.tooLarge(MAX_DL_BYTES / 1024 / 1024);
  return strings.api.answered(status);
}

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** Who am I in this session, and who else is on the roster. */
export function fetchMe(sessionId: string, token: string): Promise<ApiResult<Me>> {
  return call<Me>("GET", `${base(sessionId)}/me`, token);
}

/** The roster with live connected state (chair or secretariat only). */
export function fetchParticipants(sessionId: string, token: string): Promise<ApiResult<{ participants: Participant[] }>> {
  return call("GET", `${base(sessionId)}/participants`, token);
}

/** Revokes a participant's link at once (chair or secretariat only). */
export function revokeParticipant(sessionId: string, participantId: string, token: string): Promise<ApiResult<unknown>> {
  return call("POST", `${base(sessionId)}/participants/${encodeURIComponent(participantId)}/revoke`, token);
}

/** Issues a new link for a participant, revoking the old one (chair or secretariat only). */
export function reissueParticipant(sessionId: string, participantId: string, token: string): Promise<ApiResult<{ link: string }>> {
  return call("POST", `${base(sessionId)}/participants/${encodeURIComponent(participantId)}/reissue`, token);
}

/** Seats a delegation during the session (the chair or the secretariat); the answer holds its link, shown once. */
export function addDelegation(sessionId: string, delegation: { code: string; name: string }, token: string): Promise<ApiResult<{ participant: Participant; link: string }>> {
  return call("POST", `${base(sessionId)}/participants`, token, delegation);
}

/** Creates a session from DL text (admin token). */
export function createSession(draft: SessionDraft, adminToken: string): Promise<ApiResult<CreatedSession>> {
  return call("POST", "/api/sessions", adminToken, draft);
}
