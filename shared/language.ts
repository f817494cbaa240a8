/**
 * The languages a draft is written in, and how each writes the lines the secretariat
 * issues: the symbol ("Document DL/23-F (Rév.2)", "Documento DL/45-S (Rev.1)"), the date
 * ("31 octobre 2014", "31 de octubre de 2014") and its "Original:" line. A version's
 * language is the letter that ends its symbol (ITU writes DL/23-E, DL/23-F, DL/23-S).
 * English, French and Spanish are read and written today; the other UN languages follow.
 */

export type LanguageCode = "en" | "fr" | "es";

export interface Language {
  code: LanguageCode;
  /** The letter ending the symbol of a version in this language ("E" in "DL/23-E"). */
  letter: string;
  /** For HTML `lang` and DOCX `w:lang`. */
  tag: string;
  /** The word before the symbol. */
  documentWord: string;
  /** The revision's abbreviation, as in "(Rév.2)". */
  revision: string;
  months: readonly string[];
  /** A date as the date line writes it. */
  date(day: number, month: number, year: number): string;
}

const LANGUAGES: readonly Language[] = [
  {
    code: "en",
    letter: "E",
    tag: "en-GB",
    documentWord: "Document",
    revision: "Rev.",
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    date(day, month, year) {
      return `${day} ${this.months[month]} ${year}`;
    },
  },
  {
    code: "fr",
    letter: "F",
    tag: "fr-FR",
    documentWord: "Document",
    revision: "Rév.",
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    date(day, month, year) {
      return `${day === 1 ? "1er" : day} ${this.months[month]} ${year}`;
    },
  },
  {
    code: "es",
    letter: "S",
    tag: "es-ES",
    documentWord: "Documento",
    revision: "Rev.",
    months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    date(day, month, year) {
      return `${day} de ${this.months[month]} de ${year}`;
    },
  },
];

export const ENGLISH = LANGUAGES[0]!;

export function language(code: LanguageCode): Language {
  return LANGUAGES.find((l) => l.code === code)!;
}

/** The language of a symbol ("DL/23-F" is French); English when its letter says none. */
export function languageOfSymbol(symbol: string | null): Language {
  const letter = symbol ? /-([A-Z])(?:\b|$)/.exec(symbol.trim())?.[1] : undefined;
  return LANGUAGES.find((l) => l.letter === letter) ?? ENGLISH;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alternatives = (words: Iterable<string>) => [...new Set(words)].map(escape).join("|");

/** "Document", "Documento": the words that open a symbol line. */
export const DOCUMENT_WORDS = alternatives(LANGUAGES.map((l) => l.documentWord));
/** "Rev.", "Rév.": the revision abbreviations. */
export const REVISION_WORDS = alternatives(LANGUAGES.map((l) => l.revision));

/**
 * A date line in any of the languages: "31 October 2014", "October 31, 2014",
 * "1er novembre 2014", "31 de octubre de 2014".
 */
export const DATE_LINE = new RegExp(
  `^(?:\\d{1,2}(?:er)?\\s+(?:de\\s+)?(?:${alternatives(LANGUAGES.flatMap((l) => l.months))})\\s+(?:de\\s+)?\\d{4}|(?:${alternatives(ENGLISH.months)})\\s+\\d{1,2},\\s+\\d{4})$`,
  "iu",
);

/** The day, month (0–11) and year of a date line in any of the languages; null when it is none. */
export function readDateLine(text: string): { day: number; month: number; year: number } | null {
  const match = /^(\d{1,2})(?:er)?\s+(?:de\s+)?(\p{L}+)\s+(?:de\s+)?(\d{4})$/u.exec(text.trim());
  if (!match) return null;
  const name = match[2]!.toLowerCase();
  for (const l of LANGUAGES) {
    const month = l.months.findIndex((m) => m.toLowerCase() === name);
    if (month >= 0) return { day: Number(match[1]), month, year: Number(match[3]) };
  }
  return null;
}
