import { Fragment } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { acceptAll, withoutBlocks } from "../dl/clean.ts";
import { schema } from "../schema.ts";
import type { ChangeAttrs } from "../schema.ts";
import { align } from "./align.ts";
import type { AlignStep } from "./align.ts";
import { Marker } from "./marker.ts";
import type { Decision } from "../track/decision.ts";
import { keptContent, mergeBlock } from "./words.ts";

/**
 * The differences between two versions of a draft (two revisions, or a revision and
 * the live text) as a document whose insertions and deletions are tracked changes,
 * ready for the same exporters as any draft. What is compared is each version's
 * current text (its own proposed deletions left out, its proposed insertions in):
 * blocks are aligned first (clause groups by their heading, then their clauses), then
 * a changed block is compared word by word. Who made a difference comes from the
 * newer version: the delegation whose insertion (or proposed deletion) it is, else the
 * secretariat, which issued the revision.
 */
export interface CompareOptions {
  /** The time the differences are dated: the newer revision's issue time, or now. */
  at: string | null;
  /** The chair's decisions between the two versions: who proposed what the chair accepted, who removed what (marker.ts). */
  decisions?: readonly Decision[];
  /** Filled with the changes a decision made, by id: "accepted by the chair" (for the exports' hover titles and notes). */
  decided?: Map<string, string>;
}

/** Blocks that still read alike at this share of their words count as one block changed. */
const SIMILAR = 0.4;

/** Blocks of the body, of which a draft has many; the header lines are one of each kind. */
const BODY_TYPES = new Set(["clause", "paragraph", "footnote", "table_row", "group_heading", "clause_group"]);

interface Context {
  marker: Marker;
  /** Who proposed deleting a whole block of the newer version, by its text. */
  blockDeletions: Map<string, ChangeAttrs>;
}

/** The comparison of `older` with `newer`, as a document. */
export function compareDocuments(older: PMNode, newer: PMNode, options: CompareOptions): PMNode {
  const ctx: Context = { marker: new Marker(options.at, options.decisions), blockDeletions: new Map() };
  const decided = ctx.marker.decided;
  newer.descendants((node) => {
    if (node.isTextblock && node.attrs.deleted) ctx.blockDeletions.set(wholeKeyOf(node), node.attrs.deleted as ChangeAttrs);
    return !node.isTextblock;
  });
  const before = acceptAll(older);
  const after = withoutBlocks(newer, (block) => block.attrs.deleted !== null);
  const children = compareChildren(childrenOf(before), childrenOf(after), ctx);
  // The document holds its header blocks before its clause groups.
  const ordered = [...children.filter((c) => c.type !== schema.nodes.clause_group), ...children.filter((c) => c.type === schema.nodes.clause_group)];
  for (const [id, how] of decided) options.decided?.set(id, how);
  return newer.type.create(newer.attrs, Fragment.fromArray(ordered));
}

function childrenOf(node: PMNode): PMNode[] {
  const children: PMNode[] = [];
  node.forEach((child) => children.push(child));
  return children;
}

/** The current text of a block as a key: type and text; a clause group by its heading. */
function keyOf(node: PMNode): string {
  if (node.type === schema.nodes.clause_group) return `group\u0000${node.firstChild ? keyOf(node.firstChild) : ""}`;
  return `${node.type.name}\u0000${keptContent(node).map((c) => c.text ?? "\n").join("").trim()}`;
}

/** A block's whole text, struck or not, as a key. */
function wholeKeyOf(node: PMNode): string {
  return `${node.type.name}\u0000${node.textContent.trim()}`;
}

/** Aligns two lists of sibling nodes; unmatched stretches are paired where alike, the rest added or deleted whole. */
function compareChildren(before: PMNode[], after: PMNode[], ctx: Context): PMNode[] {
  const out: PMNode[] = [];
  let gone: number[] = [];
  let come: number[] = [];
  const flush = () => {
    out.push(...compareStretch(gone.map((i) => before[i]), come.map((j) => after[j]), ctx));
    gone = [];
    come = [];
  };
  for (const step of align(before, after, keyOf) as AlignStep[]) {
    if (step.kind === "del") gone.push(step.a);
    else if (step.kind === "ins") come.push(step.b);
    else {
      flush();
      const node = after[step.b];
      out.push(node.type === schema.nodes.clause_group ? compareGroups(before[step.a], node, ctx) : unmarked(node));
    }
  }
  flush();
  return out;
}

/** A stretch of blocks that went and blocks that came: alike ones compared, the others deleted or added whole. */
function compareStretch(gone: PMNode[], come: PMNode[], ctx: Context): PMNode[] {
  const out: PMNode[] = [];
  let next = 0;
  for (const node of come) {
    // One block gone and one come in its place, of one kind, or a header line (there is one of each): that block changed, however much.
    const alone = (gone.length === 1 && come.length === 1) || !BODY_TYPES.has(node.type.name);
    const match = gone.findIndex((old, i) => i >= next && old.type === node.type && (alone || similarity(old, node) >= SIMILAR));
    if (match < 0) {
      out.push(added(node, ctx));
      continue;
    }
    for (; next < match; next++) out.push(removed(gone[next], ctx));
    next = match + 1;
    out.push(node.type === schema.nodes.clause_group ? compareGroups(gone[match], node, ctx) : mergeBlock(gone[match], node, ctx.marker));
  }
  for (; next < gone.length; next++) out.push(removed(gone[next], ctx));
  return out;
}

/** Two clause groups: the headings compared, then the clauses. */
function compareGroups(older: PMNode, newer: PMNode, ctx: Context): PMNode {
  const [oldHeading, ...oldRest] = childrenOf(older);
  const [newHeading, ...newRest] = childrenOf(newer);
  const heading = keyOf(oldHeading) === keyOf(newHeading) ? unmarked(newHeading) : mergeBlock(oldHeading, newHeading, ctx.marker);
  return newer.type.create(newer.attrs, Fragment.fromArray([heading, ...compareChildren(oldRest, newRest, ctx)]));
}

/** Share of words two blocks have in common (Dice coefficient over their words). */
function similarity(a: PMNode, b: PMNode): number {
  const words = (n: PMNode) => n.textContent.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const x = words(a);
  const y = new Map<string, number>();
  for (const w of words(b)) y.set(w, (y.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of x) {
    const n = y.get(w) ?? 0;
    if (n > 0) {
      common++;
      y.set(w, n - 1);
    }
  }
  const total = x.length + words(b).length;
  return total === 0 ? 1 : (2 * common) / total;
}

/** A node of the newer version unchanged: its own tracked changes are not differences. */
function unmarked(node: PMNode): PMNode {
  if (node.isTextblock) {
    const content = keptContent(node).map((c) => c.mark(c.marks.filter((m) => m.type !== schema.marks.insertion)));
    return node.type.create({ ...node.attrs, inserted: null, deleted: null }, Fragment.fromArray(content), node.marks);
  }
  return node.type.create(node.attrs, Fragment.fromArray(childrenOf(node).map(unmarked)), node.marks);
}

/** A block (or clause group) of the newer version only: added whole, by whoever proposed it. */
function added(node: PMNode, ctx: Context): PMNode {
  if (!node.isTextblock) return node.type.create(node.attrs, Fragment.fromArray(childrenOf(node).map((c) => added(c, ctx))), node.marks);
  ctx.marker.breakRun();
  const content = keptContent(node).map((part) => ctx.marker.inserted(part));
  const own = node.attrs.inserted as ChangeAttrs | null;
  const first = content.map((c) => schema.marks.insertion.isInSet(c.marks)).find(Boolean);
  const change = own ?? (first ? (first.attrs as ChangeAttrs) : ctx.marker.change("ins", Marker.REVISION));
  ctx.marker.breakRun();
  return node.type.create({ ...node.attrs, inserted: { id: `x${change.id}`, by: change.by, at: change.at }, deleted: null }, Fragment.fromArray(content), node.marks);
}

/** A block (or clause group) of the older version only: deleted whole, by whoever proposed it. */
function removed(node: PMNode, ctx: Context): PMNode {
  if (!node.isTextblock) return node.type.create(node.attrs, Fragment.fromArray(childrenOf(node).map((c) => removed(c, ctx))), node.marks);
  ctx.marker.breakRun();
  const proposed = ctx.blockDeletions.get(wholeKeyOf(node));
  const content = keptContent(node).map((part) => ctx.marker.deleted(part, proposed?.by ?? null));
  const change = ctx.marker.change("del", proposed?.by ?? Marker.REVISION);
  ctx.marker.breakRun();
  return node.type.create({ ...node.attrs, inserted: null, deleted: { id: `x${change.id}`, by: change.by, at: change.at } }, Fragment.fromArray(content), node.marks);
}
