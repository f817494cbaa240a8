import type { Node as PMNode } from "prosemirror-model";
import { readMeta, symbolWithRevision } from "../meta.ts";
import type { Thread } from "../track/comment.ts";
import { IMPORTED_COLOUR, ROLE_COLOURS } from "../colours.ts";
import type { ChangeAttrs } from "../schema.ts";
import { authorName } from "./authors.ts";
import { authorRules, BASE_CSS, safeColour } from "./html-css.ts";
import { issuedDocument } from "./issue.ts";
import { cleanDoc } from "../dl/clean.ts";
import type { RevisionInfo } from "./issue.ts";
import { headerBlockCount, roleOf } from "./layout.ts";
import { footnotePlan } from "./footnotes.ts";
import { columnsOf, withTables } from "./tables.ts";
import { isEmptyHeading } from "./layout.ts";
import type { TableRow } from "./tables.ts";
import type { FootnotePlan } from "./footnotes.ts";
import type { BlockRole } from "./layout.ts";
import { segmentDocument, withLabelTab } from "./segments.ts";
import type { BlockSegments, Segment } from "./segments.ts";

/**
 * A DL document as one self-contained HTML file (inline CSS, nothing fetched), in
 * the ITU layout, ready for "Print to PDF" on A4.
 *
 * `marked`: insertions underlined and deletions struck in the colour of the
 * delegation that proposed them (name, code and time on hover; text struck by several
 * delegations is struck once per delegation, each in its colour, and the hover
 * lists them all), whole blocks added
 * or proposed for deletion with a bar in that colour, and a legend of delegations;
 * `attributed`: marked, and each change followed by its author's code; `clean`:
 * deletions gone, insertions plain. Brackets are shown as "[" "]"; their notes are
 * numbered and listed at the end. Every text is escaped.
 */
export interface HtmlOptions {
  variant: "marked" | "clean" | "attributed";
  /** Delegations by code: { USA: { name: "United States", colour: "#1f5fbf" } }. */
  authors: Record<string, { name: string; colour: string }>;
  /** The page title; the symbol line and title by default. */
  title?: string;
  /** Issue as this revision: the symbol and date lines show it. */
  revision?: RevisionInfo;
  /** The room's comment threads, listed after the text (not in the clean variant). */
  comments?: readonly Thread[];
  /** A comparison's changes made by a decision, by id ("accepted by the chair"): said after their author. */
  decided?: ReadonlyMap<string, string>;
}

/** Colours for authors the options do not colour, in order of first appearance. */
const PALETTE = ["#1f5fbf", "#b8360e", "#1d7a3a", "#7b3fa0", "#a35d00", "#0e7c86", "#b0246e", "#5a6b00"];
const SPECIAL_COLOURS: Record<string, string> = { import: IMPORTED_COLOUR, chair: ROLE_COLOURS.chair, secretariat: ROLE_COLOURS.secretariat };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text or an attribute value made safe for HTML. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

interface Context {
  decided: ReadonlyMap<string, string>;
  variant: HtmlOptions["variant"];
  names: Record<string, string>;
  colours: Map<string, string>;
  notes: string[];
  footnotes: FootnotePlan;
}

/** The HTML file of `doc`. */
export function exportHtml(source: PMNode, options: HtmlOptions): string {
  const { variant } = options;
  if (!["marked", "clean", "attributed"].includes(variant)) throw new RangeError(`unknown HTML variant "${String(variant)}" (marked, clean or attributed)`);
  const issued = issuedDocument(source, options.revision);
  const doc = variant === "clean" ? cleanDoc(issued) : issued;
  const names = Object.fromEntries(Object.entries(options.authors).map(([code, a]) => [code, a.name]));
  const blocks = segmentDocument(doc);
  const footnotes = footnotePlan(blocks.map((b) => b.node));
  const ctx: Context = { variant, names, colours: authorColours(doc, options.authors), notes: [], decided: options.decided ?? new Map(), footnotes };
  const headerCount = headerBlockCount(blocks.map((b) => b.node));
  const head = headerCount > 0 ? headerBlock(blocks.slice(0, headerCount), ctx) : "";
  const body = withTables(blocks.slice(headerCount).filter((b) => !footnotes.atFoot.has(b.node) && !isEmptyHeading(b.node)))
    .map((item) => (item.kind === "table" ? tableHtml(item.rows, ctx) : blockHtml(item.block, roleOf(item.block.node, false), ctx)))
    .join("\n");
  const foot = blocks.filter((b) => footnotes.atFoot.has(b.node));
  const meta = readMeta(doc);
  const title = options.title ?? [meta.symbol ? symbolWithRevision(meta.symbol, meta.revision) : "", firstTitle(doc)].filter(Boolean).join(" — ");
  return [
    `<!DOCTYPE html>`,
    `<html lang="${meta.lang.tag}"${meta.lang.dir === "rtl" ? ' dir="rtl"' : ""}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="Plenary"><title>${escapeHtml(title || "Document")}</title>`,
    `<style>${BASE_CSS}${authorRules(ctx.colours)}</style></head>`,
    `<body><main class="page">`,
    head,
    variant === "clean" ? "" : legend(ctx),
    body,
    foot.length ? `<section class="footnotes">${foot.map((b) => blockHtml(b, "footnote", ctx)).join("")}</section>` : "",
    notesList(ctx),
    variant === "clean" ? "" : commentsList(options.comments ?? [], ctx),
    `</main></body></html>\n`,
  ].join("\n");
}

/** Each author of a change or bracket gets a colour: the one given, else one from the palette. */
function authorColours(doc: PMNode, authors: HtmlOptions["authors"]): Map<string, string> {
  const colours = new Map<string, string>();
  let next = 0;
  const see = (by: string) => {
    if (colours.has(by)) return;
    const fallback = SPECIAL_COLOURS[by] ?? PALETTE[next++ % PALETTE.length];
    colours.set(by, safeColour(authors[by]?.colour, fallback));
  };
  doc.descendants((node) => {
    for (const attr of ["inserted", "deleted"]) if (node.attrs[attr]) see((node.attrs[attr] as ChangeAttrs).by);
    for (const mark of node.marks) if (mark.type.name === "insertion" || mark.type.name === "deletion") see(mark.attrs.by as string);
  });
  return colours;
}

function legend(ctx: Context): string {
  if (ctx.colours.size === 0) return "";
  const items = [...ctx.colours.keys()].map(
    (code) => `<li class="a-${code}" title="${escapeHtml(code)}"><span class="swatch"></span>${escapeHtml(authorName(code, ctx.names))}</li>`,
  );
  return `<section class="legend"><h2>Proposals by</h2><ul>${items.join("")}</ul><div class="how"><ins>underlined</ins>: proposed insertion; <del>struck</del>: proposed deletion; [ ]: not agreed</div></section>`;
}

function headerBlock(blocks: BlockSegments[], ctx: Context): string {
  const left = blocks.filter((b) => b.node.type.name === "body_name");
  const right = blocks.filter((b) => b.node.type.name !== "body_name");
  const side = (list: BlockSegments[]) => list.map((b) => blockHtml(b, roleOf(b.node, true), ctx)).join("");
  return `<header class="head"><div class="left">${side(left)}</div><div class="right">${side(right)}</div></header>`;
}

const TAGS: Partial<Record<BlockRole, string>> = { title: "h1", subject: "h2", heading: "h3", "annex-heading": "h2" };

function blockHtml(block: BlockSegments, role: BlockRole, ctx: Context): string {
  const { node } = block;
  const classes: string[] = [role];
  const titles: string[] = [];
  for (const [attr, cls, what] of [["inserted", "block-ins", "added"], ["deleted", "block-del", "proposed for deletion"]] as const) {
    const change = node.attrs[attr] as ChangeAttrs | null;
    if (!change || ctx.variant === "clean") continue;
    classes.push(cls, `a-${change.by}`);
    titles.push(`${what} by ${authorName(change.by, ctx.names)}${change.at ? `, ${change.at}` : ""}`);
  }
  if (node.type.name === "clause" && node.attrs.status !== "pending") classes.push(`status-${node.attrs.status as string}`);
  const tag = TAGS[role] ?? "p";
  const title = titles.length ? ` title="${escapeHtml(titles.join("; "))}"` : "";
  // A footnote: its label first, and an id its references link to.
  const id = role === "footnote" ? ` id="${footnoteId(node.attrs.label as string)}"` : "";
  const label = role === "footnote" ? `<span class="fn-label">${escapeHtml(node.attrs.label as string)}</span>` : "";
  return `<${tag} class="${classes.join(" ")}"${id}${title}>${label}${contentHtml(block.segments, role, ctx, role === "clause" && block.node.attrs.list === true)}</${tag}>`;
}

/** A pipe table: a header row in <thead>, each cell's words with their proposals and brackets; a row added or proposed for deletion barred as a block is. */
function tableHtml(rows: TableRow[], ctx: Context): string {
  const columns = columnsOf(rows);
  const row = (r: TableRow) => {
    const tag = r.header ? "th" : "td";
    const cells = Array.from({ length: columns }, (_, i) => `<${tag}>${segmentsHtml(r.cells[i] ?? [], ctx)}</${tag}>`).join("");
    const changes = [["inserted", "block-ins"], ["deleted", "block-del"]] as const;
    const classes = ctx.variant === "clean" ? [] : changes.flatMap(([attr, cls]) => (r.block.node.attrs[attr] ? [cls, `a-${(r.block.node.attrs[attr] as ChangeAttrs).by}`] : []));
    return `<tr${classes.length ? ` class="${classes.join(" ")}"` : ""}>${cells}</tr>`;
  };
  const head = rows.filter((r) => r.header);
  const rest = rows.filter((r) => !r.header);
  return `<table class="dl-table">${head.length ? `<thead>${head.map(row).join("")}</thead>` : ""}<tbody>${rest.map(row).join("")}</tbody></table>`;
}

/** A block's content; a clause's label (up to its tab) and a list item's dash hang in the margin. */
function contentHtml(segments: Segment[], role: BlockRole, ctx: Context, listClause = false): string {
  if (role === "item") return `<span class="label">\u2013</span>${segmentsHtml(segments, ctx)}`;
  if (role !== "clause") return segmentsHtml(segments, ctx);
  const tabbed = withLabelTab(segments);
  const tab = tabbed.findIndex((s) => s.kind === "text" && s.text === "\t");
  if (tab < 0) return segmentsHtml(segments, ctx);
  // A list clause ("- a) ...") shows its dash before its label.
  const dash = listClause ? "\u2013 " : "";
  return `<span class="label">${dash}${segmentsHtml(tabbed.slice(0, tab), ctx, tabbed[tab])}</span>${segmentsHtml(tabbed.slice(tab + 1), ctx)}`;
}

/** `after`: the segment that follows these (a change going on there gets its author's code there). */
function segmentsHtml(segments: Segment[], ctx: Context, after?: Segment): string {
  let html = "";
  segments.forEach((segment, i) => {
    let inner = segment.kind === "text" ? escapeHtml(segment.text) : segment.kind === "break" ? "<br>" : `<span class="bracket">${segment.kind === "open" ? "[" : "]"}</span>`;
    if (segment.kind === "text" && segment.note) {
      const target = ctx.footnotes.notes.has(segment.text) ? footnoteId(segment.text) : null;
      inner = `<sup class="fn-ref">${target ? `<a href="#${target}">${inner}</a>` : inner}</sup>`;
    }
    if (segment.em) inner = `<em>${inner}</em>`;
    if (segment.strong) inner = `<strong>${inner}</strong>`;
    if (ctx.variant !== "clean") {
      // Struck (typed) by several delegations: one <del> (<ins>) each, the earliest outermost, each in its author's colour.
      for (const [tag, changes] of [["del", segment.deletions], ["ins", segment.insertions]] as const) {
        const title = changes.map((c) => changeTitle(tag, c, ctx)).join("; ");
        for (const c of [...changes].reverse()) inner = changeHtml(tag, c, inner, ctx, title);
      }
      if (ctx.variant === "attributed") inner += authorTags(segment, segments[i + 1] ?? after);
    }
    html += inner;
    if (segment.kind === "close" && segment.last && segment.bracket.note) {
      ctx.notes.push(segment.bracket.note);
      html += `<a class="note-ref" href="#note-${ctx.notes.length}" title="${escapeHtml(segment.bracket.note)}">${ctx.notes.length}</a>`;
    }
  });
  return html;
}

/** The HTML id of a footnote by its label ("1", "a", "*"). */
function footnoteId(label: string): string {
  return `fn-${[...label].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}`)).join("")}`;
}

function changeTitle(tag: "ins" | "del", change: ChangeAttrs, ctx: Context): string {
  const what = tag === "ins" ? "inserted" : "deleted";
  const decided = ctx.decided.get(change.id);
  return `${change.by}: ${what} by ${authorName(change.by, ctx.names)}${decided ? `, ${decided}` : ""}${change.at ? `, ${change.at}` : ""}`;
}

/** A change around `inner`; `title` (hover) says who and when: every author where several struck the text. */
function changeHtml(tag: "ins" | "del", change: ChangeAttrs, inner: string, ctx: Context, title = changeTitle(tag, change, ctx)): string {
  const at = change.at ? ` datetime="${escapeHtml(change.at)}"` : "";
  return `<${tag} class="a-${change.by}" data-id="${escapeHtml(change.id)}" title="${escapeHtml(title)}"${at}>${inner}</${tag}>`;
}

/** After the last piece of a change, its author's code (attributed variant): each strike's, then each insertion's. */
function authorTags(segment: Segment, next: Segment | undefined): string {
  let tags = "";
  const who = (change: ChangeAttrs) => `<sup class="who a-${change.by}">${escapeHtml(change.by)}</sup>`;
  for (const d of segment.deletions) if (!next?.deletions.some((e) => e.id === d.id)) tags += who(d);
  for (const i of segment.insertions) if (!next?.insertions.some((e) => e.id === i.id)) tags += who(i);
  return tags;
}

function notesList(ctx: Context): string {
  if (ctx.notes.length === 0) return "";
  const items = ctx.notes.map((note, i) => `<li id="note-${i + 1}">${escapeHtml(note)}</li>`).join("");
  return `<section class="notes"><ol>${items}</ol></section>`;
}

/** The comment threads as notes after the text: where, the words, each entry by whom, and whether the chair resolved it. */
function commentsList(threads: readonly Thread[], ctx: Context): string {
  if (threads.length === 0) return "";
  const entry = (e: { by: string; text: string }) => `<p><strong>${escapeHtml(authorName(e.by, ctx.names))}:</strong> ${escapeHtml(e.text)}</p>`;
  const items = threads.map((t) => {
    const where = `${escapeHtml(t.comment.where)}${t.comment.quote ? ` — “${escapeHtml(t.comment.quote)}”` : ""}`;
    const state = t.resolved ? `<p class="resolved">Resolved by the chair.</p>` : "";
    return `<li><p class="where">${where}</p>${entry(t.comment)}${t.replies.map(entry).join("")}${state}</li>`;
  });
  return `<section class="comments"><h2>Comments</h2><ol>${items.join("")}</ol></section>`;
}

function firstTitle(doc: PMNode): string {
  let title = "";
  doc.forEach((node) => {
    if (!title && node.type.name === "title") title = node.textContent.trim();
  });
  return title;
}
