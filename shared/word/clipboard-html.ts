import { writeAnnotation } from "../dl/annotation.ts";

/**
 * Word's clipboard HTML read as paragraphs of runs, each with the Word revision over it:
 * Word writes a tracked insertion as `<ins cite="mailto:Jane%20Smith" datetime="2026-11-28T10:15">`
 * (inside `<span class=msoIns>`), a deletion as `<del ...>` (inside `<span class=msoDel>`), and
 * its own markers (`<o:p>`, conditional comments, `mso-` styles) around them. A small tokenizer,
 * not a DOM, so it runs alike in the browser and in the tests; only what Word writes is read:
 * tags, comments, entities and text.
 */

/** A Word revision as its clipboard HTML says it: the author's name and the time (UTC ISO, or null). */
export interface ClipRevision {
  author: string;
  at: string | null;
}

export interface ClipRun {
  text: string;
  ins: ClipRevision | null;
  del: ClipRevision | null;
}

/** Whether pasted HTML came from Word (its namespaces, Mso classes or mso- styles). */
export function isWordHtml(html: string): boolean {
  return /urn:schemas-microsoft-com:office:word|class=["']?Mso|mso-[a-z-]+:|class=["']?msoIns|class=["']?msoDel/i.test(html);
}

const BLOCKS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "tr", "table"]);
const SKIPPED = new Set(["style", "script", "head", "title", "xml"]);
const TOKEN = /<!--[\s\S]*?-->|<!\[[\s\S]*?\]>|<\/?([a-zA-Z][\w:.-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|[^<]+|</g;

/** The paragraphs of Word's clipboard HTML, each a list of runs (empty paragraphs left out). */
export function readWordClipboard(html: string): ClipRun[][] {
  const paragraphs: ClipRun[][] = [];
  let current: ClipRun[] = [];
  const ins: ClipRevision[] = [];
  const del: ClipRevision[] = [];
  /** Open spans: whether each opened a revision (class=msoIns / msoDel without an <ins>/<del> inside). */
  const spans: ("ins" | "del" | null)[] = [];
  let skipping: string | null = null;
  const end = () => {
    if (current.some((r) => r.text.trim() !== "")) paragraphs.push(current);
    current = [];
  };
  for (const match of html.matchAll(TOKEN)) {
    const token = match[0];
    const name = match[1]?.toLowerCase();
    if (token.startsWith("<!")) continue;
    if (name) {
      const closing = token.startsWith("</");
      if (skipping) {
        if (closing && name === skipping) skipping = null;
        continue;
      }
      const attrs = attributes(match[2] ?? "");
      if (!closing && SKIPPED.has(name)) {
        if (!token.endsWith("/>")) skipping = name;
        continue;
      }
      if (name === "ins" || name === "del") {
        const stack = name === "ins" ? ins : del;
        if (closing) stack.pop();
        else stack.push(revisionOf(attrs));
      } else if (name === "span") {
        if (closing) {
          const opened = spans.pop();
          if (opened) (opened === "ins" ? ins : del).pop();
        } else {
          const cls = (attrs.class ?? "").toLowerCase();
          const kind = cls === "msoins" ? "ins" : cls === "msodel" ? "del" : null;
          spans.push(kind);
          if (kind) (kind === "ins" ? ins : del).push({ author: "", at: null });
        }
      } else if (name === "br") current.push({ text: " ", ins: ins.at(-1) ?? null, del: del.at(-1) ?? null });
      else if (BLOCKS.has(name)) end();
      continue;
    }
    if (skipping) continue;
    const text = decodeEntities(token).replace(/[\r\n]+/g, " ");
    if (text === "") continue;
    const run = { text, ins: named(ins), del: named(del) };
    const last = current.at(-1);
    if (last && last.ins === run.ins && last.del === run.del) last.text += text;
    else current.push(run);
  }
  end();
  // Word breaks its HTML lines anywhere: runs of spaces read as one, as a browser shows them.
  return paragraphs.map((runs) => runs.map((r) => ({ ...r, text: r.text.replace(/ {2,}/g, " ") })));
}

/** The innermost revision with an author (an msoIns span's own is nameless; the <ins> inside it names it). */
function named(stack: readonly ClipRevision[]): ClipRevision | null {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.author) return stack[i]!;
  return stack.at(-1) ?? null;
}

function revisionOf(attrs: Record<string, string>): ClipRevision {
  const cite = attrs.cite ?? "";
  let author = cite.replace(/^mailto:/i, "");
  try {
    author = decodeURIComponent(author);
  } catch {
    // A cite that is not percent-encoded stays as written.
  }
  return { author: author.trim(), at: timeOf(attrs.datetime ?? null) };
}

/** Word's datetime ("2026-11-28T10:15", no zone: read as UTC, as Word writes it) as an ISO time, or null. */
function timeOf(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  return out;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ndash: "\u2013", mdash: "\u2014", lsquo: "\u2018", rsquo: "\u2019", ldquo: "\u201c", rdquo: "\u201d", hellip: "\u2026" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** The id prefix of the insertions a Word paste keeps as their authors' (client/clipboard.ts keeps only these). */
export const WORD_PASTE_ID = "word-paste-";

/**
 * A paste's DL text: each paragraph a line, Word's deleted text left out (it is not in the text
 * the delegation proposes), its inserted and plain text kept, "[" and "]" as the draft's bracket
 * signs, every other DL sign escaped. A non-breaking space reads as a space.
 *
 * `codeOf` (the secretariat's paste: a Word author's name -> the delegation it maps to, or null):
 * Word's insertions by a mapped author are written as that delegation's, `<ins>…</ins>{USA time
 * #word-paste-N}` (one id per Word revision), for the paste to keep as theirs; other inserted
 * text is plain, as the paster's.
 */
export function pastedDL(paragraphs: readonly ClipRun[][], codeOf: (author: string) => string | null = () => null): string {
  const ids = new Map<ClipRevision, string>();
  const text = (r: ClipRun) => r.text.replace(/\u00a0/g, " ").replace(/[\\~*<{]/g, (c) => `\\${c}`);
  return paragraphs
    .map((runs) => {
      const kept = runs.filter((r) => !r.del);
      // Spaces at the line's ends go, as before, also from inside an insertion there.
      let line = "";
      kept.forEach((r, i) => {
        let words = text(r);
        if (i === 0) words = words.trimStart();
        if (i === kept.length - 1) words = words.trimEnd();
        if (!words) return;
        const code = r.ins ? codeOf(r.ins.author) : null;
        if (!code || !r.ins) {
          line += words;
          return;
        }
        let id = ids.get(r.ins);
        if (!id) ids.set(r.ins, (id = `${WORD_PASTE_ID}${ids.size + 1}`));
        line += `<ins>${words}</ins>${writeAnnotation({ by: code, at: r.ins.at, id, note: null })}`;
      });
      return line.trim();
    })
    .filter(Boolean)
    .join("\n");
}
