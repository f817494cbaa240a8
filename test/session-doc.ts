import { readFileSync } from "node:fs";
import { EditorState, TextSelection } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import { splitBlock } from "prosemirror-commands";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "../shared/dl/parse.ts";
import { trackTransaction } from "../shared/track/suggest.ts";
import { addBracket } from "../shared/track/bracket.ts";
import type { Author } from "../shared/track/author.ts";
import { positionOf } from "./builders.ts";

/**
 * A session as tests see it: the reference document, then proposals made the way the
 * editor makes them (suggestion mode): the United States inserts words and adds a
 * clause, the Russian Federation strikes words and a whole clause and brackets a
 * phrase with a note.
 */
export const seedText = readFileSync(new URL("./fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
export const USA: Author = { by: "USA", at: "2026-11-28T10:15:00.000Z" };
export const RUS: Author = { by: "RUS", at: "2026-11-28T10:20:30.000Z" };
export const DELEGATIONS = { USA: "United States", RUS: "Russian Federation" };


function act(state: EditorState, author: Author, action: (s: EditorState) => Transaction | null): EditorState {
  const tr = action(state);
  return tr ? state.apply(trackTransaction(state, tr, author)) : state;
}
const caret = (s: EditorState, pos: number) => s.apply(s.tr.setSelection(TextSelection.create(s.doc, pos)));

/** The seed after the two delegations' proposals. */
export function sessionDocument(): PMNode {
  let s = EditorState.create({ doc: parse(seedText).doc });
  // USA: words inserted in considering a).
  s = caret(s, positionOf(s.doc, "in building the inclusive", true));
  s = act(s, USA, (st) => st.tr.insertText("effectively "));
  // RUS: words struck in the same clause.
  s = act(s, RUS, (st) => st.tr.delete(positionOf(st.doc, "and leading ", true), positionOf(st.doc, "and leading ")));
  // USA: a new clause after recalling d), with a "<" & ">" to escape.
  s = caret(s, positionOf(s.doc, "review of implementation of the WSIS outcomes,"));
  s = act(s, USA, (st) => {
    let out: Transaction | null = null;
    splitBlock(st, (tr) => (out = tr));
    return out;
  });
  s = act(s, USA, (st) => st.tr.insertText("e) Resolution 200 <Busan> & \"others\";"));
  // RUS: the whole of recalling further c) proposed for deletion.
  const start = positionOf(s.doc, " the outcomes of the Ministerial", true) - "c)".length;
  const end = positionOf(s.doc, "WSIS Forum 2013;");
  s = act(s, RUS, (st) => st.tr.delete(start - 2, end));
  // RUS: a phrase bracketed with a note.
  const bracketed = addBracket(s, positionOf(s.doc, "the two phases of WSIS", true), positionOf(s.doc, "the two phases of WSIS"), RUS, "pending consultations");
  if ("refused" in bracketed) throw new Error(bracketed.refused);
  s = s.apply(bracketed);
  return s.doc;
}

