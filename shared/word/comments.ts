import type { Document, Element } from "@xmldom/xmldom";
import { attr, childrenW, elements, isW, rootOf } from "./ooxml.ts";
import { isoTime } from "./revisions.ts";

/**
 * Word comments (word/comments.xml) as plain text: a comment's paragraphs joined by line
 * feeds, with who wrote it and when. (Footnotes and endnotes are read as body text is:
 * readNotes in paragraphs.ts.)
 * Where a comment stands and what it covers comes from w:commentRangeStart / End in the
 * body (paragraphs.ts).
 */

export interface WordCommentText {
  id: string;
  author: string;
  at: string | null;
  text: string;
}

/** The comments of the file by id, in the part's order. */
export function readComments(part: Document | null): WordCommentText[] {
  if (!part) return [];
  return childrenW(rootOf(part), "comment").map((el) => ({
    id: attr(el, "id") ?? "",
    author: (attr(el, "author") ?? "").trim(),
    at: isoTime(attr(el, "date")),
    text: paragraphsText(el),
  }));
}

/** The text of the paragraphs under `el`, one line each; a tab as a space. */
function paragraphsText(el: Element): string {
  const lines: string[] = [];
  const walk = (node: Element) => {
    for (const c of elements(node)) {
      if (isW(c, "p")) lines.push(textOf(c).trim());
      else walk(c);
    }
  };
  walk(el);
  return lines.filter(Boolean).join("\n");
}

function textOf(el: Element): string {
  let text = "";
  for (const c of elements(el)) {
    if (isW(c, "t") || isW(c, "delText")) text += c.textContent ?? "";
    else if (isW(c, "tab")) text += " ";
    else if (isW(c, "br")) text += "\n";
    else text += textOf(c);
  }
  return text;
}
