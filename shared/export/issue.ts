import type { Node as PMNode } from "prosemirror-model";
import { withRevision } from "../meta.ts";
import { cleanDoc } from "../dl/clean.ts";
import { dateLineOf } from "./dates.ts";

/** A revision to issue the export as: Rev.`number` dated `date` ("2026-11-28" or "28 November 2026"). */
export interface RevisionInfo {
  number: number;
  date: string;
}

/** The document as the export shows it: with `revision`, its symbol and date lines carry that revision. */
export function issuedDocument(doc: PMNode, revision?: RevisionInfo): PMNode {
  return revision ? withRevision(doc, revision.number, dateLineOf(revision.date)) : doc;
}

/**
 * The clean text as every export gives it (the DL codec's own clean variant):
 * proposed deletions gone, whole blocks proposed for deletion too, insertions as
 * plain text, brackets kept.
 */
export function cleanExport(doc: PMNode): PMNode {
  return cleanDoc(doc);
}
