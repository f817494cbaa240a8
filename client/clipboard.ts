import { DOMSerializer, Fragment, Slice } from "prosemirror-model";
import type { Node as PMNode, ResolvedPos } from "prosemirror-model";
import { parse } from "../shared/dl/parse.ts";
import { schema } from "../shared/schema.ts";
import { serialize } from "../shared/dl/serialize.ts";
import { isWordHtml, pastedDL, readWordClipboard, WORD_PASTE_ID } from "../shared/word/clipboard-html.ts";
import { proposeAuthorMapping } from "../shared/word/author-proposal.ts";
import type { RosterDelegation } from "../shared/word/author-proposal.ts";
import { mayWriteAs } from "../shared/permissions.ts";
import type { Actor } from "../shared/permissions.ts";
import type { KeepPastedInsertion } from "../shared/track/suggest.ts";
import { rememberedAuthors } from "./word/word-report.ts";

/**
 * What a copy of the draft carries, for a delegate pasting it into an e-mail to the capital:
 * as plain text, the DL text of what was copied (square brackets, ~~struck~~ proposals and
 * <ins>added</ins> ones kept, as the room reads them); as HTML, the editor's own markup with
 * the brackets written out and the proposals drawn inline (e-mail drops style sheets), so it
 * reads the same in Outlook or Word. Pasted into a draft, DL text keeps its brackets and strikes
 * (as the paster's bracket and proposed deletion: shared/track/suggest.ts), as that HTML does.
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

/** Marks the bracket signs a copy writes out, so a paste into a draft (where the bracket itself comes) drops them. */
const SIGN = "data-plenary-sign";

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
  element.setAttribute(SIGN, "");
  element.textContent = text;
  return element;
}

/** DL markup a pasted text may carry: square brackets, strikes, insertion tags. */
const DL_MARKUP = /\[|\]|~~|<\/?ins>/;

/**
 * Plain text pasted into the draft: read as DL text where it carries DL markup ("[...]", "~~...~~"),
 * so brackets and strikes come in as such; line by line, each line a block like the one pasted
 * into (one line: text in place).
 */
export function pastedText(text: string, $context: ResolvedPos): Slice {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let blocks: PMNode[][] | null = null;
  if (DL_MARKUP.test(text)) {
    try {
      const read: PMNode[][] = [];
      parse(text).doc.descendants((node) => {
        if (!node.isTextblock) return true;
        const inline: PMNode[] = [];
        node.forEach((child) => inline.push(child.mark(child.marks.filter((m) => m.type !== schema.marks.label))));
        read.push(inline);
        return false;
      });
      blocks = read;
    } catch {
      blocks = null;
    }
  }
  blocks ??= lines.map((line) => (line ? [schema.text(line)] : []));
  if (blocks.length === 1) return new Slice(Fragment.fromArray(blocks[0]!), 0, 0);
  const type = $context.parent.isTextblock ? $context.parent.type : schema.nodes.paragraph;
  return new Slice(Fragment.fromArray(blocks.map((inline) => type.create(null, inline))), 1, 1);
}

/**
 * Pasted HTML without the bracket signs a copy wrote out: the bracket comes with the markup.
 * Word's HTML (client/clipboard.ts's reading of it: shared/word/clipboard-html.ts) comes as the
 * text the delegation proposes: its deleted words left out (they are not in its text), its
 * inserted and plain words kept, and "[" "]" made brackets as DL text reads them; the paste is
 * then the paster's insertion and bracket like any other (shared/track/suggest.ts), except that
 * the secretariat's paste keeps each Word insertion as the delegation its Word author maps to
 * (see wordPasteAuthors).
 */
export function withoutCopiedSigns(html: string): string {
  if (isWordHtml(html)) return fromWord(html);
  if (!html.includes(SIGN)) return html;
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const element of template.content.querySelectorAll(`[${SIGN}]`)) element.remove();
  return template.innerHTML;
}

/** The Word author -> delegation mapping a Word paste uses (null: none, every pasted word is the paster's). */
let wordAuthorCode: ((author: string) => string | null) | null = null;

/**
 * Who a Word paste's insertions are, for this page's participant. The secretariat holds the pen
 * for the delegations: each Word insertion stays the delegation its Word author maps to, where
 * the mapping is known (the author's name says the delegation, or the secretariat confirmed it
 * in an earlier import: shared/word/author-proposal.ts) and the secretariat may write as it. A
 * delegation's (and the chair's) paste stays all its own. Returns the rule the editor's
 * suggestion mode applies to a paste (only to a Word paste's own insertions); the server checks
 * every mark it keeps all the same.
 */
export function wordPasteAuthors(actor: Actor, delegations: readonly RosterDelegation[]): KeepPastedInsertion {
  const secretariat = actor.role === "secretariat";
  const mayKeep = (by: string) => secretariat && by !== "secretariat" && mayWriteAs(actor, by);
  wordAuthorCode = secretariat
    ? (author) => {
        const code = proposeAuthorMapping([author], delegations, rememberedAuthors())[author] ?? null;
        return code && mayKeep(code) ? code : null;
      }
    : null;
  return ({ by, id }) => id.startsWith(WORD_PASTE_ID) && mayKeep(by);
}

/** Word's clipboard HTML as the editor's own markup: paragraphs of text with bracket spans (and kept insertions). */
function fromWord(html: string): string {
  const text = pastedDL(readWordClipboard(html), wordAuthorCode ?? undefined);
  if (text === "") return "";
  let doc: PMNode;
  try {
    doc = parse(text).doc;
  } catch {
    return text.split("\n").map((line) => `<p>${line.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`).join("");
  }
  const serializer = DOMSerializer.fromSchema(schema);
  const out = document.createElement("div");
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const inline: PMNode[] = [];
    node.forEach((child) => inline.push(child.mark(child.marks.filter((m) => m.type !== schema.marks.label))));
    const p = document.createElement("p");
    p.append(serializer.serializeFragment(Fragment.fromArray(inline)));
    out.append(p);
    return false;
  });
  return out.innerHTML;
}
