import type { Element } from "@xmldom/xmldom";
import { AUTHOR_CODE } from "../schema.ts";
import { attr } from "./ooxml.ts";

/**
 * Word revisions (w:ins, w:del, and a move's halves) as Plenary's changes: each author's
 * name goes to the delegation code the secretariat maps it to, or to "import" (listed in
 * the report, so the mapping can be completed and the file read again).
 */

/** A Word revision over some runs: who, when, and Word's own id. */
export interface Revision {
  kind: "insertion" | "deletion";
  /** The author's name as Word wrote it ("Jane Smith"). */
  author: string;
  /** ISO time in UTC, or null when the file has none (or one that is not a time). */
  at: string | null;
}

/** A revision element's author and time. */
export function revisionOf(el: Element, kind: Revision["kind"]): Revision {
  return { kind, author: (attr(el, "author") ?? "").trim(), at: isoTime(attr(el, "date")) };
}

/**
 * w:date as an ISO time in UTC. Word writes "2026-11-28T10:15:00Z"; a time without a
 * zone (some writers leave it out) is read as UTC, as Word itself does.
 */
export function isoTime(value: string | null): string | null {
  if (!value) return null;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  const iso = new Date(time).toISOString();
  // Word's "no date" is the year 1 or 1601; the schema takes four-digit years only.
  return iso.startsWith("-") || iso.startsWith("+") ? null : iso;
}

/**
 * Word author names to delegation codes: "Jane Smith" -> "USA". A name is found as written,
 * else regardless of case and spacing; a name not in the table is the import's.
 */
export class AuthorMap {
  private readonly exact = new Map<string, string>();
  private readonly loose = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(table: Record<string, string>) {
    for (const [name, code] of Object.entries(table)) {
      if (!AUTHOR_CODE.test(code)) throw new RangeError(`author "${name}" is mapped to "${code}", which is not a delegation code (letters, digits, _ and -, up to 32)`);
      this.exact.set(name, code);
      this.loose.set(looseName(name), code);
    }
  }

  /** The code of an author, counting the use for the report. */
  codeOf(author: string): string {
    this.counts.set(author, (this.counts.get(author) ?? 0) + 1);
    return this.mapped(author) ?? "import";
  }

  /** The code an author is mapped to, or null. */
  mapped(author: string): string | null {
    return this.exact.get(author) ?? this.loose.get(looseName(author)) ?? null;
  }

  /** Every author met, with how many revisions and comments each made and its code (null: not mapped). */
  tally(): { name: string; count: number; code: string | null }[] {
    return [...this.counts].map(([name, count]) => ({ name, count, code: this.mapped(name) }));
  }
}

function looseName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Parses `--authors "Jane Smith=USA,Pierre Martin=F"`; throws a RangeError naming a bad entry.
 * (Names hold no "=" or ",": Word author names are people's or delegations' names.)
 */
export function parseAuthorTable(list: string): Record<string, string> {
  const table: Record<string, string> = {};
  if (list.trim() === "") return table;
  for (const entry of list.split(",")) {
    const eq = entry.lastIndexOf("=");
    const name = entry.slice(0, Math.max(eq, 0)).trim();
    const code = entry.slice(eq + 1).trim();
    if (eq < 0 || !name) throw new RangeError(`author "${entry.trim()}" must be Name=CODE, e.g. Jane Smith=USA`);
    if (!AUTHOR_CODE.test(code)) throw new RangeError(`author "${name}": "${code}" is not a delegation code (letters, digits, _ and -, up to 32)`);
    if (name in table) throw new RangeError(`author "${name}" is mapped twice`);
    table[name] = code;
  }
  return table;
}
