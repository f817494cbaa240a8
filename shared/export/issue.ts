import type { Node as PMNode } from "prosemirror-model";
import { readMeta, withRevision } from "../meta.ts";
import { dateLineOf } from "./dates.ts";

/** A revision to issue the export as: Rev.`number` dated `date` ("2026-11-28" or "28 November 2026"). */
export interface RevisionInfo {
  number: number;
  date: string;
}

/** The document as the export shows it: with `revision`, its symbol and date lines carry that revision. */
export function issuedDocument(doc: PMNode, revision?: RevisionInfo): PMNode {
  return revision ? withRevision(doc, revision.number, dateLineOf(revision.date, readMeta(doc).lang)) : doc;
}
