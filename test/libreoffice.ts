import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * LibreOffice headless, as Word users' software opening a DOCX: converts it to flat
 * ODF (.fodt) and reads back the tracked changes and the text. Throws with a clear
 * message where LibreOffice is not installed (CI installs libreoffice-writer-nogui).
 */
export function soffice(): string {
  for (const path of ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]) if (existsSync(path)) return path;
  throw new Error("LibreOffice is not installed: these tests open the DOCX with it. Install it with `apt-get install -y libreoffice-writer-nogui` (.ci/run does).");
}

/** The DOCX converted by LibreOffice to flat ODF XML. */
export function openInLibreOffice(docx: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "plenary-lo-"));
  try {
    writeFileSync(join(dir, "in.docx"), docx);
    execFileSync(soffice(), [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "fodt", "--outdir", dir, join(dir, "in.docx")], { stdio: "pipe", timeout: 120_000 });
    const out = join(dir, "in.fodt");
    if (!existsSync(out)) throw new Error("LibreOffice did not convert the DOCX");
    return readFileSync(out, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TrackedChange {
  kind: "insertion" | "deletion" | "format-change";
  author: string;
  date: string | null;
  /** The text the change covers (LibreOffice keeps deleted text in the body, between change marks). */
  text: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** The tracked changes LibreOffice found (`text:tracked-changes`). */
export function trackedChanges(fodt: string): TrackedChange[] {
  return [...fodt.matchAll(/<text:changed-region[^>]*text:id="([^"]*)"[^>]*>([\s\S]*?)<\/text:changed-region>/g)].map((m) => {
    const body = m[2];
    const kind = /<text:(insertion|deletion|format-change)>/.exec(body)![1] as TrackedChange["kind"];
    const author = unescape(/<dc:creator>([^<]*)<\/dc:creator>/.exec(body)?.[1] ?? "");
    const date = /<dc:date>([^<]*)<\/dc:date>/.exec(body)?.[1] ?? null;
    const start = fodt.indexOf(`<text:change-start text:change-id="${m[1]}"/>`);
    const end = fodt.indexOf(`<text:change-end text:change-id="${m[1]}"/>`, start);
    const text = start < 0 || end < 0 ? "" : plain(fodt.slice(start, end)).replace(/\s+/g, " ").trim();
    return { kind, author, date, text };
  });
}

/** The body text as LibreOffice holds it: kept, inserted and deleted text alike, in order. */
export function bodyText(fodt: string): string {
  const body = fodt.slice(fodt.indexOf("<office:text"), fodt.indexOf("</office:text>"));
  return plain(body.replace(/<text:tracked-changes\b[\s\S]*?<\/text:tracked-changes>/, ""));
}

/** ODF XML to its text: annotations (comments) left out, spaces and tabs written out. */
function plain(xml: string): string {
  const text = xml
    .replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/g, "")
    .replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_, n) => " ".repeat(Number(n ?? 1)))
    .replace(/<text:tab\/>/g, "\t")
    .replace(/<[^>]+>/g, "");
  return unescape(text);
}
