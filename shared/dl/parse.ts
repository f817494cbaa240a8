import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import { headerKind, headingPart, labelLength } from "./classify.ts";
import { checkText, LineIndex } from "./input.ts";
import { endsWithBreakEscape, hasOpenToggle, lexBlock } from "./lexer.ts";
import type { Piece, TokenKind, TokenPiece } from "./lexer.ts";
import { pairTokens } from "./pairing.ts";
import { describe } from "./report.ts";
import { readBlockAnnotation } from "./annotation.ts";
import type { ChangeAttrs } from "../schema.ts";
import type { ImportReport, ReportItem, ReportKind } from "./report.ts";

/**
 * DL text to a document: `parse(text)` gives the document and a report of what could
 * not be paired. Nothing is dropped or moved: unpaired markup stays as literal text.
 */

export interface ParseResult {
  doc: PMNode;
  report: ImportReport;
}

/** A block of the source: one line, or several joined by markup left open across them. */
interface SourceBlock {
  source: string;
  /** Offset of the block in the whole text, to report positions. */
  offset: number;
  gap: number;
  list: boolean;
  /** Whole-block changes written at the start of the line (attributed variant). */
  inserted: ChangeAttrs | null;
  deleted: ChangeAttrs | null;
  pieces: Piece[];
}

export function parse(text: string): ParseResult {
  checkText(text);
  const eol = detectEol(text);
  const { blocks, trailing } = splitBlocks(text.split(eol), eol.length);
  const unpaired = pairTokens(blocks.map((b) => b.pieces));
  const lines = new LineIndex(text);
  const items = unpaired.map(({ token, block }) => reportItem(lines, blocks[block], token));
  const ids = new IdSource(blocks);
  let open: readonly Mark[] = [];
  const nodes = blocks.map((block) => {
    const built = buildInline(block, ids, open);
    open = built.open;
    return built.runs;
  });
  const doc = assemble(blocks, nodes, eol, trailing);
  return { doc, report: { items, counts: countOf(doc) } };
}

function detectEol(text: string): string {
  const lf = text.split("\n").length - 1;
  const crlf = text.split("\r\n").length - 1;
  return lf > 0 && lf === crlf ? "\r\n" : "\n";
}

function splitBlocks(lines: string[], eolLength: number): { blocks: SourceBlock[]; trailing: number } {
  const blocks: SourceBlock[] = [];
  let gap = 0;
  let offset = 0;
  let previousEmpty = true;
  for (const line of lines) {
    const lineOffset = offset;
    offset += line.length + eolLength;
    if (line === "") {
      gap += 1;
      previousEmpty = true;
      continue;
    }
    const last = blocks[blocks.length - 1];
    if (!previousEmpty && last && continues(last, line)) {
      last.source = joinLine(last.source, line);
      last.pieces = lexBlock(last.source);
      previousEmpty = false;
      continue;
    }
    const { inserted, deleted, length } = blockChanges(line);
    const rest = line.slice(length);
    const list = rest.startsWith("- ");
    const source = list ? rest.slice(2) : rest;
    const start = lineOffset + length + (list ? 2 : 0);
    blocks.push({ source, offset: start, gap, list, inserted, deleted, pieces: lexBlock(source) });
    gap = 0;
    previousEmpty = false;
  }
  // The last "line" after the final line ending is empty: it is no blank line.
  const trailing = blocks.length ? gap : Math.max(0, lines.length - 1);
  return { blocks, trailing };
}

/** Reads `{+USA ... #x1}` and `{-RUS ... #x2}` at the start of a line. */
function blockChanges(line: string): { inserted: ChangeAttrs | null; deleted: ChangeAttrs | null; length: number } {
  let inserted: ChangeAttrs | null = null;
  let deleted: ChangeAttrs | null = null;
  let length = 0;
  for (let found = readBlockAnnotation(line); found; found = readBlockAnnotation(line.slice(length))) {
    const { sign, by, at, id } = found.annotation;
    if (sign === "+" && !inserted) inserted = { id, by, at };
    else if (sign === "-" && !deleted) deleted = { id, by, at };
    else break;
    length += found.length;
  }
  return { inserted, deleted, length };
}

/**
 * A line continues the block above when the block ends in "\\", or when markup left
 * open at its end (the seed's bold subject over two lines) closes in this line.
 */
function continues(block: SourceBlock, line: string): boolean {
  if (endsWithBreakEscape(block.source)) return true;
  if (line.startsWith("- ") || readBlockAnnotation(line) || labelLength(line.replace(/^[[~*]+/, "")) > 0) return false;
  if (!hasOpenToggle(block.pieces)) return false;
  const joined = lexBlock(`${block.source}\n${line}`);
  pairTokens([joined]);
  return joined.some((p) => p.kind === "token" && p.role === "close" && p.at > block.source.length && p.partner!.at < block.source.length);
}

function joinLine(source: string, line: string): string {
  return endsWithBreakEscape(source) ? `${source.slice(0, -1)}\n${line}` : `${source}\n${line}`;
}

const REPORT_KINDS: Record<TokenKind, ReportKind> = {
  "[": "unpaired-bracket-open",
  "]": "unpaired-bracket-close",
  "~~": "unclosed-strike",
  "**": "unclosed-bold",
  "*": "unclosed-italic",
  "<ins>": "unpaired-insertion",
  "</ins>": "unpaired-insertion",
};

function reportItem(lines: LineIndex, block: SourceBlock, token: TokenPiece): ReportItem {
  const { line, column } = lines.position(block.offset + token.at);
  const kind = REPORT_KINDS[token.token];
  return { kind, line, column, token: token.token, message: `${describe(kind)} "${token.token}" (kept as text)` };
}

/** Hands out mark ids: the annotated ones as written, fresh ones that collide with none. */
class IdSource {
  private readonly taken = new Set<string>();
  private next = 1;
  constructor(blocks: SourceBlock[]) {
    for (const b of blocks) for (const p of b.pieces) if (p.kind === "token" && p.role === "close" && p.annotation) this.taken.add(p.annotation.id);
  }
  fresh(prefix: string): string {
    let id = `${prefix}${this.next++}`;
    while (this.taken.has(id)) id = `${prefix}${this.next++}`;
    return id;
  }
}

type Run = { text: string; marks: readonly Mark[] } | { text: null; marks: readonly Mark[] };

const MARK_OF: Partial<Record<TokenKind, string>> = { "~~": "deletion", "**": "strong", "*": "em", "<ins>": "insertion", "[": "bracket" };
const ID_PREFIX: Record<string, string> = { deletion: "d", insertion: "i", bracket: "b" };

/** Mark for a pair, made once at its opener (the closer holds the annotation). */
const pairMarks = new WeakMap<TokenPiece, Mark>();

function markFor(opener: TokenPiece, ids: IdSource): Mark {
  const known = pairMarks.get(opener);
  if (known) return known;
  const name = MARK_OF[opener.token]!;
  const type = schema.marks[name];
  let mark: Mark;
  if (name === "strong" || name === "em") mark = type.create();
  else {
    const a = opener.partner!.annotation;
    const attrs: Record<string, unknown> = a ? { id: a.id, by: a.by, at: a.at } : { id: ids.fresh(ID_PREFIX[name]), by: "import", at: null };
    if (name === "bracket") {
      attrs.note = a?.note ?? null;
      attrs.openOutside = opener.outside;
      attrs.closeOutside = opener.partner!.outside;
    }
    mark = type.create(attrs);
  }
  pairMarks.set(opener, mark);
  return mark;
}

/**
 * Turns a block's pieces into runs of text with marks; unpaired tokens become text.
 * `open` are the brackets still open from the blocks above; returns those left open.
 */
function buildInline(block: SourceBlock, ids: IdSource, open: readonly Mark[]): { runs: Run[]; open: readonly Mark[] } {
  const runs: Run[] = [];
  let active: readonly Mark[] = open;
  const push = (text: string) => {
    const last = runs[runs.length - 1];
    if (last && last.text !== null && last.marks === active) last.text += text;
    else runs.push({ text, marks: active });
  };
  for (const piece of block.pieces) {
    if (piece.kind === "text") push(piece.text);
    else if (piece.kind === "break") runs.push({ text: null, marks: active });
    else if (piece.role === null) push(piece.token + piece.annotationSource);
    else {
      const opener = piece.role === "open" ? piece : piece.partner!;
      const mark = markFor(opener, ids);
      active = piece.role === "open" ? mark.addToSet(active) : mark.removeFromSet(active);
      if (piece.role === "open" && piece.annotationSource) push(piece.annotationSource);
    }
  }
  return { runs, open: active.filter((m) => m.type === schema.marks.bracket) };
}

function plainText(runs: Run[]): string {
  return runs.map((r) => (r.text === null ? "\n" : r.text)).join("");
}

function allBold(runs: Run[]): boolean {
  return runs.every((r) => r.text === null || /^\s*$/.test(r.text) || r.marks.some((m) => m.type === schema.marks.strong));
}

/** Adds the label mark to the first `length` characters. */
function markLabel(runs: Run[], length: number): Run[] {
  const out: Run[] = [];
  let left = length;
  for (const run of runs) {
    if (left <= 0 || run.text === null) {
      out.push(run);
      continue;
    }
    const head = run.text.slice(0, left);
    out.push({ text: head, marks: schema.marks.label.create().addToSet(run.marks) });
    if (run.text.length > left) out.push({ text: run.text.slice(left), marks: run.marks });
    left -= head.length;
  }
  return out;
}

function inlineNodes(runs: Run[]): PMNode[] {
  return runs.map((r) => (r.text === null ? schema.nodes.line_break.create(null, null, r.marks) : schema.text(r.text, r.marks)));
}

function assemble(blocks: SourceBlock[], runs: Run[][], eol: string, trailing: number): PMNode {
  const top: PMNode[] = [];
  let group: PMNode[] | null = null;
  const groups: PMNode[][] = [];
  blocks.forEach((block, i) => {
    const plain = plainText(runs[i]);
    const part = block.list ? null : headingPart(plain);
    const tracked = { gap: block.gap, inserted: block.inserted, deleted: block.deleted };
    if (part) {
      group = [schema.nodes.group_heading.create({ ...tracked, part }, inlineNodes(runs[i]))];
      groups.push(group);
      return;
    }
    if (!group) {
      const kind = block.list ? "paragraph" : headerKind(plain, allBold(runs[i]));
      const attrs = kind === "paragraph" ? { ...tracked, list: block.list } : tracked;
      top.push(schema.nodes[kind].create(attrs, inlineNodes(runs[i])));
      return;
    }
    const label = labelLength(plain);
    if (label > 0) {
      group.push(schema.nodes.clause.create({ ...tracked, list: block.list }, inlineNodes(markLabel(runs[i], label))));
    } else {
      group.push(schema.nodes.paragraph.create({ ...tracked, list: block.list }, inlineNodes(runs[i])));
    }
  });
  const content = [...top, ...groups.map((g) => schema.nodes.clause_group.create(null, g))];
  return schema.nodes.doc.create({ eol, trailing }, content);
}

function countOf(doc: PMNode): ImportReport["counts"] {
  const ids = { bracket: new Set<string>(), insertion: new Set<string>(), deletion: new Set<string>() };
  let blocks = 0, groups = 0, clauses = 0;
  doc.descendants((node) => {
    if (node.type.name === "clause_group") groups++;
    else if (node.isTextblock) {
      blocks++;
      if (node.type.name === "clause") clauses++;
    }
    for (const m of node.marks) {
      const set = ids[m.type.name as keyof typeof ids];
      if (set) set.add(m.attrs.id);
    }
    return true;
  });
  return { blocks, groups, clauses, brackets: ids.bracket.size, insertions: ids.insertion.size, deletions: ids.deletion.size };
}
