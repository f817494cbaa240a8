import type { Node as PMNode } from "prosemirror-model";
import { Fragment } from "prosemirror-model";
import { schema } from "../schema.ts";
import { labelRuns } from "../track/labels.ts";

/**
 * The clean text of a document: proposed deletions gone (struck text, clauses whose words
 * are all struck, and whole blocks proposed for deletion; a deleted heading takes its clause
 * group), proposed insertions as plain text, brackets kept. Where struck words went, the
 * text reads as typed: no space left at the start of a line, two spaces become one, no space
 * before punctuation. A clause that stays keeps a label: where its whole label is struck,
 * the new label written beside the old one after a renumbering (`~~c)h)~~` reads "h)",
 * `~~32~~` "2"), or the struck label itself when there is no other. Used by the `clean`
 * variants of every export.
 */
export function cleanDoc(doc: PMNode): PMNode {
  return cleanNode(withoutBlocks(doc, (block) => block.attrs.deleted !== null));
}

/**
 * Every proposal taken as accepted, block for block: struck text and blocks proposed for
 * deletion gone, insertions plain, brackets kept, and nothing else touched (labels and
 * spaces as they were), so that blocks still line up with the draft's (compare reads it).
 */
export function acceptAll(doc: PMNode): PMNode {
  return mapTextblocks(withoutBlocks(doc, (block) => block.attrs.deleted !== null), (block) => {
    const children: PMNode[] = [];
    block.forEach((child) => {
      if (!struck(child)) children.push(child.mark(schema.marks.insertion.removeFromSet(child.marks)));
    });
    return block.type.create({ ...block.attrs, inserted: null }, Fragment.fromArray(children));
  });
}

function cleanNode(node: PMNode): PMNode {
  if (node.isTextblock) return cleanBlock(node, null);
  const children: PMNode[] = [];
  let previous: string | null = null;
  node.forEach((child) => {
    if ((child.type.name === "clause" || child.type.name === "paragraph") && allStruck(child)) return;
    if (child.type.name !== "clause") {
      children.push(cleanNode(child));
      return;
    }
    const label = keptLabel(child, previous);
    const cleaned = cleanBlock(child, label);
    const current = labelRuns(cleaned).map((r) => r.text).join("").trim();
    if (current) previous = current;
    children.push(cleaned);
  });
  return node.copy(Fragment.fromArray(children));
}

const struck = (child: PMNode) => schema.marks.deletion.isInSet(child.marks) !== undefined;

/** Whether every word of a block is struck (a clause proposed for deletion word by word). */
function allStruck(block: PMNode): boolean {
  let words = false;
  let kept = false;
  block.forEach((child) => {
    if (!child.isText || !/\S/.test(child.text ?? "")) return;
    if (struck(child)) words = true;
    else kept = true;
  });
  return words && !kept;
}

/**
 * The label a clause keeps when its whole label is struck, or null when some of it is not
 * (the unstruck part is the label then). `previous` is the clean label of the clause before.
 */
function keptLabel(clause: PMNode, previous: string | null): string | null {
  const runs = labelRuns(clause);
  if (runs.length === 0 || runs.some((r) => !r.struck)) return null;
  const text = runs.map((r) => r.text).join("");
  const label = text.trim();
  if (!label) return null;
  return text.replace(label, newOfSideBySide(label, previous));
}

/**
 * The new label of an old and a new one written side by side ("c)h)" → "h)", "32" → "2",
 * "2110" → "10"), or the label itself when it is one. Numbers are split where the new one
 * follows `previous`, else where the two are closest (a renumbering moves labels by a few).
 */
export function newOfSideBySide(label: string, previous: string | null): string {
  const lettered = label.match(/\(?\p{Ll}{1,4}\)/gu);
  if (lettered && lettered.join("") === label) return lettered[lettered.length - 1]!;
  const number = /^(\d{2,8})(\.?)$/.exec(label);
  if (!number) return label;
  const digits = number[1]!;
  const dot = number[2]!;
  const splits: Array<[number, number, string]> = [];
  for (let i = 1; i < digits.length; i++) {
    const [a, b] = [digits.slice(0, i), digits.slice(i)];
    if (b.startsWith("0") || a.length > 4 || b.length > 4) continue;
    splits.push([Number(a), Number(b), b]);
  }
  if (splits.length === 0) return label;
  const after = previous !== null && /^\d+\.?$/.test(previous) ? parseInt(previous, 10) + 1 : null;
  // One label standing alone reads as itself ("12" after "11").
  if (after !== null && Number(digits) === after) return label;
  const following = splits.find(([, b]) => b === after);
  const chosen = following ?? [...splits].sort((x, y) => Math.abs(x[0] - x[1]) - Math.abs(y[0] - y[1]))[0]!;
  return chosen[2] + dot;
}

/** A text block without its struck text, insertions as plain text, and the spaces struck words left mended. */
function cleanBlock(block: PMNode, label: string | null): PMNode {
  const out: PMNode[] = [];
  let dropped = false;
  let labelDone = label === null;
  block.forEach((child) => {
    if (!labelDone && child.isText && schema.marks.label.isInSet(child.marks)) {
      labelDone = true;
      const marks = schema.marks.insertion.removeFromSet(schema.marks.deletion.removeFromSet(child.marks));
      out.push(schema.text(label!, marks));
      return;
    }
    if (!labelDone) return;
    if (struck(child)) {
      dropped = true;
      return;
    }
    const kept = child.mark(schema.marks.insertion.removeFromSet(child.marks));
    const mended = dropped && kept.isText ? mend(out, kept) : kept;
    dropped = false;
    if (mended) out.push(mended);
  });
  if (dropped) trimEnd(out);
  return block.type.create({ ...block.attrs, inserted: null }, Fragment.fromArray(out));
}

/**
 * The text after struck words, joined to what came before: struck words take the space
 * before them where two would meet or one would stand before punctuation, the space after
 * them at the start of a line, and the separator after them between two of a list.
 */
function mend(out: PMNode[], next: PMNode): PMNode | null {
  const text = next.text!;
  const last = out[out.length - 1];
  const before = last?.isText ? last.text!.slice(-1) : "";
  if (before === "" && text.startsWith(" ")) return withText(next, text.replace(/^ +/, ""));
  // "a, ~~b~~, and c": the list keeps one comma ("a, and c").
  const separator = last?.isText ? /([,;]) $/.exec(last.text!)?.[1] : undefined;
  if (separator && text.startsWith(separator)) return withText(next, text.slice(1).replace(/^ +/, ""));
  if (before === " " && /^[\s;,.:)\]]/.test(text)) trimEnd(out);
  return next;
}

function trimEnd(out: PMNode[]): void {
  const last = out[out.length - 1];
  if (!last?.isText || !last.text!.endsWith(" ")) return;
  const text = withText(last, last.text!.replace(/ +$/, ""));
  if (text) out[out.length - 1] = text;
  else out.pop();
}

const withText = (node: PMNode, text: string): PMNode | null => (text ? schema.text(text, node.marks) : null);

/** The document without the text blocks `gone` picks; a clause group goes with its heading. */
export function withoutBlocks(node: PMNode, gone: (block: PMNode) => boolean): PMNode {
  const children: PMNode[] = [];
  node.forEach((child) => {
    if (child.isTextblock ? gone(child) : child.type.name === "clause_group" && !!child.firstChild && gone(child.firstChild)) return;
    children.push(child.isTextblock ? child : withoutBlocks(child, gone));
  });
  return node.copy(Fragment.fromArray(children));
}

/** Rebuilds a document with every text block replaced by `f(block)`. */
export function mapTextblocks(node: PMNode, f: (block: PMNode) => PMNode): PMNode {
  if (node.isTextblock) return f(node);
  const children: PMNode[] = [];
  node.forEach((child) => children.push(mapTextblocks(child, f)));
  return node.copy(Fragment.fromArray(children));
}
