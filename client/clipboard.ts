import { DOMSerializer, Fragment } from "prosemirror-model";
import type { Slice } from "prosemirror-model";
import { schema } from "../shared/schema.ts";
import { serialize } from "../shared/dl/serialize.ts";

/**
 * What a copy of the draft carries, for a delegate pasting it into an e-mail to the capital:
 * as plain text, the DL text of what was copied (square brackets, ~~struck~~ proposals and
 * <ins>added</ins> ones kept, as the room reads them); as HTML, the editor's own markup with
 * the brackets written out and the proposals drawn inline (e-mail drops style sheets), so it
 * reads the same in Outlook or Word.
 */

/** The DL text (marked) of a copied slice of the draft. */
export function copiedText(slice: Slice): string {
  const doc = schema.topNodeType.create({ eol: "\n", trailing: 0 }, slice.content);
  return serialize(doc, { variant: "marked" }).replace(/^\n+/, "");
}

/** The HTML of a copied slice: the editor's markup, brackets written out, proposals styled inline. */
export function copiedHtmlSerializer(): DOMSerializer {
  const base = DOMSerializer.fromSchema(schema);
  const serializer = new DOMSerializer(base.nodes, base.marks);
  serializer.serializeFragment = (fragment: Fragment, options: { document?: Document } = {}, target?: HTMLElement | DocumentFragment) => {
    const out = base.serializeFragment(fragment, options, target);
    writeOut(out as DocumentFragment | HTMLElement);
    return out;
  };
  return serializer;
}

/** Adds "[" before the first and "]" after the last element of each bracket, and inline styles on proposals. */
function writeOut(root: DocumentFragment | HTMLElement): void {
  const spans = [...root.querySelectorAll<HTMLElement>("span.bracket")];
  const byId = new Map<string, HTMLElement[]>();
  for (const span of spans) {
    const id = span.dataset.id ?? "";
    byId.set(id, [...(byId.get(id) ?? []), span]);
  }
  for (const group of byId.values()) {
    const open = sign("[", group[0]!.ownerDocument);
    const close = sign("]", group[0]!.ownerDocument);
    group[0]!.prepend(open);
    group[group.length - 1]!.append(close);
  }
  for (const del of root.querySelectorAll<HTMLElement>("del")) del.style.textDecoration = "line-through";
  for (const ins of root.querySelectorAll<HTMLElement>("ins")) ins.style.textDecoration = "underline";
}

function sign(text: string, document: Document): HTMLElement {
  const element = document.createElement("b");
  element.textContent = text;
  return element;
}
