import { documentDate } from "../meta.ts";

/**
 * Dates as the exports need them: a change's time as an OOXML `w:date`
 * (xsd:dateTime, whole seconds, UTC) and the document's date line
 * ("31 October 2014") as the time of changes that carry none.
 */

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "2026-11-28T10:15:00Z" for an ISO time; null for null or a time that does not parse. */
export function revisionTime(at: string | null): string | null {
  if (at === null) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The ISO time (midnight UTC) of a date line such as "31 October 2014"; null when it is not one. */
export function timeOfDateLine(text: string | null): string | null {
  const match = text ? /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(text.trim()) : null;
  if (!match) return text && /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? revisionTime(text.trim()) : null;
  const month = MONTHS.indexOf(match[2].toLowerCase());
  if (month < 0) return null;
  return new Date(Date.UTC(Number(match[3]), month, Number(match[1]))).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A revision's date for the date line: ISO dates ("2026-11-28") become "28 November 2026", others stay as written. */
export function dateLineOf(date: string): string {
  const trimmed = date.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return documentDate(new Date(Date.parse(trimmed)));
  return trimmed;
}
