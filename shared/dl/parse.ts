import { Mark } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { MAX_GAP, schema } from "../schema.ts";
import { headerKind, headingPart, isAnnexHeading, isDelimiterRow, isProposalMarker, isTableRow, isUNFormula, labelLength } from "./classify.ts";
import { checkText, DLInputError, LineIndex, MAX_BRACKET_DEPTH, MAX_CHANGES_PER_TEXT } from "./input.ts";
import { endsWithBreakEscape, lexBlock, noteDefinition } from "./lexer.ts";
import type { Piece, TokenKind, TokenPiece } from "./lexer.ts";
import { BlockPairing, pairTokens } from "./pairing.ts";
import { describe } from "./report.ts";
import { readBlockAnnotation } from "./annotation.ts";
import type { ChangeAttrs, GroupPart } from "../schema.ts";
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
  /** The block's last line ends in an explicit line break ("\\"): the next line goes on the block. */
  breakEscape: boolean;
  /** Length of the block's source (its lines joined by "\n"). */
  length: number;
  /** The pairing state at the block's end, made when a line may join the block. */
  pairing: BlockPairing | null;
  /** Offset of the block in the whole text, to report positions. */
  offset: number;
  gap: number;
  list: boolean;
  /** The footnote's label when the line is a footnote's text ("[^1]: ..."). */
  note: string | null;
  /** Whole-block changes written at the start of the line (attributed variant). */
  inserted: ChangeAttrs | null;
  deleted: ChangeAttrs | null;
  pieces: Piece[];
}

export function parse(text: string): ParseResult {
  checkText(text);
  const eol = detectEol(text);
  const lines = new LineIndex(text);
  const { blocks, trailing } = splitBlocks(splitLines(text, eol), lines);
  const unpaired = pairTokens(blocks.map((b) => b.pieces));
  checkLimits(blocks, lines);
  const items = unpaired.map(({ token, block }) => reportItem(lines, blocks[block], token));
  const ids = new IdSource(blocks);
  const inline = new InlineState();
  const nodes = blocks.map((block) => buildInline(block, ids, inline));
  const doc = assemble(blocks, nodes, eol, trailing);
  return { doc, report: { items, counts: countOf(doc) } };
}

/** "\r\n" when every line ends so, else "\n". */
function detectEol(text: string): string {
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    lf++;
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
  }
  return lf > 0 && lf === crlf ? "\r\n" : "\n";
}

interface Line {
  text: string;
  /** Offset of the line in the whole text. */
  offset: number;
}

/**
 * The lines of a text. A line ends at "\n", and at "\r\n" too where some lines end
 * one way and some the other: a carriage return before a line feed is part of the
 * line ending, never text (text holds a carriage return only as the escape \u{D}).
 */
function splitLines(text: string, eol: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    const end = eol === "\r\n" || (i > start && text.charCodeAt(i - 1) === 13) ? i - 1 : i;
    lines.push({ text: text.slice(start, end), offset: start });
    start = i + 1;
  }
  lines.push({ text: text.slice(start), offset: start });
  return lines;
}

function splitBlocks(lines: Line[], index: LineIndex): { blocks: SourceBlock[]; trailing: number } {
  const blocks: SourceBlock[] = [];
  let gap = 0;
  let previousEmpty = true;
  let last: SourceBlock | null = null;
  for (const { text: line, offset: lineOffset } of lines) {
    if (line === "" && !(!previousEmpty && last?.breakEscape)) {
      gap += 1;
      previousEmpty = true;
      continue;
    }
    if (!previousEmpty && last) {
      const pieces = continuation(last, line);
      if (pieces) {
        joinLine(last, line, pieces);
        continue;
      }
    }
    if (last) last.pairing = null;
    if (gap > MAX_GAP) {
      const { line: at } = index.position(lineOffset);
      throw new DLInputError(`${gap} blank lines before this line: at most ${MAX_GAP} may stand between two blocks`, at, 1);
    }
    const { inserted, deleted, length } = blockChanges(line);
    if (inserted || deleted) refuseBadAttrs(() => schema.nodes.paragraph.create({ inserted, deleted }), index, lineOffset);
    const rest = line.slice(length);
    const list = rest.startsWith("- ");
    const definition = list ? null : noteDefinition(rest);
    const prefix = list ? 2 : (definition?.length ?? 0);
    const source = rest.slice(prefix);
    const start = lineOffset + length + prefix;
    const pieces = lexBlock(source);
    last = { breakEscape: endsWithBreakEscape(source), length: source.length, pairing: null, offset: start, gap, list, note: definition?.label ?? null, inserted, deleted, pieces };
    blocks.push(last);
    gap = 0;
    previousEmpty = false;
  }
  // The last "line" after the final line ending is empty: it is no blank line.
  const trailing = blocks.length ? gap : Math.max(0, lines.length - 1);
  if (trailing > MAX_GAP) throw new DLInputError(`${trailing} blank lines at the end: at most ${MAX_GAP} may end the text`, lines.length, 1);
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
 * A line continues the block above when the block ends in "\\" (even an empty line:
 * the block then ends in a line break), or when markup left open at its end (the
 * seed's bold subject over two lines) closes in this line.
 * Returns the line's pieces when it does, null when it starts a block of its own.
 * Costs the line only: the block's pairing state is kept, not re-read.
 */
function continuation(block: SourceBlock, line: string): Piece[] | null {
  if (block.breakEscape) return lexBlock(line);
  if (line.startsWith("- ") || readBlockAnnotation(line) || noteDefinition(line) || labelLength(line.replace(/^[[~*]+/, "")) > 0) return null;
  block.pairing ??= new BlockPairing(block.pieces);
  if (!block.pairing.toggleOpen) return null;
  const pieces = lexBlock(line);
  return block.pairing.closesAcross(pieces) ? pieces : null;
}

/**
 * Adds a line to a block, as lexing the joined source would: the "\\" of an explicit
 * line break goes, then a line break, then the line's pieces (lexing never crosses a
 * line ending).
 */
function joinLine(block: SourceBlock, line: string, pieces: Piece[]): void {
  if (block.breakEscape) {
    const lastPiece = block.pieces[block.pieces.length - 1] as { kind: "text"; text: string };
    lastPiece.text = lastPiece.text.slice(0, -1);
    if (!lastPiece.text) block.pieces.pop();
    block.length -= 1;
  }
  const shift = block.length + 1;
  block.pieces.push({ kind: "break", at: block.length });
  for (const piece of pieces) {
    piece.at += shift;
    block.pieces.push(piece);
  }
  block.pairing?.feed(pieces);
  block.length += 1 + line.length;
  block.breakEscape = endsWithBreakEscape(line);
}

/** Runs `create`; an attribute the schema refuses is a DLInputError at `offset`. */
function refuseBadAttrs(create: () => unknown, lines: LineIndex, offset: number): void {
  try {
    create();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const { line, column } = lines.position(offset);
    throw new DLInputError(`annotation refused: ${error.message}`, line, column);
  }
}

const ANNOTATED_MARK: Partial<Record<TokenKind, string>> = { "~~": "deletion", "</ins>": "insertion", "]": "bracket" };

/**
 * Refuses what no editor makes and would make the document huge: brackets nested
 * deeper than MAX_BRACKET_DEPTH, more than MAX_CHANGES_PER_TEXT changes over one text;
 * and annotations whose author, time or id the schema refuses.
 */
function checkLimits(blocks: SourceBlock[], lines: LineIndex): void {
  let depth = 0;
  for (const block of blocks) {
    block.pieces.forEach((p, i) => {
      // Two references side by side would be one text under one mark: one reference, "12".
      if (p.kind === "note" && block.pieces[i - 1]?.kind === "note") {
        const { line, column } = lines.position(block.offset + p.at);
        throw new DLInputError("two footnote references side by side: put a space or a comma between them", line, column);
      }
    });
    for (const p of block.pieces) {
      if (p.kind !== "token" || !p.role) continue;
      if (p.role === "close") {
        const type = schema.marks[ANNOTATED_MARK[p.token] ?? ""];
        for (const a of type ? p.annotations : []) refuseBadAttrs(() => type.create({ id: a.id, by: a.by, at: a.at, ...(p.token === "]" ? { note: a.note } : {}) }), lines, block.offset + p.at);
      }
      if (p.token === "[") {
        depth += 1;
        if (depth > MAX_BRACKET_DEPTH) {
          const { line, column } = lines.position(block.offset + p.at);
          throw new DLInputError(`brackets nested more than ${MAX_BRACKET_DEPTH} deep`, line, column);
        }
      } else if (p.token === "]") depth -= 1;
      else if (p.role === "close" && p.annotations.length > MAX_CHANGES_PER_TEXT) {
        const { line, column } = lines.position(block.offset + p.at);
        throw new DLInputError(`more than ${MAX_CHANGES_PER_TEXT} changes written over one text`, line, column);
      }
    }
  }
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
    for (const b of blocks) for (const p of b.pieces) if (p.kind === "token" && p.role === "close") for (const a of p.annotations) this.taken.add(a.id);
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

/** Marks for a pair, made once at its opener (the closer holds the annotations): one per annotation. */
const pairMarks = new WeakMap<TokenPiece, KeyedMark[]>();

interface KeyedMark {
  mark: Mark;
  /** Equal marks have equal keys. */
  key: string;
}

function marksFor(opener: TokenPiece, ids: IdSource): KeyedMark[] {
  const known = pairMarks.get(opener);
  if (known) return known;
  const name = MARK_OF[opener.token]!;
  const type = schema.marks[name];
  let marks: Mark[];
  if (name === "strong" || name === "em") marks = [type.create()];
  else {
    const written = opener.partner!.annotations;
    const annotations = written.length ? written : [null];
    marks = annotations.map((a) => {
      const attrs: Record<string, unknown> = a ? { id: a.id, by: a.by, at: a.at } : { id: ids.fresh(ID_PREFIX[name]), by: "import", at: null };
      if (name === "bracket") {
        attrs.note = a?.note ?? null;
        attrs.openOutside = opener.outside;
        attrs.closeOutside = opener.partner!.outside;
      }
      return type.create(attrs);
    });
  }
  const keyed = marks.map((mark) => ({ mark, key: `${name}\u0000${JSON.stringify(mark.attrs)}` }));
  pairMarks.set(opener, keyed);
  return keyed;
}

/**
 * The marks in force while reading, kept by kind so that opening or closing one costs
 * no comparison with the others: toggles (at most one pair of each kind is open), and
 * the brackets open, outermost first, which go on from block to block. The mark set
 * of the text is built only when it changed, in the schema's order, and shared by the
 * runs that carry it.
 */
class InlineState {
  private insertions: Mark[] = [];
  private deletions: Mark[] = [];
  private strong: Mark | null = null;
  private em: Mark | null = null;
  private readonly brackets: Mark[] = [];
  /** How many open pairs hold each distinct mark (equal pairs count once). */
  private readonly counts = new Map<string, number>();
  private current: readonly Mark[] = Mark.none;
  private dirty = false;

  get marks(): readonly Mark[] {
    if (this.dirty) {
      const marks: Mark[] = [...this.insertions, ...this.deletions];
      if (this.strong) marks.push(this.strong);
      if (this.em) marks.push(this.em);
      marks.push(...this.brackets);
      this.current = marks.length ? marks : Mark.none;
      this.dirty = false;
    }
    return this.current;
  }

  open(token: TokenKind, marks: KeyedMark[]): void {
    for (const { mark, key } of marks) {
      const count = this.counts.get(key) ?? 0;
      this.counts.set(key, count + 1);
      if (count > 0) continue;
      if (token === "<ins>") this.insertions.push(mark);
      else if (token === "~~") this.deletions.push(mark);
      else if (token === "**") this.strong = mark;
      else if (token === "*") this.em = mark;
      else this.brackets.push(mark);
      this.dirty = true;
    }
  }

  close(token: TokenKind, marks: KeyedMark[]): void {
    for (const { mark, key } of marks) {
      const count = this.counts.get(key) ?? 0;
      if (count > 1) {
        this.counts.set(key, count - 1);
        continue;
      }
      this.counts.delete(key);
      if (token === "<ins>") this.insertions = this.insertions.filter((m) => m !== mark);
      else if (token === "~~") this.deletions = this.deletions.filter((m) => m !== mark);
      else if (token === "**") this.strong = null;
      else if (token === "*") this.em = null;
      else if (this.brackets[this.brackets.length - 1] === mark) this.brackets.pop();
      else this.brackets.splice(this.brackets.indexOf(mark), 1);
      this.dirty = true;
    }
  }
}

/**
 * Turns a block's pieces into runs of text with marks; unpaired tokens become text.
 * `state` holds the brackets still open from the blocks above.
 */
function buildInline(block: SourceBlock, ids: IdSource, state: InlineState): Run[] {
  const runs: Run[] = [];
  const push = (text: string) => {
    const marks = state.marks;
    const last = runs[runs.length - 1];
    if (last && last.text !== null && last.marks === marks) last.text += text;
    else runs.push({ text, marks });
  };
  for (const piece of block.pieces) {
    if (piece.kind === "text") push(piece.text);
    else if (piece.kind === "break") runs.push({ text: null, marks: state.marks });
    else if (piece.kind === "note") runs.push({ text: piece.label, marks: schema.marks.note_ref.create().addToSet(state.marks) });
    else if (piece.role === null) push(piece.token + piece.annotationSource);
    else {
      const opener = piece.role === "open" ? piece : piece.partner!;
      const marks = marksFor(opener, ids);
      if (piece.role === "open") state.open(opener.token, marks);
      else state.close(opener.token, marks);
      if (piece.role === "open" && piece.annotationSource) push(piece.annotationSource);
    }
  }
  return runs;
}

/**
 * A UN paragraph's call, inline: "*Recalling* its resolution ...," (preambular: its first words in
 * italics, a capital, ending in a comma) or "1. *Decides* ...;" (operative: a label, then italics).
 */
function inlineCall(runs: Run[], plain: string): GroupPart | null {
  const label = labelLength(plain);
  const start = label + (/^\s*/.exec(plain.slice(label))?.[0].length ?? 0);
  let at = 0;
  const run = runs.find((r) => {
    const length = r.text === null ? 1 : r.text.length;
    const here = start >= at && start < at + length;
    at += length;
    return here;
  });
  if (!run?.text || !run.marks.some((m) => m.type === schema.marks.em) || !/^\p{Lu}/u.test(plain.slice(start))) return null;
  if (label > 0) return "operative";
  return /,\s*$/.test(plain) ? "preamble" : null;
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

/**
 * The inline nodes of a block's runs. Text under many marks (deep brackets, several
 * strikes) shares its run's mark set, built in the schema's order with no duplicates,
 * rather than a copy per node.
 */
function inlineNodes(runs: Run[]): PMNode[] {
  return runs.map((r) => {
    if (r.text === null) return schema.nodes.line_break.create(null, null, r.marks);
    return r.marks.length > 8 ? schema.text(r.text).mark(r.marks) : schema.text(r.text, r.marks);
  });
}

function assemble(blocks: SourceBlock[], runs: Run[][], eol: string, trailing: number): PMNode {
  // Top-level blocks and clause groups (their blocks, made nodes at the end), in text order.
  const content: (PMNode | PMNode[])[] = [];
  let group: PMNode[] | null = null;
  // A UN body's text (after "The General Assembly,") has no heading lines: its preambular
  // paragraphs ("*Recalling* ...,") and its operative ones ("1. *Decides* ...;") each stand in a
  // group whose heading is empty (written as nothing). `inline` is the part of the one open.
  let un = false;
  let inline: GroupPart | null = null;
  const openGroup = (heading: PMNode) => {
    group = [heading];
    content.push(group);
    inline = heading.content.size === 0 ? (heading.attrs.part as GroupPart) : null;
  };
  blocks.forEach((block, i) => {
    const tracked = { gap: block.gap, inserted: block.inserted, deleted: block.deleted };
    if (block.note !== null) {
      (group ?? content).push(schema.nodes.footnote.create({ ...tracked, label: block.note }, inlineNodes(runs[i])));
      return;
    }
    const plain = plainText(runs[i]);
    // "| Goal | Target |": a row of a pipe table, wherever it stands.
    if (!block.list && isTableRow(plain)) return void (group ?? content).push(schema.nodes.table_row.create(tracked, inlineNodes(runs[i])));
    if (!block.list && isAnnexHeading(plain)) return openGroup(schema.nodes.group_heading.create({ ...tracked, part: "annex" }, inlineNodes(runs[i])));
    const part = block.list ? null : headingPart(plain);
    if (part) return openGroup(schema.nodes.group_heading.create({ ...tracked, part }, inlineNodes(runs[i])));
    const called = un && !block.list ? inlineCall(runs[i], plain) : null;
    if (called && called !== inline) openGroup(schema.nodes.group_heading.create({ gap: 0, part: called }));
    // After the clause groups, a proposal marker opens the compilation's next text.
    if (group && !block.list && isProposalMarker(plain)) {
      group = null;
      inline = null;
    }
    if (!group) {
      const kind = block.list ? "paragraph" : headerKind(plain, allBold(runs[i]));
      if (kind === "formula") un = isUNFormula(plain);
      const attrs = kind === "paragraph" ? { ...tracked, list: block.list } : tracked;
      content.push(schema.nodes[kind].create(attrs, inlineNodes(runs[i])));
      return;
    }
    const label = labelLength(plain);
    if (label > 0) {
      group.push(schema.nodes.clause.create({ ...tracked, list: block.list }, inlineNodes(markLabel(runs[i], label))));
    } else {
      group.push(schema.nodes.paragraph.create({ ...tracked, list: block.list }, inlineNodes(runs[i])));
    }
  });
  const nodes = content.map((c) => (Array.isArray(c) ? schema.nodes.clause_group.create(null, c) : c));
  return schema.nodes.doc.create({ eol, trailing }, nodes);
}

function countOf(doc: PMNode): ImportReport["counts"] {
  const ids = { bracket: new Set<string>(), insertion: new Set<string>(), deletion: new Set<string>() };
  let blocks = 0, groups = 0, clauses = 0, footnotes = 0, references = 0, annexes = 0, markers = 0, rows = 0;
  doc.descendants((node, _pos, parent) => {
    if (node.type.name === "clause_group") {
      groups++;
      if (node.firstChild?.attrs.part === "annex") annexes++;
    }
    // A compilation's texts: one per proposal marker ("SUP ACP/25A1/2", "NOC ..."), at least one.
    if (parent === doc && node.type.name === "proposal_marker") markers++;
    if (node.isTextblock) {
      blocks++;
      if (node.type.name === "clause") clauses++;
      else if (node.type.name === "footnote") footnotes++;
      else if (node.type.name === "table_row" && !isDelimiterRow(node.textContent)) rows++;
    }
    if (schema.marks.note_ref.isInSet(node.marks)) references++;
    for (const m of node.marks) {
      const set = ids[m.type.name as keyof typeof ids];
      if (set) set.add(m.attrs.id);
    }
    return true;
  });
  return { blocks, groups, clauses, brackets: ids.bracket.size, insertions: ids.insertion.size, deletions: ids.deletion.size, footnotes, references, annexes, texts: Math.max(markers, 1), rows };
}
