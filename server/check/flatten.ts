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
    const gone = side === "before" && views.deletedNow(item);
    const hooks = blockTokens(tokens, views, side, gone);
    const type = typeOf(item);
    if (container === "body" && type instanceof Y.XmlElement && type.nodeName === "clause_group") {
      const group: Extract<Token, { kind: "group" }> = { kind: "group", sig: `${goneSig(gone)}g`, heading: null, block: -1, gone };
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
function blockTokens(tokens: Token[], views: Views, side: Side, outerGone: boolean): ReadHooks {
  const goneNow = (item: Y.Item) => side === "before" && views.deletedNow(item);
  return {
    block(item: Y.Item, node: PMNode, pieces: readonly InlinePiece[]) {
      const gone = outerGone || goneNow(item);
      const block = tokens.length;
      tokens.push({ kind: "block", sig: `${goneSig(gone)}b${node.type.name}${canonical(node.attrs)}`, info: blockInfo(node), block, gone });
      for (const piece of pieces) {
        // Inside a block that stays, y-prosemirror itself deletes and rewrites texts and
        // line breaks (a split moves them to the new block): they are read by what they say.
        const pieceGone = gone;
        for (const inline of piece.nodes) {
          if (!inline.isText) {
            tokens.push({ kind: "break", sig: `${goneSig(pieceGone)}n`, block, gone: pieceGone });
            continue;
          }
          const marks = markSet(inline.marks);
          const prefix = goneSig(pieceGone);
          for (const ch of inline.text!) tokens.push({ kind: "char", sig: `${prefix}c${ch}\u0000${marks.sig}`, ch, marks, block, gone: pieceGone });
        }
      }
    },
  };
}

/** Gone content never reads as equal to what stands after (align pairs equal ends without asking). */
function goneSig(gone: boolean): string {
  return gone ? "\u0002" : "";
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
