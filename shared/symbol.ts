import { DOCUMENT_WORDS, languageOfSymbol, REVISION_WORDS } from "./language.ts";
import type { Language } from "./language.ts";

/**
 * The symbol line of an ITU document, as the secretariat issues it:
 *
 *   Document DL/23-E (Rev.2)                       a DT or DL document and its revision
 *   Revision 1 to Document 23-E                    a numbered document's revision
 *   Addendum 1 to Document 23-E                    an addendum (ADD) to a document
 *   Corrigendum 2 to Document DT/12-E              a corrigendum (COR)
 *   Revision 1 to Addendum 1 to Document 23-E      an addendum, revised
 *   Addendum 1 au Document 23-F, Révision 1 du Document 23-F, Révision 1 de l'Addendum 1 au Document 23-F
 *   Addéndum 1 al Documento 23-S, Revisión 1 al Documento 23-S
 *   A/C.2/78/L.12, A/C.2/78/L.12/Rev.1, A/78/L.5/Add.1    a United Nations symbol, on its own line
 *
 * A revision of a DT or DL document is written after the symbol, "(Rev.N)"; any other
 * revision before it, "Revision N to" (the form the line was written in is kept when it is
 * issued again). The short symbol ("DL/23-E", "23(Add.1)-E", "12(Corr.2)-E" as ITU cites
 * them) names the version in file names, running heads and the metadata.
 */

export type PartKind = "addendum" | "corrigendum";

export interface SymbolLine {
  /** The document's own symbol: "DL/23-E", "23-E". */
  document: string;
  /** An addendum or corrigendum to that document. */
  part: { kind: PartKind; number: number } | null;
  /** 0 when the line carries no revision. */
  revision: number;
  /** "(Rev.2)" after the symbol, "Revision 2 to" before the line, or the UN's "/Rev.2" ending the symbol. */
  form: "suffix" | "prefix" | "slash";
}

/** How a language writes the words around a symbol; the languages without them here use English's. */
interface Words {
  revision: string;
  addendum: string;
  corrigendum: string;
  /** The word joining two parts: "to", "au"/"du"/"de l'", "al". */
  link(from: "revision" | PartKind, to: "document" | PartKind): string;
}

const WORDS: Record<string, Words> = {
  en: { revision: "Revision", addendum: "Addendum", corrigendum: "Corrigendum", link: () => "to " },
  fr: {
    revision: "Révision",
    addendum: "Addendum",
    corrigendum: "Corrigendum",
    link: (from, to) => (from !== "revision" ? "au " : to === "document" ? "du " : "de l'"),
  },
  es: { revision: "Revisión", addendum: "Addéndum", corrigendum: "Corrigéndum", link: () => "al " },
};

const wordsOf = (lang: Language): Words => WORDS[lang.code] ?? WORDS.en!;

const all = (pick: (w: Words) => string) => [...new Set(Object.values(WORDS).map(pick))].join("|");
const REVISION_PREFIX = all((w) => w.revision);
const ADDENDUM = all((w) => w.addendum);
const CORRIGENDUM = all((w) => w.corrigendum);
const LINK = String.raw`(?:to|au|du|al|del)\s+|de\s+l['’]\s*`;

/** The start of a symbol line, for the header classifier: "Document DL/23-E", "Addendum 1 to Document 23-E". */
/**
 * A United Nations symbol standing alone: "A/C.2/78/L.12", "A/RES/78/1", "E/CN.6/2024/L.3", with
 * its addendum or corrigendum ("/Add.1", "/Corr.1") and revision ("/Rev.1").
 */
const UN_SYMBOL = /^((?:A|E|S|ST|TD|UNEP|HRC|DP|ICCD|FCCC)(?:\/(?!Add\.|Corr\.|Rev\.)[A-Z0-9][A-Za-z0-9.-]*){2,7})(?:\/(Add|Corr)\.(\d{1,3}))?(?:\/Rev\.(\d{1,3}))?$/;

export const SYMBOL_LINE_START = new RegExp(
  String.raw`^(?:(?:(?:${REVISION_PREFIX}|${ADDENDUM}|${CORRIGENDUM})\s+\d{1,3}\s+(?:${LINK}))*(?:${DOCUMENT_WORDS})\s+\S+|${UN_SYMBOL.source.slice(1)})`,
  "u",
);

const LINE = new RegExp(
  String.raw`^(?:(?:${REVISION_PREFIX})\s+(\d{1,3})\s+(?:${LINK}))?(?:(${ADDENDUM}|${CORRIGENDUM})\s+(\d{1,3})\s+(?:${LINK}))?(?:${DOCUMENT_WORDS})\s+(.+?)(?:\s*\((?:${REVISION_WORDS})\s*(\d+)\))?\s*$`,
  "u",
);

/** Reads a symbol line's text; null when it is not one. */
export function readSymbolLine(text: string): SymbolLine | null {
  const un = UN_SYMBOL.exec(text.trim());
  if (un) {
    const [, document, part, partNumber, revision] = un;
    return { document: document!, part: part ? { kind: part === "Add" ? "addendum" : "corrigendum", number: Number(partNumber) } : null, revision: Number(revision ?? 0), form: "slash" };
  }
  const m = LINE.exec(text.trim());
  if (!m) return null;
  const [, prefixed, partWord, partNumber, document, suffixed] = m;
  if (prefixed && suffixed) return null;
  const kind: PartKind | null = partWord ? (new RegExp(`^(?:${ADDENDUM})$`, "u").test(partWord) ? "addendum" : "corrigendum") : null;
  return {
    document: document!,
    part: kind ? { kind, number: Number(partNumber) } : null,
    revision: Number(prefixed ?? suffixed ?? 0),
    form: prefixed || (!suffixed && !takesSuffix(document!, kind)) ? "prefix" : "suffix",
  };
}

/** Whether a revision goes after the symbol: DT and DL documents ("DL/23-E (Rev.2)"), not addenda. */
function takesSuffix(document: string, part: PartKind | null): boolean {
  return part === null && document.includes("/");
}

/** The line as issued at `revision` (0: none), in the symbol's language. */
export function writeSymbolLine(line: SymbolLine, revision: number): string {
  if (line.form === "slash") return `${line.document}${line.part ? `/${line.part.kind === "addendum" ? "Add" : "Corr"}.${line.part.number}` : ""}${revision ? `/Rev.${revision}` : ""}`;
  const lang = languageOfSymbol(line.document);
  const words = wordsOf(lang);
  const documentWords = `${lang.documentWord} ${line.document}`;
  let text = line.part ? `${words[line.part.kind]} ${line.part.number} ${words.link(line.part.kind, "document")}${documentWords}` : documentWords;
  if (revision && line.form === "suffix") return `${text} (${lang.revision}${revision})`;
  if (revision) text = `${words.revision} ${revision} ${words.link("revision", line.part?.kind ?? "document")}${text}`;
  return text;
}

const PART_ABBREVIATION: Record<PartKind, string> = { addendum: "Add.", corrigendum: "Corr." };

/** "DL/23-E", "23(Add.1)-E": the symbol as ITU cites a version, without its revision. */
export function shortSymbol(line: SymbolLine): string {
  if (line.form === "slash") return writeSymbolLine(line, 0);
  if (!line.part) return line.document;
  const part = `(${PART_ABBREVIATION[line.part.kind]}${line.part.number})`;
  const suffix = /-[A-Z]$/.exec(line.document);
  return suffix ? `${line.document.slice(0, suffix.index)}${part}${suffix[0]}` : `${line.document}${part}`;
}

/** The symbol line for a short symbol ("DL/23-E", "23(Add.1)-E"), in its usual form. */
export function symbolLineOf(symbol: string): SymbolLine {
  const un = readSymbolLine(symbol);
  if (un?.form === "slash") return un;
  const m = /^(.*?)\((Add|Corr)\.(\d{1,3})\)(-[A-Z])?$/.exec(symbol);
  if (!m) return { document: symbol, part: null, revision: 0, form: takesSuffix(symbol, null) ? "suffix" : "prefix" };
  return { document: m[1]! + (m[4] ?? ""), part: { kind: m[2] === "Add" ? "addendum" : "corrigendum", number: Number(m[3]) }, revision: 0, form: "prefix" };
}
