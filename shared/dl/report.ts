/**
 * The import report: what the parser found that it could not pair or read, each
 * with its line and column (1-based, in characters) in the DL text. Such text is kept
 * as literal text exactly where it stands; the report only tells where to look.
 */
export type ReportKind =
  | "unpaired-bracket-close"
  | "unpaired-bracket-open"
  | "unclosed-strike"
  | "unclosed-bold"
  | "unclosed-italic"
  | "unpaired-insertion";

export interface ReportItem {
  kind: ReportKind;
  line: number;
  column: number;
  /** The literal token as it stands in the text ("]", "~~", ...). */
  token: string;
  message: string;
}

/** What the parsed document holds, for `plenary check` and the import screen. */
export interface ImportCounts {
  blocks: number;
  groups: number;
  clauses: number;
  brackets: number;
  insertions: number;
  deletions: number;
  /** Footnotes ("[^1]: ...") and references to them ("[^1]"). */
  footnotes: number;
  references: number;
  /** Annexes and appendices (clause groups headed "ANNEX ..."). */
  annexes: number;
  /** Texts in the document: 1, or more in a compilation (one per proposal marker). */
  texts: number;
  /** Rows of pipe tables (their "|---|" lines not counted). */
  rows: number;
}

export interface ImportReport {
  items: ReportItem[];
  counts: ImportCounts;
}

const DESCRIPTIONS: Record<ReportKind, string> = {
  "unpaired-bracket-close": "closing bracket without an opening bracket",
  "unpaired-bracket-open": "opening bracket that is never closed",
  "unclosed-strike": "strike-through (~~) that is not closed in its paragraph",
  "unclosed-bold": "bold (**) that is not closed in its paragraph",
  "unclosed-italic": "italic (*) that is not closed in its paragraph",
  "unpaired-insertion": "insertion tag without its partner in the paragraph",
};

export function describe(kind: ReportKind): string {
  return DESCRIPTIONS[kind];
}

/** One line per item: "line 103, column 395: closing bracket without ... (kept as text)". */
export function formatReport(report: ImportReport, file = ""): string {
  const prefix = file ? `${file}:` : "";
  return report.items
    .map((item) => `${prefix}${item.line}:${item.column}: ${item.message}`)
    .join("\n");
}
