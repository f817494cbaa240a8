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
