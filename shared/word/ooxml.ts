import { unzipSync, strFromU8 } from "fflate";
import { DOMParser } from "@xmldom/xmldom";
import type { Document, Element } from "@xmldom/xmldom";
import { DLInputError } from "../dl/input.ts";

/**
 * A Word file (.docx) opened: its parts unzipped with fflate and parsed into a DOM with
 * xmldom, walked by namespace and local name. OOXML is XML with namespaces, prefixes
 * chosen by each writer (Word, LibreOffice, the docx library) and entities: only a real
 * XML parser reads all three alike.
 */

/** WordprocessingML's main namespace (w:). */
export const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/** A Word file that cannot be read: not a zip, no document part, XML that does not parse. */
export class WordInputError extends DLInputError {
  override name = "WordInputError";
}

/** The parts the importer reads; the rest of the package (media, settings, themes) is left zipped. */
const PARTS = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "word/comments.xml", "word/footnotes.xml", "word/endnotes.xml"];

/** The most a part may hold once unzipped: a 300-page draft's document.xml is about 10 MB. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

export interface WordPackage {
  /** The part's XML as a DOM, or null when the package has no such part. */
  part(name: string): Document | null;
}

/** Opens a .docx; throws WordInputError when it is not a zip or has no word/document.xml. */
export function openDocx(bytes: Uint8Array): WordPackage {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new WordInputError("not a Word file (.docx): it is not a zip archive");
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!PARTS.includes(file.name)) return false;
        if (file.originalSize > MAX_PART_BYTES) throw new WordInputError(`${file.name} is too large once unzipped (${Math.round(file.originalSize / 1048576)} MB, the limit is ${MAX_PART_BYTES / 1048576} MB)`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof WordInputError) throw error;
    throw new WordInputError(`not a Word file (.docx): the zip archive cannot be read (${(error as Error).message})`);
  }
  if (!files["word/document.xml"]) throw new WordInputError("not a Word file (.docx): the archive has no word/document.xml");
  const parsed = new Map<string, Document>();
  return {
    part(name) {
      const data = files[name];
      if (!data) return null;
      let doc = parsed.get(name);
      if (!doc) {
        doc = parseXml(strFromU8(data), name);
        parsed.set(name, doc);
      }
      return doc;
    },
  };
}

/** Parses one part; a part that is not well-formed XML is a WordInputError naming it. */
export function parseXml(xml: string, name: string): Document {
  try {
    return new DOMParser({ onError: (level, message) => { if (level !== "warning") throw new Error(message); } }).parseFromString(xml, "application/xml");
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    throw new WordInputError(`${name} is not well-formed XML: ${message}`);
  }
}

/** The element children of `el`, in order. */
export function elements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** Whether `el` is w:`local`. */
export function isW(el: Element, local: string): boolean {
  return el.localName === local && el.namespaceURI === W;
}

/** The first w:`local` child of `el`, or null. */
export function child(el: Element | null, local: string): Element | null {
  if (!el) return null;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && isW(n as Element, local)) return n as Element;
  return null;
}

/** Every w:`local` child of `el`. */
export function childrenW(el: Element, local: string): Element[] {
  return elements(el).filter((e) => isW(e, local));
}

/** The w:`local` attribute of `el`, or null. */
export function attr(el: Element | null, local: string): string | null {
  if (!el) return null;
  return el.hasAttributeNS(W, local) ? el.getAttributeNS(W, local) : null;
}

/** A w:val toggle (w:b, w:i): on when present, unless its value says off. */
export function toggleOn(el: Element | null): boolean | null {
  if (!el) return null;
  const value = attr(el, "val");
  return value === null || !["0", "false", "off", "none"].includes(value);
}

/** The document element's w:body, or the root of a part. */
export function rootOf(doc: Document): Element {
  return doc.documentElement as Element;
}
