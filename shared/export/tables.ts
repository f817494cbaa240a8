import type { Node as PMNode } from "prosemirror-model";
import { isDelimiterRow } from "../dl/classify.ts";
import type { BlockSegments, Segment } from "./segments.ts";

/**
 * Pipe tables as the exports draw them: the `table_row` blocks standing together are one
 * table; a row "|---|---|" makes the row above it the header and is not drawn; a row's cells
 * are its text between the pipes ("\|" a pipe in a cell), each with its proposals and
 * brackets. The exports' own code draws the cells (HTML cells, Word table cells, AKN td).
 */

export interface TableRow {
  block: BlockSegments;
  cells: Segment[][];
  header: boolean;
}

/** The body's blocks with each run of table rows as one table (its rows, delimiter rows left out). */
export function withTables(blocks: readonly BlockSegments[]): ({ kind: "block"; block: BlockSegments; index: number } | { kind: "table"; rows: TableRow[] })[] {
  const out: ({ kind: "block"; block: BlockSegments; index: number } | { kind: "table"; rows: TableRow[] })[] = [];
  let run: BlockSegments[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const segments = new Map(run.map((b) => [b.node, b]));
    out.push({ kind: "table", rows: tableRows(run.map((b) => b.node)).map(({ node, header }) => ({ block: segments.get(node)!, cells: cellsOf(segments.get(node)!.segments), header })) });
    run = [];
  };
  blocks.forEach((block, index) => {
    if (block.node.type.name === "table_row") return void run.push(block);
    flush();
    out.push({ kind: "block", block, index });
  });
  flush();
  return out;
}

/** A run of table rows as drawn: each row but the "|---|" ones, a row standing over one of those the header. */
export function tableRows(rows: readonly PMNode[]): { node: PMNode; header: boolean }[] {
  const out: { node: PMNode; header: boolean }[] = [];
  for (const node of rows) {
    if (!isDelimiterRow(node.textContent)) out.push({ node, header: false });
    else if (out.length) out[out.length - 1]!.header = true;
  }
  return out;
}

/** How many columns a table has: its widest row's cells. */
export const columnsOf = (rows: readonly TableRow[]) => Math.max(1, ...rows.map((r) => r.cells.length));

/** A row's cells: its segments cut at each pipe of its text, the empty ends outside the first and last pipe left out. */
export function cellsOf(segments: readonly Segment[]): Segment[][] {
  const cells: Segment[][] = [[]];
  for (const segment of segments) {
    if (segment.kind !== "text") {
      cells[cells.length - 1]!.push(segment);
      continue;
    }
    segment.text.split(/(?<!\\)\|/).forEach((piece, i) => {
      if (i > 0) cells.push([]);
      const text = piece.replace(/\\\|/g, "|");
      if (text) cells[cells.length - 1]!.push({ ...segment, text });
    });
  }
  const trimmed = cells.map(trimCell);
  if (trimmed.length > 1 && trimmed[0]!.length === 0) trimmed.shift();
  if (trimmed.length > 1 && trimmed[trimmed.length - 1]!.length === 0) trimmed.pop();
  return trimmed;
}

/** A cell without the spaces that pad it from its pipes. */
function trimCell(cell: Segment[]): Segment[] {
  const out = [...cell];
  const edge = (i: number, trim: (s: string) => string) => {
    const s = out[i];
    if (s?.kind !== "text") return;
    const text = trim(s.text);
    if (text) out[i] = { ...s, text };
    else out.splice(i, 1);
  };
  edge(0, (s) => s.trimStart());
  edge(out.length - 1, (s) => s.trimEnd());
  return out;
}
