import * as Y from "yjs";
import { symbolLineText } from "../meta.ts";
import type { SymbolLine } from "../symbol.ts";

/**
 * Once a revision is issued, the live draft continues from it: its symbol line reads
 * "Document DL/23-E (Rev.3)" and its date line the revision's date, as the issued text does
 * (shared/meta.ts withRevision). Written into the session's Y.XmlFragment as the smallest
 * edit of each line's text (the "2" of "(Rev.2)" becomes "3"), so proposals elsewhere in those
 * lines keep their marks and the change reads as one small step in every editor. Returns
 * whether anything changed. The first accepted line of each kind counts, as readMeta reads it.
 */
export function setRevisionLines(body: Y.XmlFragment, symbol: string | SymbolLine, revision: number, date: string): boolean {
  let changed = false;
  for (const [kind, text] of [
    ["symbol_line", symbolLineText(symbol, revision)],
    ["date_line", date],
  ] as const) {
    const line = body.toArray().find((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === kind && !child.getAttribute("inserted"));
    const target = line?.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
    if (target && replaceText(target, text)) changed = true;
  }
  return changed;
}

/** Makes the text read `wanted` by replacing only what lies between their common start and end. */
function replaceText(text: Y.XmlText, wanted: string): boolean {
  const now = (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === "string" ? d.insert : "")).join("");
  if (now === wanted) return false;
  let start = 0;
  while (start < now.length && start < wanted.length && now[start] === wanted[start]) start++;
  let end = 0;
  while (end < now.length - start && end < wanted.length - start && now[now.length - 1 - end] === wanted[wanted.length - 1 - end]) end++;
  const removed = now.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const added = wanted.slice(start, wanted.length - end);
  // Written plain: Yjs turns off, for these letters, any mark in force around them.
  if (added) text.insert(start, added, {});
  return true;
}
