import type { Node as PMNode } from "prosemirror-model";
import { schema } from "./schema.ts";
import { languageOfSymbol, ORIGINAL_LINE } from "./language.ts";
import type { Language } from "./language.ts";
import { readSymbolLine, shortSymbol, symbolLineOf, writeSymbolLine } from "./symbol.ts";
import type { SymbolLine } from "./symbol.ts";

/**
 * The document's metadata as structured fields, read from its header lines:
 * "WORKING GROUP OF THE PLENARY", "Document DL/23-E (Rev.2)", "31 October 2014",
 * "Original: English" (or "Document DL/23-F (Rév.2)", "Documento DL/45-S (Rev.1)": the
 * symbol's letter gives the version's language). Only the accepted text counts: a proposal does not rename the
 * document. A header line added by a delegation (its `inserted` attr) is not read,
 * nor is text proposed into a header line (its `insertion` mark); text struck by a
 * `deletion` still counts, as it is not deleted until the chair accepts.
 */
export interface DocMeta {
  body: string | null;
  /** The symbol without "Document" and revision, as ITU cites it: "DL/23-E", "23(Add.1)-E" (./symbol.ts). */
  symbol: string | null;
  /** The symbol line read: document, addendum or corrigendum, revision and how it is written. */
  symbolLine: SymbolLine | null;
  /** Revision number; 0 when the symbol has none. */
  revision: number | null;
  date: string | null;
  /** The "Original:" line's language, as written ("English", "anglais", "английский", "英文", "بالإنكليزية"). */
  language: string | null;
  /** The language this version is written in, from its symbol. */
  lang: Language;
}

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
  const symbol = symbolLine ? readSymbolLine(symbolLine) : null;
  const language = text("language_line");
  return {
    body: text("body_name"),
    symbol: symbol ? shortSymbol(symbol) : null,
    symbolLine: symbol,
    revision: symbol ? symbol.revision : null,
    date: text("date_line"),
    language: language ? language.replace(ORIGINAL_LINE, "") : null,
    lang: languageOfSymbol(symbol ? symbol.document : null),
  };
}

/**
 * The language a draft is written in, from its symbol line, reading only the header (the
 * blocks before the first clause group), so it costs the same at 300 pages: the editor
 * asks on every change, for its `lang` (screen readers, hyphenation).
 */
export function draftLanguage(doc: PMNode): Language {
  for (let i = 0; i < doc.childCount; i++) {
    const node = doc.child(i);
    if (node.type.name === "clause_group") break;
    if (node.type.name !== "symbol_line" || node.attrs.inserted) continue;
    return languageOfSymbol(readSymbolLine(acceptedText(node))?.document ?? null);
  }
  return languageOfSymbol(null);
}

/**
 * "Document DL/23-E (Rev.3)", "Revision 1 to Addendum 1 to Document 23-E": the symbol line
 * for a revision (none for revision 0), in the symbol's language ("Document DL/23-F (Rév.3)",
 * "Documento DL/45-S (Rev.3)") and in the form the line was written in (for a short symbol
 * string: its usual form).
 */
export function symbolLineText(symbol: string | SymbolLine, revision: number): string {
  return writeSymbolLine(typeof symbol === "string" ? symbolLineOf(symbol) : symbol, revision);
}

/** "DL/23-E (Rev.3)", "DL/23-F (Rév.3)": the symbol and revision, as running headers and titles show them. */
export function symbolWithRevision(symbol: string, revision: number | null): string {
  const line = symbolLineOf(symbol);
  // A UN symbol carries its revision itself: "A/C.2/78/L.12/Rev.1".
  if (line.form === "slash") return writeSymbolLine(line, revision ?? 0);
  return revision ? `${symbol} (${languageOfSymbol(symbol).revision}${revision})` : symbol;
}

/**
 * The document as issued as a new revision: the accepted symbol line and date line
 * replaced (plain text, keeping their gaps). Refuses a document without a symbol line.
 */
export function withRevision(doc: PMNode, revision: number, date: string): PMNode {
  const meta = readMeta(doc);
  if (meta.symbol === null) throw new RangeError("the document has no symbol line (\"Document DL/...\", \"Documento DL/...\") to carry a revision");
  if (!Number.isInteger(revision) || revision < 0) throw new RangeError(`revision must be a whole number, got ${revision}`);
  const symbolNode = firstOf(doc, "symbol_line")!;
  const dateNode = firstOf(doc, "date_line");
  const children: PMNode[] = [];
  doc.forEach((node) => {
    if (node === symbolNode) children.push(node.type.create(node.attrs, schema.text(symbolLineText(meta.symbolLine!, revision))));
    else if (node === dateNode) children.push(node.type.create(node.attrs, schema.text(date)));
    else children.push(node);
    if (node === symbolNode && !dateNode) children.push(schema.nodes.date_line.create({ gap: 0 }, schema.text(date)));
  });
  return doc.type.create(doc.attrs, children);
}

/** "31 October 2014", "31 octobre 2014", "31 de octubre de 2014": a date as ITU documents write it in `lang`. */
export function documentDate(date: Date, lang: Language = languageOfSymbol(null)): string {
  return lang.date(date.getUTCDate(), date.getUTCMonth(), date.getUTCFullYear());
}
