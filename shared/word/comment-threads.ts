import * as Y from "yjs";
import { absolutePositionToRelativePosition } from "y-prosemirror";
import type { Node as PMNode } from "prosemirror-model";
import { textBlocks } from "../dl/serialize.ts";
import { displayLabel } from "../track/labels.ts";
import { newChangeId } from "../track/ids.ts";
import type { CommentEntry } from "../track/comment.ts";
import type { ImportedComment } from "./docx-import.ts";

/**
 * A Word file's comments as the session's comment threads (shared/track/comment.ts): each
 * a "comment" entry by its author's delegation, anchored to the start of the block it was
 * made on as the editor anchors one (a Yjs relative position of the block's start, so it
 * follows the clause through others' edits), named as the room names the clause
 * ("recalling a)"), quoting the words it covered.
 */

/** The comment entries for a session whose `body` fragment holds `doc` (as prosemirrorToYXmlFragment wrote it). */
export function commentEntries(body: Y.XmlFragment, doc: PMNode, comments: readonly ImportedComment[], now: string): CommentEntry[] {
  const mapping = blockMapping(body, doc);
  const starts = blockStarts(doc);
  const names = blockNames(doc);
  return comments.map((c) => {
    const pos = starts[c.blockIndex] ?? 0;
    const anchor = Y.relativePositionToJSON(absolutePositionToRelativePosition(pos + 1, body, mapping as never));
    const text = c.text.trim() || "(an empty Word comment)";
    const author = c.author || "unknown";
    return {
      kind: "comment",
      id: newChangeId("x"),
      at: c.at ?? now,
      by: c.code,
      anchor,
      where: (names[c.blockIndex] ?? "").slice(0, 200),
      quote: c.quote.slice(0, 400),
      // The Word author's own name stays with the words: a delegation may have several authors.
      text: `${text} (${author}, in Word)`.slice(0, 4000),
    };
  });
}

/** y-prosemirror's mapping from each Y element of the body to its node: what it measures positions with. */
function blockMapping(body: Y.XmlFragment, doc: PMNode): Map<Y.AbstractType<unknown>, PMNode> {
  const mapping = new Map<Y.AbstractType<unknown>, PMNode>();
  const walk = (type: Y.XmlFragment | Y.XmlElement, node: PMNode) => {
    const elements = type.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
    const children: PMNode[] = [];
    node.forEach((c) => {
      if (!c.isText) children.push(c);
    });
    elements.forEach((el, i) => {
      const child = children[i];
      if (!child) return;
      mapping.set(el as Y.AbstractType<unknown>, child);
      if (!child.isLeaf) walk(el, child);
    });
  };
  walk(body, doc);
  return mapping;
}

/** The position of each text block, in reading order. */
function blockStarts(doc: PMNode): number[] {
  const starts: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    starts.push(pos);
    return false;
  });
  return starts;
}

/** Each text block as the room names it: "recalling a)" for a clause, its heading in a group, its first words in the header. */
function blockNames(doc: PMNode): string[] {
  let heading = "";
  return textBlocks(doc).map((node) => {
    const type = node.type.name;
    if (type === "group_heading") heading = node.textContent.trim();
    if (type === "clause") return [heading, displayLabel(node)].filter(Boolean).join(" ");
    if (heading) return heading;
    const words = node.textContent.trim().split(/\s+/);
    return words.slice(0, 6).join(" ") + (words.length > 6 ? " …" : "");
  });
}
