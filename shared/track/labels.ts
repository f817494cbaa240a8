import type { Node as PMNode } from "prosemirror-model";

/**
 * A clause's label as the room reads it. The label is the leading text under the
 * `label` mark ("a)", "1bis", "~~3~~2"); the part under a deletion mark is the old
 * label, the rest the current one.
 */

/** One run of label text: its offsets inside the clause's content and whether it is struck. */
export interface LabelRun {
  from: number;
  to: number;
  text: string;
  struck: boolean;
  /** Under an insertion mark by this author, or null. */
  insertedBy: string | null;
}

/** The leading runs of a clause's content that carry the label mark (empty when it has no label). */
export function labelRuns(clause: PMNode): LabelRun[] {
  const runs: LabelRun[] = [];
  let offset = 0;
  for (let i = 0; i < clause.childCount; i++) {
    const child = clause.child(i);
    if (!child.isText || !child.marks.some((m) => m.type.name === "label")) break;
    const insertion = child.marks.find((m) => m.type.name === "insertion");
    runs.push({
      from: offset,
      to: offset + child.nodeSize,
      text: child.text ?? "",
      struck: child.marks.some((m) => m.type.name === "deletion"),
      insertedBy: insertion ? (insertion.attrs.by as string) : null,
    });
    offset += child.nodeSize;
  }
  return runs;
}

/** The current label: label text not under a deletion mark ("2" for "~~3~~2"; "" when all of it is struck). */
export function currentLabel(clause: PMNode): string {
  return labelRuns(clause)
    .filter((r) => !r.struck)
    .map((r) => r.text)
    .join("")
    .trim();
}

/** The label to show a reader: the current label, or the struck one when nothing else is left. */
export function displayLabel(clause: PMNode): string {
  const current = currentLabel(clause);
  if (current) return current;
  return labelRuns(clause)
    .map((r) => r.text)
    .join("")
    .trim();
}

/** The Latin ordinal suffixes ITU gives clauses inserted between two others ("1bis", "1ter"). */
const SUFFIXES = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"];

/**
 * The label a new clause gets at once, as a secretariat would write it: the next one in the
 * group's style after the last labelled clause ("4" after "3", "e)" after "d)", "(e)" after
 * "(d)"), or, where labelled clauses follow, the one before it with "bis" (then "ter",
 * "quater" ...: "1bis", "c bis)"). Null when it cannot tell (no labelled clause before it).
 * `before` and `after` are the current labels of the labelled clauses of its group before and
 * after it, in order.
 */
export function labelForNewClause(before: readonly string[], after: readonly string[]): string | null {
  const previous = before.at(-1);
  if (!previous) return null;
  const match = /^(\(?)([a-z]+|\d+)(?:\s?(bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?(\)|\.)?$/.exec(previous);
  if (!match) return null;
  const [, open = "", base = "", suffix, close = ""] = match;
  if (after.length === 0 && !suffix) {
    const next = /^\d+$/.test(base) ? String(Number(base) + 1) : nextLetters(base);
    return `${open}${next}${close}`;
  }
  const nextSuffix = SUFFIXES[suffix ? SUFFIXES.indexOf(suffix) + 1 : 0];
  if (!nextSuffix) return null;
  // Numbers take the suffix straight after ("1bis"), letters after a space ("c bis)").
  return /^\d+$/.test(base) ? `${open}${base}${nextSuffix}${close}` : `${open}${base} ${nextSuffix}${close}`;
}

/** "a" → "b", "z" → "aa". */
function nextLetters(letters: string): string {
  const chars = [...letters];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== "z") {
      chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
      return chars.join("");
    }
    chars[i] = "a";
  }
  return `a${chars.join("")}`;
}
