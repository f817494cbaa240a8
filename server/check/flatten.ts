import * as Y from "yjs";
import type { Node as PMNode } from "prosemirror-model";
import { readChild, readGroup, typeOf, visibleChildren } from "../../shared/yjs/read.ts";
import type { Container, InlinePiece, ReadHooks, YView } from "../../shared/yjs/read.ts";
import { blockInfo, canonical, markSet } from "./tokens.ts";
import type { Token } from "./tokens.ts";
import type { Side, Views } from "./views.ts";

/**
 * Flattens a stretch of the body (children of the body fragment or of one clause group)
 * into tokens, on one side of a transaction, through the strict reader: anything the
 * schema does not allow throws a ModelError naming the place, on either side.
 */

/** The tokens of `items` (children of a container) as they are on `side`. Throws ModelError. */
export function flatten(items: readonly Y.Item[], container: Container, views: Views, side: Side): Token[] {
  const view = views.side(side);
  const tokens: Token[] = [];
  for (const item of items) {
    if (!view.visible(item)) continue;
    const hooks = blockTokens(tokens);
    const type = typeOf(item);
    if (container === "body" && type instanceof Y.XmlElement && type.nodeName === "clause_group") {
      const group: Extract<Token, { kind: "group" }> = { kind: "group", sig: "g", heading: null, block: -1 };
      tokens.push(group);
      const node = readGroup(type, view, placeOf(item, view), hooks);
      group.heading = node.firstChild ? blockInfo(node.firstChild) : null;
    } else {
      readChild(item, container, view, placeOf(item, view), hooks);
    }
  }
  return tokens;
}

/** Turns each block the reader reads into a block token and its characters and breaks. */
function blockTokens(tokens: Token[]): ReadHooks {
  return {
    block(_item: Y.Item, node: PMNode, pieces: readonly InlinePiece[]) {
      const block = tokens.length;
      tokens.push({ kind: "block", sig: `b${node.type.name}${canonical(node.attrs)}`, info: blockInfo(node), block });
      for (const piece of pieces) {
        for (const inline of piece.nodes) {
          if (!inline.isText) {
            tokens.push({ kind: "break", sig: "n", block });
            continue;
          }
          const marks = markSet(inline.marks);
          // One signature for the run: a character's is its marks' (sameToken compares the characters).
          const sig = `c${marks.sig}`;
          const text = inline.text!;
          for (let i = 0; i < text.length; i++) {
            // By code point, as for..of reads a string (a surrogate pair is one character), without its iterator.
            const code = text.charCodeAt(i);
            const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
            const ch = pair ? text.slice(i, ++i + 1) : text[i]!;
            tokens.push({ kind: "char", sig, ch, marks, block });
          }
        }
      }
    },
  };
}

/** Where a child of the body or of a clause group stands, as a reader counts: "clause group 4, block 2". */
export function placeOf(item: Y.Item, view: YView): string {
  const parent = item.parent as Y.AbstractType<any>;
  const type = typeOf(item);
  const isGroup = type instanceof Y.XmlElement && type.nodeName === "clause_group";
  let index = 1;
  for (let left = item.left; left !== null; left = left.left) {
    if (!view.visible(left)) continue;
    if (parent._item !== null) index++;
    else {
      const other = typeOf(left);
      const otherIsGroup = other instanceof Y.XmlElement && other.nodeName === "clause_group";
      if (otherIsGroup === isGroup) index++;
    }
  }
  if (parent._item !== null) return `${placeOf(parent._item, view)}, block ${index}`;
  return isGroup ? `clause group ${index}` : `header line ${index}`;
}

/** The node names of a container's visible children, for its content expression. */
export function childNames(type: Y.AbstractType<any>, view: YView): (string | null)[] {
  return visibleChildren(type, view).map((item) => {
    const child = typeOf(item);
    return child instanceof Y.XmlElement ? child.nodeName : null;
  });
}
