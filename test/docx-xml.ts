import { unzipSync, strFromU8 } from "fflate";

/**
 * Reading a Word file the way tests need it: its parts as text, and its revisions
 * (`w:ins` / `w:del` with author, date and text) in document order.
 */
export function docxParts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

export interface Revision {
  kind: "ins" | "del";
  author: string;
  date: string | null;
  text: string;
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Text revisions in order (paragraph-mark revisions inside w:rPr of w:pPr are left out). */
export function revisionsOf(documentXml: string): Revision[] {
  const out: Revision[] = [];
  for (const m of documentXml.matchAll(/<w:(ins|del) ([^>]*?)(\/?)>/g)) {
    if (m[3] === "/") continue; // a paragraph mark's revision
    const kind = m[1] as "ins" | "del";
    const rest = documentXml.slice(m.index! + m[0].length);
    const end = rest.indexOf(`</w:${kind}>`);
    const inner = rest.slice(0, end);
    const text = [...inner.matchAll(/<w:(t|delText)(?: [^>]*)?>([^<]*)<\/w:\1>|<w:tab\/>/g)].map((t) => (t[0] === "<w:tab/>" ? "\t" : unescape(t[2]))).join("");
    out.push({ kind, author: unescape(attr(m[2], "w:author") ?? ""), date: attr(m[2], "w:date"), text });
  }
  return out;
}

/** All the text of the document part, inserted and deleted alike, in order. */
export function textOf(documentXml: string): string {
  const body = documentXml.slice(documentXml.indexOf("<w:body>"));
  return [...body.matchAll(/<w:(t|delText)(?: [^>]*)?>([^<]*)<\/w:\1>/g)].map((t) => unescape(t[2])).join("");
}
