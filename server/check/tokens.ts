import type { Mark, Node as PMNode } from "prosemirror-model";
import type { BlockInfo, MarkInfo } from "../../shared/permissions.ts";

/**
 * The draft as a flat run of tokens, the way a delegate reads a stretch of it: a clause
 * group starts, a block starts (its type and attrs), then its characters, each with its
 * marks, and line breaks. Tokens are made from the strict reading of the Yjs content
 * (shared/yjs/read.ts), so they hold every mark and attr with all its values. The check
 * compares such runs before and after an update by what they say, whatever Yjs items
 * carried them: y-prosemirror's diff rewrites items a delegate would say were untouched
 * (a split moves text into a new element, a join deletes one), so a block's Yjs
 * identity is not its identity for the rules. What an identity change could lose (a
 * concurrent change landing in the replaced element) is refused to that change's
 * sender instead (touched.ts, `lost`).
 */

/** The marks on one character, with a signature that is equal for equal mark sets. */
export interface MarkSet {
  sig: string;
  marks: MarkInfo[];
}

/**
 * One token of a stretch. `block` is the index of the block token it sits in (-1 outside a
 * block). `sig` says the token's kind and what it carries (a block's type and attrs, a
 * character's marks) but not a character's own text: tokens are the same when
 * {@link sameToken} says so.
 */
export type Token =
  | { kind: "group"; sig: string; heading: BlockInfo | null; block: -1 }
  | { kind: "block"; sig: string; info: BlockInfo; block: number }
  | { kind: "char"; sig: string; ch: string; marks: MarkSet; block: number }
  | { kind: "break"; sig: string; block: number };

/** Whether two tokens read the same: same kind, marks or attrs, and character. */
export function sameToken(x: Token, y: Token): boolean {
  return x.sig === y.sig && x.kind === y.kind && (x.kind !== "char" || x.ch === (y as typeof x).ch);
}

/** Canonical JSON: keys sorted, null and undefined properties left out, so equal values give equal text. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Each mark's info and key, worked out once: the strict reader gives one Mark object per
 * formatting value (shared/yjs/read.ts), so the two sides of every check, and the checks
 * of a whole session, share them.
 */
const INFOS = new WeakMap<Mark, MarkInfo>();
const KEYS = new WeakMap<MarkInfo, string>();

/** A mark's type and canonical attrs: equal for equal marks. */
export function markKeyOf(mark: MarkInfo): string {
  let key = KEYS.get(mark);
  if (key === undefined) KEYS.set(mark, (key = `${mark.type}${canonical(mark.attrs)}`));
  return key;
}

function infoOf(mark: Mark): MarkInfo {
  let info = INFOS.get(mark);
  if (!info) INFOS.set(mark, (info = { type: mark.type.name, attrs: mark.attrs }));
  return info;
}

/** The mark set of a text node's marks. */
export function markSet(marks: readonly Mark[]): MarkSet {
  const infos = marks.map(infoOf);
  const sig = infos.length === 0 ? "" : infos.length === 1 ? markKeyOf(infos[0]!) : infos.map(markKeyOf).sort().join("\u0001");
  return { sig, marks: infos };
}

/** The block info of a ProseMirror block. */
export function blockInfo(node: PMNode): BlockInfo {
  return { type: node.type.name, attrs: node.attrs };
}
