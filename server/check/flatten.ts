import * as Y from "yjs";
import { HEADER_TYPES } from "../../shared/schema.ts";
import type { BlockInfo } from "../../shared/permissions.ts";
import { blockInfo, canonical, markSet } from "./tokens.ts";
import type { MarkSet, Token } from "./tokens.ts";
import type { Side, Views } from "./views.ts";

/**
 * Flattens a stretch of the body (children of the body fragment or of one clause group)
 * into tokens, on one side of a transaction. Anything y-prosemirror would not write
 * there (an unknown element, text outside a block, an embed) becomes an `other` token,
 * which only the chair may add or remove.
 */

/** Where a stretch lies: directly in the body, or in a clause group. */
export type Container = "body" | "group";

const IN_BODY = new Set<string>([...HEADER_TYPES, "paragraph"]);
const IN_GROUP = new Set<string>(["group_heading", "clause", "paragraph"]);

/** The tokens of `items` (children of a container) as they are on `side`. */
export function flatten(items: readonly Y.Item[], container: Container, views: Views, side: Side): Token[] {
  const tokens: Token[] = [];
  for (const item of items) {
    if (!views.visible(item, side)) continue;
    flattenChild(item, container, views, side, tokens);
  }
  return tokens;
}

function other(tokens: Token[], what: string, block: number): void {
  tokens.push({ kind: "other", sig: `o${what}`, what, block });
}

function flattenChild(item: Y.Item, container: Container, views: Views, side: Side, tokens: Token[]): void {
  const type = item.content instanceof Y.ContentType ? item.content.type : null;
  if (!(type instanceof Y.XmlElement)) {
    other(tokens, type instanceof Y.XmlText ? `text outside a block` : `content outside a block`, -1);
    return;
  }
  const name = type.nodeName;
  if (name === "clause_group" && container === "body") {
    const attrs = views.attributes(type, side);
    const children = views.children(type, side);
    const first = children[0]?.content;
    const heading = first instanceof Y.ContentType && first.type instanceof Y.XmlElement && first.type.nodeName === "group_heading"
      ? blockInfo("group_heading", views.attributes(first.type, side))
      : null;
    tokens.push({ kind: "group", sig: `g${canonical(attrs)}`, heading, block: -1 });
    for (const child of children) flattenChild(child, "group", views, side, tokens);
    return;
  }
  if (!(container === "body" ? IN_BODY : IN_GROUP).has(name)) {
    other(tokens, `element <${name}> in the ${container === "body" ? "document" : "clause group"}`, -1);
    return;
  }
  flattenBlock(type, name, views, side, tokens);
}

function flattenBlock(type: Y.XmlElement, name: string, views: Views, side: Side, tokens: Token[]): void {
  const info: BlockInfo = blockInfo(name, views.attributes(type, side));
  const block = tokens.length;
  tokens.push({ kind: "block", sig: `b${name}${canonical(info.attrs)}`, info, block });
  for (const item of views.children(type, side)) {
    const child = item.content instanceof Y.ContentType ? item.content.type : null;
    if (child instanceof Y.XmlText) flattenText(child, views, side, tokens, block);
    else if (child instanceof Y.XmlElement && child.nodeName === "line_break") tokens.push({ kind: "break", sig: "n", block });
    else other(tokens, child instanceof Y.XmlElement ? `element <${child.nodeName}> in a block` : "content in a block", block);
  }
}

function flattenText(text: Y.XmlText, views: Views, side: Side, tokens: Token[], block: number): void {
  if (text._map.size > 0 && Object.keys(views.attributes(text, side)).length > 0) other(tokens, "attributes on text", block);
  const attributes = new Map<string, unknown>();
  let marks: MarkSet | null = null;
  for (let item = text._start; item !== null; item = item.right) {
    if (!views.visible(item, side)) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) attributes.delete(content.key);
      else attributes.set(content.key, content.value);
      marks = null;
    } else if (content instanceof Y.ContentString) {
      marks ??= markSet(attributes);
      for (const ch of content.str) tokens.push({ kind: "char", sig: `c${ch}\u0000${marks.sig}`, ch, marks, block });
    } else {
      other(tokens, "an embed in text", block);
    }
  }
}
