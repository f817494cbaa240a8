/**
 * Downloads with the participant's token in the Authorization header (never in a URL):
 * the file is fetched, then saved from a Blob URL through a temporary `<a download>`.
 */

import { strings } from "./ui-text/index.ts";

/** A fetched file, or why it could not be fetched. */
export type Fetched = { ok: true; blob: Blob; fileName: string } | { ok: false; error: string };

/** The file name of a Content-Disposition header (`filename*=UTF-8''…` first), or `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "");
  if (extended) return decodeURIComponent(extended[1]!);
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? fallback;
}

/** Fetches an API path with the token; a refusal comes back with the server's message. */
export async function fetchFile(path: string, token: string): Promise<Fetched> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, referrerPolicy: "no-referrer", cache: "no-store" });
  } catch {
    return { ok: false, error: strings.api.unreachable };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    return { ok: false, error: body?.error ?? strings.api.answered(response.status) };
  }
  return { ok: true, blob: await response.blob(), fileName: fileNameOf(response.headers.get("content-disposition"), "document") };
}

/** Saves a blob as a file the browser downloads. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke once the download has started; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches and saves a file; resolves to the saved file's name, or the error to show. */
export async function download(path: string, token: string): Promise<{ ok: true; fileName: string } | { ok: false; error: string }> {
  const fetched = await fetchFile(path, token);
  if (!fetched.ok) return fetched;
  saveBlob(fetched.blob, fetched.fileName);
  return { ok: true, fileName: fetched.fileName };
}
