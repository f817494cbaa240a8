import * as Y from "yjs";
import { Fragment, Mark } from "prosemirror-model";
import type { Node as PMNode, NodeType } from "prosemirror-model";
import { HEADER_TYPES, schema, shortJSON } from "../schema.ts";
import { MAX_BRACKET_DEPTH, MAX_CHANGES_PER_TEXT } from "../dl/input.ts";
import { markKey, markNameOfKey } from "./mark-key.ts";

/**
 * The one strict reading of the shared document: Yjs types (y-prosemirror's encoding,
 * README "For other clients") to ProseMirror nodes of `shared/schema.ts`. It throws a
 * {@link ModelError} naming the place on anything the schema does not allow (an unknown
 * element or mark, attrs that fail `validate`, content that fails a content expression,
 * text or children where none belong, a mark stored under a key that is not its own) and
 * never repairs: y-prosemirror's own reader deletes what it cannot build, which erased
 * clauses for everyone (issue 9). The server's check, its exports, revisions and compare,
 * and the browser's guard all read through this.
 *
 * Beyond the schema, the model holds: no control characters in text (tab aside; line
 * breaks are `line_break` nodes); no attributes on text containers; line breaks without
 * attributes or content; no more brackets or changes of one kind on one text than the
 * DL text can be read back with. Text may carry several insertions: two delegations typing at
 * the same place at the same moment each write their own formatting key, and Yjs gives
 * the text typed second the first one's too (it lands inside that run).
 */

/** Content that is not a valid draft: what is wrong and where. */
/** What the document's body holds, in order (the schema's doc content), said when it does not. */
export const BODY_ORDER = "header lines and paragraphs come before the clause groups; after them, only another text opened by its proposal marker (ADD, MOD, SUP, NOC)";

export class ModelError extends Error {
  constructor(
    /** Where, as a reader finds it: "clause group 3, block 2". */
    readonly where: string,
    /** What is wrong. */
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = "ModelError";
  }
}

/**
 * Which items count: the document as it is now, or (in the server's check) as it was
 * before a transaction. `attribute` reads an element's map entry on that side.
 */
export interface YView {
  visible(item: Y.Item): boolean;
  attribute(type: Y.AbstractType<any>, key: string): { value: unknown } | null;
}

/** The document as it is now. */
export const CURRENT: YView = {
  visible: (item) => !item.deleted,
  attribute(type, key) {
    const item = type._map.get(key);
    if (!item || item.deleted) return null;
    const content = item.content.getContent();
    return { value: content[content.length - 1] };
  },
};

/** Where a block sits: directly in the body, or in a clause group. */
export type Container = "body" | "group";

const IN_BODY = new Set<string>([...HEADER_TYPES, "paragraph", "footnote", "table_row"]);
const IN_GROUP = new Set<string>(["group_heading", "clause", "paragraph", "footnote", "table_row"]);
/** C0 controls other than tab, and DEL: text never holds them. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** The visible child items of a type on one side, in order. */
export function visibleChildren(type: Y.AbstractType<any>, view: YView): Y.Item[] {
  const items: Y.Item[] = [];
  for (let item = type._start; item !== null; item = item.right) if (view.visible(item)) items.push(item);
  return items;
}

/** The visible attributes of an element on one side; null values read as absent. */
export function visibleAttributes(type: Y.AbstractType<any>, view: YView): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const key of type._map.keys()) {
    const entry = view.attribute(type, key);
    if (entry && entry.value !== null && entry.value !== undefined) attrs[key] = entry.value;
  }
  return attrs;
}

/** The Y type an item holds, if it holds one. */
export function typeOf(item: Y.Item): Y.AbstractType<any> | null {
  return item.content instanceof Y.ContentType ? (item.content.type as Y.AbstractType<any>) : null;
}

/** Reads the whole body fragment as a `doc` node (doc attrs at their defaults: they live in `meta`). */
export function readBody(body: Y.XmlFragment, view: YView = CURRENT, hooks?: ReadHooks): PMNode {
  const children: PMNode[] = [];
  let groups = 0;
  let blocks = 0;
  for (const item of visibleChildren(body, view)) {
    const type = typeOf(item);
    if (type instanceof Y.XmlElement && type.nodeName === "clause_group") {
      groups++;
      children.push(readGroup(type, view, `clause group ${groups}`, hooks));
    } else {
      blocks++;
      children.push(readChild(item, "body", view, `block ${blocks} of the document`, hooks));
    }
  }
  const content = Fragment.fromArray(children);
  if (!schema.topNodeType.validContent(content)) {
    throw new ModelError("the document", BODY_ORDER);
  }
  return schema.topNodeType.create(null, content);
}

/** The inline nodes one Y child of a block (a Y.XmlText or a line break) gave. */
export interface InlinePiece {
  item: Y.Item;
  nodes: readonly PMNode[];
}

/** For readers that need to know which Y items gave which nodes (the server's check). */
export interface ReadHooks {
  block(item: Y.Item, node: PMNode, pieces: readonly InlinePiece[]): void;
  /** A clause group read whole, and the node it gave. */
  group?(element: Y.XmlElement, node: PMNode): void;
}

/** Reads one child of the body or of a clause group: a block (or, in the body, a clause group). */
export function readChild(item: Y.Item, container: Container, view: YView, where: string, hooks?: ReadHooks): PMNode {
  const type = typeOf(item);
  if (type instanceof Y.XmlElement && type.nodeName === "clause_group") {
    if (container === "group") throw new ModelError(where, "a clause group inside a clause group");
    return readGroup(type, view, where, hooks);
  }
  if (type instanceof Y.XmlText) throw new ModelError(where, `text directly in the ${containerName(container)}`);
  if (!(type instanceof Y.XmlElement)) throw new ModelError(where, `content that is not an element in the ${containerName(container)}`);
  const allowed = container === "body" ? IN_BODY : IN_GROUP;
  if (!allowed.has(type.nodeName)) {
    const known = schema.nodes[type.nodeName] !== undefined && type.nodeName !== "doc" && type.nodeName !== "text";
    throw new ModelError(where, known ? `<${type.nodeName}> cannot stand in the ${containerName(container)}` : `unknown element <${shortName(type.nodeName)}>`);
  }
  const pieces: InlinePiece[] | undefined = hooks ? [] : undefined;
  const node = readBlock(type, view, where, pieces);
  hooks?.block(item, node, pieces!);
  return node;
}

function containerName(container: Container): string {
  return container === "body" ? "document" : "clause group";
}

function shortName(name: string): string {
  return name.length > 40 ? `${name.slice(0, 37)}...` : name;
}

/** Reads a clause group: its heading first, then clauses and paragraphs. */
export function readGroup(group: Y.XmlElement, view: YView, where: string, hooks?: ReadHooks): PMNode {
  checkNoAttributes(group, view, where);
  const children = visibleChildren(group, view).map((item, i) => readChild(item, "group", view, `${where}, block ${i + 1}`, hooks));
  const content = Fragment.fromArray(children);
  if (children[0]?.type.name !== "group_heading") throw new ModelError(where, "a clause group must start with its heading");
  if (!schema.nodes.clause_group!.validContent(content)) throw new ModelError(where, "a clause group holds one heading, then clauses and paragraphs");
  const node = schema.nodes.clause_group!.create(null, content);
  hooks?.group?.(group, node);
  return node;
}

function checkNoAttributes(type: Y.AbstractType<any>, view: YView, where: string): void {
  const keys = Object.keys(visibleAttributes(type, view));
  if (keys.length > 0) throw new ModelError(where, `unexpected attribute "${shortName(keys[0]!)}"`);
}

/**
 * Reads a text block (a header line, heading, clause or paragraph): attrs, text with
 * marks, line breaks. `pieces`, if given, receives which Y child gave which inline nodes.
 */
export function readBlock(element: Y.XmlElement, view: YView, where: string, pieces?: InlinePiece[]): PMNode {
  const nodeType = schema.nodes[element.nodeName];
  if (!nodeType || !nodeType.isTextblock) throw new ModelError(where, `unknown block <${shortName(element.nodeName)}>`);
  const attrs = blockAttrs(nodeType, element, view, where);
  const inline: PMNode[] = [];
  for (const item of visibleChildren(element, view)) {
    const child = typeOf(item);
    const first = inline.length;
    if (child instanceof Y.XmlText) readText(child, view, where, inline);
    else if (child instanceof Y.XmlElement && child.nodeName === "line_break") inline.push(readLineBreak(child, view, where));
    else if (child instanceof Y.XmlElement) throw new ModelError(where, `element <${shortName(child.nodeName)}> inside a ${nodeType.name}`);
    else throw new ModelError(where, `content that is not text inside a ${nodeType.name}`);
    pieces?.push({ item, nodes: inline.slice(first) });
  }
  const content = Fragment.fromArray(inline);
  try {
    const node = nodeType.create(attrs, content);
    node.check();
    return node;
  } catch (error) {
    throw new ModelError(where, (error as Error).message);
  }
}

function blockAttrs(nodeType: NodeType, element: Y.XmlElement, view: YView, where: string): Record<string, unknown> {
  const attrs = visibleAttributes(element, view);
  for (const key of Object.keys(attrs)) {
    if (!(key in nodeType.spec.attrs!)) throw new ModelError(where, `a ${nodeType.name} has no attribute "${shortName(key)}"`);
  }
  for (const [name, spec] of Object.entries(nodeType.spec.attrs ?? {})) {
    if (!(name in attrs) || !spec.validate || typeof spec.validate === "string") continue;
    try {
      spec.validate(attrs[name]);
    } catch (error) {
      throw new ModelError(where, `${nodeType.name} ${(error as Error).message}`);
    }
  }
  return attrs;
}

function readLineBreak(element: Y.XmlElement, view: YView, where: string): PMNode {
  if (Object.keys(visibleAttributes(element, view)).length > 0) throw new ModelError(where, "a line break with attributes");
  if (visibleChildren(element, view).length > 0) throw new ModelError(where, "a line break with content");
  return schema.nodes.line_break!.create();
}

/** Appends the text nodes of a Y.XmlText, reading its formatting items as marks. */
function readText(text: Y.XmlText, view: YView, where: string, out: PMNode[]): void {
  if (Object.keys(visibleAttributes(text, view)).length > 0) throw new ModelError(where, "attributes on text");
  const formatting = new Map<string, unknown>();
  let marks: readonly Mark[] | null = null;
  for (let item = text._start; item !== null; item = item.right) {
    if (!view.visible(item)) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null || content.value === undefined) formatting.delete(content.key);
      else formatting.set(content.key, content.value);
      marks = null;
    } else if (content instanceof Y.ContentString) {
      if (content.str.length === 0) continue;
      const control = CONTROL.exec(content.str);
      if (control) throw new ModelError(where, `a control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} in the text`);
      marks ??= marksOf(formatting, where);
      out.push(schema.text(content.str, marks));
    } else {
      throw new ModelError(where, "an embedded object in the text");
    }
  }
}

/** The marks of a formatting state (key to value); checks each key is the mark's own. */
export function marksOf(formatting: ReadonlyMap<string, unknown>, where: string): readonly Mark[] {
  let set: readonly Mark[] = Mark.none;
  const counts = new Map<string, number>();
  for (const [key, value] of formatting) {
    const mark = markOf(key, value, where);
    const count = (counts.get(mark.type.name) ?? 0) + 1;
    counts.set(mark.type.name, count);
    // What the DL text can hold (shared/dl/input.ts), so every export reads back.
    if (mark.type.name === "bracket" && count > MAX_BRACKET_DEPTH) throw new ModelError(where, `brackets nested more than ${MAX_BRACKET_DEPTH} deep`);
    if (mark.type.name !== "bracket" && count > MAX_CHANGES_PER_TEXT) throw new ModelError(where, `more than ${MAX_CHANGES_PER_TEXT} ${mark.type.name}s on one text`);
    set = mark.addToSet(set);
  }
  return set;
}

/**
 * Marks already read, by formatting value and key: every text run under one formatting item
 * shares its value object, so a long draft validates and hashes each mark once, not once per
 * run (y-prosemirror's marks are immutable, and so are Yjs's formatting values).
 */
const readMarks = new WeakMap<object, Map<string, Mark>>();

function markOf(key: string, value: unknown, where: string): Mark {
  // A value that is not an object is no mark's attributes: readMark refuses it.
  if (typeof value !== "object" || value === null) return readMark(key, value, where);
  let byKey = readMarks.get(value);
  const known = byKey?.get(key);
  if (known) return known;
  const mark = readMark(key, value, where);
  if (!byKey) readMarks.set(value, (byKey = new Map()));
  byKey.set(key, mark);
  return mark;
}

function readMark(key: string, value: unknown, where: string): Mark {
  const name = markNameOfKey(key);
  const type = schema.marks[name];
  if (!type) throw new ModelError(where, `unknown mark "${shortName(name)}"`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ModelError(where, `a ${name} mark whose attributes are ${shortJSON(value)}`);
  const given = value as Record<string, unknown>;
  for (const attr of Object.keys(given)) {
    if (!(attr in (type.spec.attrs ?? {}))) throw new ModelError(where, `a ${name} mark has no attribute "${shortName(attr)}"`);
  }
  let mark: Mark;
  try {
    mark = type.create(given);
  } catch (error) {
    throw new ModelError(where, `${name} mark: ${(error as Error).message}`);
  }
  if (markKey(mark) !== key) throw new ModelError(where, `a ${name} mark stored under a key that is not its own ("${shortName(key)}")`);
  return mark;
}
