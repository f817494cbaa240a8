import { Fragment } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import { align } from "./align.ts";
import { plainMarks } from "./marker.ts";
import type { Marker } from "./marker.ts";

/**
 * The word-level difference of one changed block: the older block's words that went
 * are struck, the newer block's words that came are underlined, each attributed by
 * the {@link Marker}. Words are a word with the spaces after it (or a line break).
 */

/** A word of a block: its text and the pieces of inline content it is made of. */
interface Word {
  text: string;
  parts: PMNode[];
}

const OBJECT = "\uFFFC";

/** A block's inline content cut into words. */
export function wordsOf(content: readonly PMNode[]): Word[] {
  let text = "";
  const spans: { node: PMNode; start: number; end: number }[] = [];
  for (const node of content) {
    const piece = node.isText ? node.text! : OBJECT;
    spans.push({ node, start: text.length, end: text.length + piece.length });
    text += piece;
  }
  const words: Word[] = [];
  let s = 0;
  for (const match of text.matchAll(/\uFFFC|[^\s\uFFFC]+\s*|\s+/g)) {
    const start = match.index!;
    const end = start + match[0].length;
    const parts: PMNode[] = [];
    while (s < spans.length && spans[s].end <= start) s++;
    for (let k = s; k < spans.length && spans[k].start < end; k++) {
      const { node, start: from, end: to } = spans[k];
      if (!node.isText) parts.push(node);
      else parts.push(node.cut(Math.max(start, from) - from, Math.min(end, to) - from));
    }
    words.push({ text: match[0], parts });
  }
  return words;
}

/** The children of a block that are not proposed deletions (its current text). */
export function keptContent(block: PMNode): PMNode[] {
  const kept: PMNode[] = [];
  block.forEach((child) => {
    if (!schema.marks.deletion.isInSet(child.marks)) kept.push(child);
  });
  return kept;
}

/** The proposed deletions of a block as words, each with who proposed it. */
export function struckWords(block: PMNode): { text: string; by: string }[] {
  const struck: { text: string; by: string }[] = [];
  block.forEach((child) => {
    const mark = schema.marks.deletion.isInSet(child.marks);
    if (mark && child.isText) for (const w of child.text!.match(/\S+\s*/g) ?? []) struck.push({ text: w, by: mark.attrs.by as string });
  });
  return struck;
}

/**
 * The merged block: the newer block's type and attrs, with the older words that went
 * struck and the newer words that came underlined.
 */
export function mergeBlock(older: PMNode, newer: PMNode, marker: Marker): PMNode {
  const before = wordsOf(keptContent(older));
  const after = wordsOf(keptContent(newer));
  const struck = struckWords(newer);
  let nextStruck = 0;
  /** Who struck this word in the newer document, if anyone did: its deletion proposals in order. */
  const struckBy = (text: string): string | null => {
    for (let k = nextStruck; k < struck.length; k++) {
      if (struck[k].text.trim() === text.trim()) {
        nextStruck = k + 1;
        return struck[k].by;
      }
    }
    return null;
  };
  const out: PMNode[] = [];
  let run: "same" | "del" | "ins" = "same";
  // Spaces do not count: striking a word leaves the spaces either side of it ("WSIS  and").
  for (const step of align(before, after, (w) => w.text.trim() || " ")) {
    if (step.kind !== run) marker.breakRun();
    run = step.kind;
    if (step.kind === "same") for (const part of after[step.b].parts) out.push(part.mark(plainMarks(part.marks)));
    else if (step.kind === "del") {
      const word = before[step.a];
      const by = struckBy(word.text);
      for (const part of word.parts) out.push(marker.deleted(part, by));
    } else {
      const parts = after[step.b].parts;
      const own = [...parts].sort((x, y) => Number(!x.text?.trim()) - Number(!y.text?.trim())).map((p) => schema.marks.insertion.isInSet(p.marks)).find(Boolean);
      for (const part of parts) out.push(marker.inserted(part, own));
    }
  }
  marker.breakRun();
  return newer.type.create(newer.attrs, Fragment.fromArray(out), newer.marks);
}
