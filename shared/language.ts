/**
 * The languages a draft is written in, and how each writes the lines the secretariat
 * issues: the symbol ("Document DL/23-F (Rév.2)", "Документ DL/23-R (Пересм. 2)"), the date
 * ("31 octobre 2014", "3 ноября 2014 года", "2014年11月3日", "3 نوفمبر 2014") and its
 * "Original:" line. A version's language is the letter that ends its symbol (ITU writes
 * DL/23-E, -F, -S, -A for Arabic, -C for Chinese, -R for Russian). All six UN languages
 * are read and written; Arabic is right to left.
 */

export type LanguageCode = "en" | "fr" | "es" | "ar" | "zh" | "ru";

export interface Language {
  code: LanguageCode;
  /** The letter ending the symbol of a version in this language ("E" in "DL/23-E"). */
  letter: string;
  /** For HTML `lang` and DOCX `w:lang`. */
  tag: string;
  /** The script's direction: "rtl" for Arabic (HTML `dir`, DOCX `w:bidi`). */
  dir: "ltr" | "rtl";
  /** The word before the symbol. */
  documentWord: string;
  /** The revision's abbreviation, as in "(Rév.2)"; a trailing space where the number stands apart ("(Пересм. 2)"). */
  revision: string;
  /** The word the "Original:" line opens with ("Original", "Оригинал", "原文", "الأصل"). */
  originalWord: string;
  months: readonly string[];
  /** A date as the date line writes it. */
  date(day: number, month: number, year: number): string;
}

// Arabic, Chinese and Russian as ITU's own documents write them: PP-14 and Council headers read
// "الوثيقة ..-A" / "4 سبتمبر 2014" / "الأصل: بالإنكليزية", "文件 45-C" / "2014年6月16日" / "原文：英文",
// "Документ ..-R" / "16 июня 2014 года" / "Оригинал: английский"; revisions as ITU abbreviates them in
// the resolutions' titles ("Пересм.", "修订版") and Arabic's "المراجعة" (its "المراجعة 2 للوثيقة ..-A").
const LANGUAGES: readonly Language[] = [
  {
    code: "en",
    letter: "E",
    tag: "en-GB",
    dir: "ltr",
    documentWord: "Document",
    revision: "Rev.",
    originalWord: "Original",
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    date(day, month, year) {
      return `${day} ${this.months[month]} ${year}`;
    },
  },
  {
    code: "fr",
    letter: "F",
    tag: "fr-FR",
    dir: "ltr",
    documentWord: "Document",
    revision: "Rév.",
    originalWord: "Original",
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    date(day, month, year) {
      return `${day === 1 ? "1er" : day} ${this.months[month]} ${year}`;
    },
  },
  {
    code: "es",
    letter: "S",
    tag: "es-ES",
    dir: "ltr",
    documentWord: "Documento",
    revision: "Rev.",
    originalWord: "Original",
    months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    date(day, month, year) {
      return `${day} de ${this.months[month]} de ${year}`;
    },
  },
  {
    code: "ar",
    letter: "A",
    tag: "ar",
    dir: "rtl",
    documentWord: "الوثيقة",
    revision: "المراجعة ",
    originalWord: "الأصل",
    months: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    date(day, month, year) {
      return `${day} ${this.months[month]} ${year}`;
    },
  },
  {
    code: "zh",
    letter: "C",
    tag: "zh-CN",
    dir: "ltr",
    documentWord: "文件",
    revision: "修订版",
    originalWord: "原文",
    months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    date(day, month, year) {
      return `${year}年${this.months[month]}${day}日`;
    },
  },
  {
    code: "ru",
    letter: "R",
    tag: "ru-RU",
    dir: "ltr",
    documentWord: "Документ",
    revision: "Пересм. ",
    originalWord: "Оригинал",
    months: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    date(day, month, year) {
      return `${day} ${this.months[month]} ${year} года`;
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

/** "Document", "Documento", "Документ", "文件", "الوثيقة": the words that open a symbol line. */
export const DOCUMENT_WORDS = alternatives(LANGUAGES.map((l) => l.documentWord));
/** "Rev.", "Rév.", "Пересм.", "修订版", "المراجعة": the revision abbreviations (the number may follow a space). */
export const REVISION_WORDS = alternatives(LANGUAGES.map((l) => l.revision.trim()));

/** The opening of an "Original:" line in any of the languages, up to its language: "Original: ", "Original : ", "原文：". */
export const ORIGINAL_LINE = new RegExp(`^(?:${alternatives(LANGUAGES.map((l) => l.originalWord))})\\s?[:：]\\s*`, "u");

// "31 October 2014", "1er novembre 2014", "31 de octubre de 2014", "3 ноября 2014 года" (or "г."), "3 نوفمبر 2014".
const DAY_MONTH_YEAR = /^(\d{1,2})(?:er)?\s+(?:de\s+)?(\p{L}+)\s+(?:de\s+)?(\d{4})(?:\s+(?:года|г\.))?$/u;
// "2014年11月3日".
const YEAR_MONTH_DAY = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u;
// "October 31, 2014".
const MONTH_DAY_YEAR = new RegExp(`^(?:${alternatives(ENGLISH.months)})\\s+\\d{1,2},\\s+\\d{4}$`, "iu");

/** The day, month (0–11) and year of a date line in any of the languages; null when it is none. */
export function readDateLine(text: string): { day: number; month: number; year: number } | null {
  const trimmed = text.trim();
  const ymd = YEAR_MONTH_DAY.exec(trimmed);
  if (ymd) {
    const month = Number(ymd[2]) - 1;
    return month >= 0 && month < 12 ? { day: Number(ymd[3]), month, year: Number(ymd[1]) } : null;
  }
  const match = DAY_MONTH_YEAR.exec(trimmed);
  if (!match) return null;
  const name = match[2]!.toLowerCase();
  for (const l of LANGUAGES) {
    const month = l.months.findIndex((m) => m.toLowerCase() === name);
    if (month >= 0) return { day: Number(match[1]), month, year: Number(match[3]) };
  }
  return null;
}

/**
 * A date line in any of the languages: "31 October 2014", "October 31, 2014",
 * "1er novembre 2014", "31 de octubre de 2014", "3 ноября 2014 года", "2014年11月3日", "3 نوفمبر 2014".
 */
export const DATE_LINE = {
  test: (text: string): boolean => text === text.trim() && (readDateLine(text) !== null || MONTH_DAY_YEAR.test(text)),
};
