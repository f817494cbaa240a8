/**
 * Document references in square brackets: "DRAFT NEW RESOLUTION [WGPL/6]", "[PP-14/DT/12]",
 * "[Document ACP/25A1/2]", "[A/C.2/78/L.12]". ITU and UN texts write the source of a proposal
 * so; it is a citation, not text in dispute, so the DL reader keeps it as literal text and
 * never pairs its brackets (a disputed bracket is anything else between "[" and "]").
 *
 * What counts: one or more symbols, each a capital letter then letters, digits and "-",
 * then one or more "/"-separated parts (with "." or "-" inside: "C.2", "L.12", "23-E"),
 * holding a digit somewhere (so "[AND/OR]" stays a bracket), optionally after "Document"
 * ("Documents", "Doc.", "Documento") and before a revision, addendum or corrigendum in
 * parentheses; several joined by ", ", " and ", " et ", " y " or "; ".
 */

const PART = String.raw`[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*`;
const SYMBOL = String.raw`[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:/${PART})+`;
const AMENDMENT = String.raw`\s?\((?:Rev|Rév|Add|Corr?)\.\s?\d{1,3}\)`;
const ONE = String.raw`${SYMBOL}(?:${AMENDMENT})*`;
const PREFIX = String.raw`(?:(?:Documents?|Documentos?|Doc\.)\s)?`;
const JOIN = String.raw`(?:,\s|;\s|\s(?:and|et|y)\s)`;
const REFERENCE = new RegExp(String.raw`\[${PREFIX}${ONE}(?:${JOIN}${ONE}){0,9}\]`, "y");

/**
 * Length of the document reference ("[WGPL/6]") starting at `at` in `source` (its "["), or
 * 0 when none starts there. A reference followed by an annotation ("[WGPL/6]{USA - #b1}")
 * is a bracket the attributed variant wrote around such text, so it is not one.
 */
export function documentReferenceAt(source: string, at: number): number {
  REFERENCE.lastIndex = at;
  const match = REFERENCE.exec(source);
  if (!match || !/\d/.test(match[0]) || source.charCodeAt(at + match[0].length) === 123 /* { */) return 0;
  return match[0].length;
}

/** Whether "[" + `text` + "]" reads as a document reference (so a bracket around `text` must carry its annotation). */
export function isDocumentReference(text: string): boolean {
  const source = `[${text}]`;
  return documentReferenceAt(source, 0) === source.length;
}
