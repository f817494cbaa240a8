import { documentDate } from "../meta.ts";
import { readDateLine } from "../language.ts";
import type { Language } from "../language.ts";

/**
 * Dates as the exports need them: a change's time as an OOXML `w:date`
 * (xsd:dateTime, whole seconds, UTC) and the document's date line
 * ("31 October 2014") as the time of changes that carry none.
 */

/** "2026-11-28T10:15:00Z" for an ISO time; null for null or a time that does not parse. */
export function revisionTime(at: string | null): string | null {
  if (at === null) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The ISO time (midnight UTC) of a date line such as "31 October 2014" or "31 octobre 2014"; null when it is not one. */
export function timeOfDateLine(text: string | null): string | null {
  const date = text ? readDateLine(text) : null;
  if (!date) return text && /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? revisionTime(text.trim()) : null;
  return new Date(Date.UTC(date.year, date.month, date.day)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A revision's date for the date line: ISO dates ("2026-11-28") become "28 November 2026" in `lang`, others stay as written. */
export function dateLineOf(date: string, lang?: Language): string {
  const trimmed = date.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return documentDate(new Date(Date.parse(trimmed)), lang);
  return trimmed;
}
