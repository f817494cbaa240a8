import type { Node as PMNode } from "prosemirror-model";
import { schema } from "./schema.ts";

/**
 * The document's metadata as structured fields, read from its header lines:
 * "WORKING GROUP OF THE PLENARY", "Document DL/23-E (Rev.2)", "31 October 2014",
 * "Original: English". Only the accepted text counts: a proposal does not rename the
 * document. A header line added by a delegation (its `inserted` attr) is not read,
 * nor is text proposed into a header line (its `insertion` mark); text struck by a
 * `deletion` still counts, as it is not deleted until the chair accepts.
 */
export interface DocMeta {
  body: string | null;
  /** The symbol without "Document" and revision: "DL/23-E". */
  symbol: string | null;
  /** Revision number; 0 when the symbol has none. */
  revision: number | null;
  date: string | null;
  language: string | null;
}

const SYMBOL = /^Document\s+(.+?)(?:\s*\(Rev\.\s*(\d+)\))?\s*$/;

/** The accepted text of a block: proposed insertions left out, proposed deletions kept. */
function acceptedText(block: PMNode): string {
  let text = "";
  block.forEach((child) => {
    if (child.isText && !schema.marks.insertion.isInSet(child.marks)) text += child.text;
  });
  return text.trim();
}

/** The first top-level block of `type` that is accepted (not a block someone proposed adding). */
function firstOf(doc: PMNode, type: string): PMNode | null {
  let found: PMNode | null = null;
  doc.forEach((node) => {
    if (!found && node.type.name === type && !node.attrs.inserted) found = node;
  });
  return found;
}

/** The document's metadata, from the accepted text of its header lines. */
export function readMeta(doc: PMNode): DocMeta {
  const text = (type: string) => {
    const node = firstOf(doc, type);
    return node ? acceptedText(node) : null;
  };
  const symbolLine = text("symbol_line");
  const symbol = symbolLine ? SYMBOL.exec(symbolLine) : null;
  const language = text("language_line");
  return {
    body: text("body_name"),
    symbol: symbol ? symbol[1] : null,
    revision: symbol ? Number(symbol[2] ?? 0) : null,
    date: text("date_line"),
    language: language ? language.replace(/^Original:\s*/, "") : null,
  };
}

/** "Document DL/23-E (Rev.3)": the symbol line for a revision (none for revision 0). */
export function symbolLineText(symbol: string, revision: number): string {
  return revision > 0 ? `Document ${symbol} (Rev.${revision})` : `Document ${symbol}`;
}

/**
 * The document as issued as a new revision: the accepted symbol line and date line
 * replaced (plain text, keeping their gaps). Refuses a document without a symbol line.
 */
export function withRevision(doc: PMNode, revision: number, date: string): PMNode {
  const meta = readMeta(doc);
  if (meta.symbol === null) throw new RangeError("the document has no symbol line (\"Document DL/...\") to carry a revision");
  if (!Number.isInteger(revision) || revision < 0) throw new RangeError(`revision must be a whole number, got ${revision}`);
  const symbolNode = firstOf(doc, "symbol_line")!;
  const dateNode = firstOf(doc, "date_line");
  const children: PMNode[] = [];
  doc.forEach((node) => {
    if (node === symbolNode) children.push(node.type.create(node.attrs, schema.text(symbolLineText(meta.symbol!, revision))));
    else if (node === dateNode) children.push(node.type.create(node.attrs, schema.text(date)));
    else children.push(node);
    if (node === symbolNode && !dateNode) children.push(schema.nodes.date_line.create({ gap: 0 }, schema.text(date)));
  });
  return doc.type.create(doc.attrs, children);
}

/** "31 October 2014": a date as ITU documents write it. */
export function documentDate(date: Date): string {
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
