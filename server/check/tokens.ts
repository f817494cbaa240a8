import type { BlockInfo, MarkInfo } from "../../shared/permissions.ts";

/**
 * The draft as a flat run of tokens, the way a delegate reads a stretch of it: a block
 * starts (its type and attrs), then its characters, each with its marks. The check
 * compares such runs before and after an update, whatever Yjs items carried them:
 * y-prosemirror's diff may rewrite items that a delegate would say were untouched.
 */

/** The marks on one character, with a signature that is equal for equal mark sets. */
export interface MarkSet {
  sig: string;
  marks: MarkInfo[];
}

/** One token of a stretch. `block` is the index of the block token it sits in (-1 outside a block). */
export type Token =
  | { kind: "group"; sig: string; heading: BlockInfo | null; block: -1 }
  | { kind: "block"; sig: string; info: BlockInfo; block: number }
  | { kind: "char"; sig: string; ch: string; marks: MarkSet; block: number }
  | { kind: "break"; sig: string; block: number }
  | { kind: "other"; sig: string; what: string; block: number };

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

/** y-prosemirror stores a mark that does not exclude itself (a bracket) under `name--<hash>`. */
const HASHED = /--[a-zA-Z0-9+/=]{8}$/;

/** The mark type of a Y.XmlText formatting key. */
export function markType(key: string): string {
  return key.replace(HASHED, "");
}

/** The mark set of a Y.XmlText formatting state (attribute key to value). */
export function markSet(attributes: ReadonlyMap<string, unknown>): MarkSet {
  const keys = [...attributes.keys()].sort();
  const marks: MarkInfo[] = keys.map((key) => {
    const value = attributes.get(key);
    return { type: markType(key), attrs: value && typeof value === "object" ? (value as Record<string, unknown>) : null };
  });
  return { sig: keys.map((k) => `${k}=${canonical(attributes.get(k))}`).join("\u0001"), marks };
}

/** The block info of a Y.XmlElement's node name and attrs. */
export function blockInfo(type: string, attrs: Record<string, unknown>): BlockInfo {
  return { type, attrs };
}
