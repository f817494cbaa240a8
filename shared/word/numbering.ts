import type { Document, Element } from "@xmldom/xmldom";
import { attr, child, childrenW, rootOf } from "./ooxml.ts";

/**
 * Word's automatic numbering (word/numbering.xml): a numbered paragraph's label is not in
 * its text but counted by Word from the list definition. The importer writes it out as the
 * text a DL clause starts with ("a)", "1", "ii)"), and a bulleted paragraph as a list item.
 */

interface Level {
  format: string;
  /** "%1)", "%1.%2." */
  text: string;
  start: number;
}

/** What a numbered paragraph starts with: its label, a bullet (a DL list item), or nothing Word would show. */
export type NumberingLabel = { kind: "label"; text: string } | { kind: "bullet" } | { kind: "unknown"; format: string } | null;

export class Numbering {
  private readonly levels = new Map<string, Level[]>();
  /** Counters per list (w:numId), one per level. */
  private readonly counters = new Map<string, number[]>();

  constructor(part: Document | null) {
    if (!part) return;
    const root = rootOf(part);
    const abstract = new Map<string, Level[]>();
    for (const el of childrenW(root, "abstractNum")) abstract.set(attr(el, "abstractNumId") ?? "", readLevels(el));
    for (const num of childrenW(root, "num")) {
      const levels = [...(abstract.get(attr(child(num, "abstractNumId"), "val") ?? "") ?? [])];
      for (const override of childrenW(num, "lvlOverride")) {
        const level = Number(attr(override, "ilvl") ?? 0);
        const start = attr(child(override, "startOverride"), "val");
        if (levels[level] && start !== null) levels[level] = { ...levels[level], start: Number(start) };
      }
      this.levels.set(attr(num, "numId") ?? "", levels);
    }
  }

  /** The label of the next paragraph of list `numId` at `level`, counting it. */
  next(numId: string, level: number): NumberingLabel {
    const levels = this.levels.get(numId);
    const def = levels?.[level];
    if (!levels || !def) return null;
    if (def.format === "bullet") return { kind: "bullet" };
    if (def.format === "none") return null;
    const counts = this.counters.get(numId) ?? levels.map((l) => l.start - 1);
    counts[level] = (counts[level] ?? def.start - 1) + 1;
    for (let deeper = level + 1; deeper < counts.length; deeper++) counts[deeper] = (levels[deeper]?.start ?? 1) - 1;
    this.counters.set(numId, counts);
    let unknown: string | null = null;
    const text = def.text.replace(/%(\d)/g, (_, n: string) => {
      const i = Number(n) - 1;
      const formatted = formatNumber(Math.max(counts[i] ?? 1, levels[i]?.start ?? 1), levels[i]?.format ?? "decimal");
      if (formatted === null) unknown = levels[i]?.format ?? "";
      return formatted ?? "";
    });
    return unknown !== null ? { kind: "unknown", format: unknown } : { kind: "label", text: text.trim() };
  }
}

function readLevels(abstractNum: Element): Level[] {
  const levels: Level[] = [];
  for (const lvl of childrenW(abstractNum, "lvl")) {
    levels[Number(attr(lvl, "ilvl") ?? 0)] = {
      format: attr(child(lvl, "numFmt"), "val") ?? "decimal",
      text: attr(child(lvl, "lvlText"), "val") ?? "",
      start: Number(attr(child(lvl, "start"), "val") ?? 1),
    };
  }
  return levels;
}

/** A count in a list format; null for a format not written here (ordinals in words, Chinese counting ...). */
export function formatNumber(n: number, format: string): string | null {
  switch (format) {
    case "decimal":
      return String(n);
    case "decimalZero":
      return String(n).padStart(2, "0");
    case "lowerLetter":
      return letters(n);
    case "upperLetter":
      return letters(n).toUpperCase();
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperRoman":
      return roman(n);
    default:
      return null;
  }
}

/** a ... z, then aa, bb (Word repeats the letter). */
function letters(n: number): string {
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const numerals: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, numeral] of numerals) while (n >= value) (out += numeral), (n -= value);
  return out;
}
