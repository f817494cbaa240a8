import type { Mark, Node as PMNode } from "prosemirror-model";
import type { EditorState, Transaction } from "prosemirror-state";
import { schema } from "../schema.ts";
import type { Author } from "./author.ts";
import { ATTRIBUTED } from "./decide.ts";
import { newChangeId } from "./ids.ts";
import { currentLabel, labelRuns } from "./labels.ts";

/**
 * Renumbering a clause group once the text settles: labels become a), b), c) ...
 * (preamble) or 1, 2, 3 ... (operative) in order. A changed label is a tracked change,
 * as the reference document shows it: the old label struck, the new one inserted right
 * after it ("~~3~~2"); a struck label that already reads the new one is restored; the text's
 * references to a relabelled clause ("resolves 3 above") are changed the same way.
 */

/** One label to change: the clause's position, its current label and the new one. */
export interface Relabel {
  pos: number;
  from: string;
  to: string;
}

/**
 * The labels a renumbering of the group at `groupPos` would change, in document order.
 * Counted: every clause but those whose block is proposed for deletion, those whose words
 * are all struck, and, in the operative part, sub-paragraphs ("i)", "(a)"), left as they are.
 * The style follows the group's first counted label: "(a)" or "a)", "1." or "1".
 */
export function labelsToRenumber(doc: PMNode, groupPos: number): Relabel[] {
  const { node, pos } = groupAt(doc, groupPos);
  // An annex numbers its sections itself (1, 1.1, 1.1.1, A.): not a list of calls' clauses.
  if (node.firstChild?.attrs.part === "annex") return [];
  const operative = node.firstChild?.attrs.part === "operative";
  const counted: Array<{ clause: PMNode; pos: number }> = [];
  node.forEach((child, offset) => {
    if (isCounted(child, operative)) counted.push({ clause: child, pos: pos + 1 + offset });
  });
  const style = labelStyle(counted.map((c) => currentLabel(c.clause)).find((l) => l !== "") ?? "", operative);
  return counted
    .map((c, i) => ({ pos: c.pos, from: currentLabel(c.clause), to: style(i) }))
    .filter((r) => r.from !== r.to);
}

/**
 * Renumbers the clause group at `groupPos` (the group's position or any position in it) as
 * `author`: each changed label is struck (an own insertion is removed instead) and the new
 * one inserted after it with the insertion and label marks. Null when every label is already
 * right. The ATTRIBUTED meta is set: the transaction is already tracked and must not be again.
 */
export function renumberGroup(state: EditorState, groupPos: number, author: Author): Transaction | null {
  const plan = labelsToRenumber(state.doc, groupPos);
  if (plan.length === 0) return null;
  const tr = state.tr;
  const references = crossReferences(state.doc, groupPos, plan);
  for (const relabel of [...plan].reverse()) relabelClause(tr, state.doc, relabel, author);
  // References in the text ("in line with resolves 5 above") follow, as tracked changes too.
  for (const ref of references.reverse()) {
    const from = tr.mapping.map(ref.from, 1);
    const to = tr.mapping.map(ref.to, -1);
    const marks = tr.doc.nodeAt(from)?.marks ?? [];
    const insertion = schema.marks.insertion.create({ id: newChangeId("i"), by: author.by, at: author.at });
    tr.insert(to, schema.text(ref.label, [insertion, ...marks.filter((m) => ["strong", "em", "bracket"].includes(m.type.name))]));
    tr.addMark(from, to, schema.marks.deletion.create({ id: newChangeId("d"), by: author.by, at: author.at }));
  }
  return tr.setMeta(ATTRIBUTED, true);
}

/**
 * Where the text refers to a clause being relabelled, by its group's heading and its old label
 * ("resolves 5", "recognizing c)"), in text nobody proposed to strike: the label's place there
 * and the new label. Found anywhere in the draft; the heading must stand as written.
 */
export function crossReferences(doc: PMNode, groupPos: number, plan: readonly Relabel[]): { from: number; to: number; label: string }[] {
  const { node } = groupAt(doc, groupPos);
  const heading = node.firstChild?.textContent.trim() ?? "";
  const relabelled = new Map(plan.filter((r) => r.from !== "").map((r) => [r.from, r.to]));
  if (!heading || relabelled.size === 0) return [];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // A label as text cites it: "3", "1bis", "c)", "(c)"; several after one heading: "resolves 1, 3 and 5".
  const token = String.raw`\(?(?:\d+[a-z]*|[a-z]{1,3}\))\)?`;
  const pattern = new RegExp(String.raw`\b${escape(heading)}\s+(${token}(?:(?:\s*,\s*|\s+and\s+)${token})*)(?!\w)`, "g");
  const tokens = new RegExp(token, "g");
  const found: { from: number; to: number; label: string }[] = [];
  doc.descendants((block, pos) => {
    if (!block.isTextblock) return true;
    // The block's text and where each character stands, struck text left out.
    let text = "";
    const at: number[] = [];
    block.forEach((child, offset) => {
      if (!child.isText || child.marks.some((m) => m.type.name === "deletion" || m.type.name === "label")) {
        text += "\u0000";
        at.push(-1);
        return;
      }
      for (let i = 0; i < child.text!.length; i++) at.push(pos + 1 + offset + i);
      text += child.text;
    });
    for (const match of text.matchAll(pattern)) {
      const listStart = match.index! + match[0].length - match[1]!.length;
      for (const cited of match[1]!.matchAll(tokens)) {
        const label = relabelled.get(cited[0]);
        if (label === undefined) continue;
        const start = listStart + cited.index!;
        const from = at[start]!;
        const end = at[start + cited[0].length - 1]!;
        if (from >= 0 && end >= from) found.push({ from, to: end + 1, label });
      }
    }
    return false;
  });
  return found;
}

/** The clause group at `pos`: the group starting there or the one containing it. */
function groupAt(doc: PMNode, pos: number): { node: PMNode; pos: number } {
  if (pos < 0 || pos > doc.content.size) throw new RangeError(`position ${pos} is outside the document (size ${doc.content.size})`);
  const node = doc.nodeAt(pos);
  if (node?.type.name === "clause_group") return { node, pos };
  const $pos = doc.resolve(pos);
  for (let depth = $pos.depth; depth > 0; depth--) {
    if ($pos.node(depth).type.name === "clause_group") return { node: $pos.node(depth), pos: $pos.before(depth) };
  }
  throw new RangeError(`no clause group at position ${pos}`);
}

function isCounted(block: PMNode, operative: boolean): boolean {
  if (block.type.name !== "clause" || block.attrs.deleted) return false;
  if (whollyStruck(block)) return false;
  return !(operative && /^\(?[a-z]+\)$/.test(currentLabel(block)));
}

/** Whether all the words of a clause are struck ("~~4~~ ~~to report;~~": the space between does not count). */
function whollyStruck(block: PMNode): boolean {
  if (block.textContent.trim() === "") return false;
  let struck = true;
  block.forEach((child) => {
    const blank = child.isText && child.text!.trim() === "";
    if (!blank && !child.marks.some((m) => m.type.name === "deletion")) struck = false;
  });
  return struck;
}

/** The label of the i-th counted clause, in the style of `sample`. */
function labelStyle(sample: string, operative: boolean): (i: number) => string {
  if (operative) return sample.endsWith(".") ? (i) => `${i + 1}.` : (i) => `${i + 1}`;
  return sample.startsWith("(") ? (i) => `(${letters(i)})` : (i) => `${letters(i)})`;
}

/** a, b, ... z, aa, ab, ... */
function letters(i: number): string {
  let out = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(97 + ((n - 1) % 26)) + out;
  return out;
}

/**
 * Strikes (or removes, when the author's own) the clause's current label and inserts the new one
 * after it; where the clause's only label is struck and reads the new one already ("~~8~~" to
 * become 8), the strike is taken off instead ("~~8~~8" would be a change that changes nothing).
 */
function relabelClause(tr: Transaction, doc: PMNode, relabel: Relabel, author: Author): void {
  const clause = doc.nodeAt(relabel.pos)!;
  const start = relabel.pos + 1;
  const runs = labelRuns(clause);
  if (relabel.from === "" && runs.length > 0 && runs.map((r) => r.text).join("").trim() === relabel.to) {
    for (const run of runs) tr.removeMark(start + run.from, start + run.to, schema.marks.deletion);
    return;
  }
  const end = start + (runs.at(-1)?.to ?? 0);
  const carried = carriedMarks(doc, end, start);
  const insertion = schema.marks.insertion.create({ id: newChangeId("i"), by: author.by, at: author.at });
  const marks = [schema.marks.label.create(), insertion, ...carried];
  const needsSpace = runs.length === 0 && !/^\s/.test(clause.textContent);
  if (needsSpace) tr.insert(end, schema.text(" ", [insertion, ...carried]));
  tr.insert(end, schema.text(relabel.to, marks));
  const deletion = schema.marks.deletion.create({ id: newChangeId("d"), by: author.by, at: author.at });
  for (const run of [...runs].reverse()) {
    if (run.struck) continue;
    if (run.insertedBy === author.by) tr.delete(start + run.from, start + run.to);
    else tr.addMark(start + run.from, start + run.to, deletion);
  }
}

/** Brackets and emphasis around the insertion point (on both sides of it), kept on the new label. */
function carriedMarks(doc: PMNode, pos: number, blockStart: number): Mark[] {
  const $pos = doc.resolve(pos);
  const before = pos > blockStart ? ($pos.nodeBefore?.marks ?? []) : [];
  const after = $pos.nodeAfter?.marks ?? [];
  return before.filter((m) => ["bracket", "strong", "em"].includes(m.type.name) && m.isInSet(after));
}
