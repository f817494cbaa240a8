import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Fragment, Slice } from "prosemirror-model";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { EditorState, TextSelection } from "prosemirror-state";
import { parse } from "../../shared/dl/parse.ts";
import { schema } from "../../shared/schema.ts";
import { trackTransaction } from "../../shared/track/suggest.ts";
import { WORD_PASTE_ID } from "../../shared/word/clipboard-html.ts";
import { wordPasteAuthors } from "../../client/clipboard.ts";
import { DELEGATIONS, NOW, Scene, VICTIM, WITNESS, expectRefused, insertAfter, useLab, write, yMark } from "./harness.ts";

/**
 * A paste of Word's tracked changes, as the editor makes it (shared/track/suggest.ts with the
 * page's rule, client/clipboard.ts wordPasteAuthors) and as the server judges it: the
 * secretariat, who holds the pen for the delegations, keeps a Word insertion as the delegation
 * its author maps to; a delegation's paste is all its own, and a crafted one attributed to
 * another delegation is refused.
 */

const lab = useLab();
const WORD_AT = "2026-12-01T09:00:00.000Z";
const codes = DELEGATIONS.map((d) => d.code);

/** The pasted words as the editor's reading of Word's HTML gives them: USA's Word insertion, then plain words. */
function wordSlice(): Slice {
  const usa = schema.marks.insertion.create({ id: `${WORD_PASTE_ID}1`, by: "USA", at: WORD_AT });
  return new Slice(Fragment.from([schema.text(" universal", [usa]), schema.text(" and affordable")]), 0, 0);
}

/** Pastes the slice after VICTIM's words as `by` would, with the page's rule for `role`; the pasted text's runs and marks. */
function pasteAs(role: "secretariat" | "delegation", code: string | null, by: string): { text: string; marks: Mark[] }[] {
  const { doc } = parse(`considering\n\nd) ${VICTIM}\n`);
  let state = EditorState.create({ schema, doc });
  let end = 0;
  state.doc.descendants((node, pos) => {
    if (node.isText && node.text!.endsWith(VICTIM.slice(-20))) end = pos + node.nodeSize;
  });
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)));
  const keep = wordPasteAuthors({ role, code, delegations: codes }, DELEGATIONS);
  const tr = state.tr.replaceSelection(wordSlice()).setMeta("paste", true);
  const out = trackTransaction(state, tr, { by, at: NOW }, keep);
  const runs: { text: string; marks: Mark[] }[] = [];
  out.doc.descendants((node: PMNode) => {
    if (node.isText && schema.marks.insertion.isInSet(node.marks)) runs.push({ text: node.text!, marks: [...node.marks] });
  });
  return runs;
}

/** The runs as Yjs formatting attributes (each mark under its own key). */
const attributesOf = (marks: readonly Mark[]) => Object.assign({}, ...marks.map((m) => yMark(m.type.name, m.attrs as Record<string, unknown>)));

describe("pasting Word's tracked changes", () => {
  test("the secretariat typing for RUS keeps Word's insertion as USA's (its time too); the rest is RUS's", () => {
    const runs = pasteAs("secretariat", null, "RUS");
    assert.deepEqual(
      runs.map((r) => [r.text, r.marks.filter((m) => m.type.name === "insertion").map((m) => `${m.attrs.by} ${m.attrs.at}`)]),
      [[" universal", [`USA ${WORD_AT}`]], [" and affordable", [`RUS ${NOW}`]]],
    );
    assert.ok(!String(runs[0]!.marks.find((m) => m.type.name === "insertion")!.attrs.id).startsWith(WORD_PASTE_ID), "a fresh id");
  });

  test("a delegation's paste stays all its own", () => {
    const runs = pasteAs("delegation", "RUS", "RUS");
    assert.deepEqual(runs.map((r) => r.marks.filter((m) => m.type.name === "insertion").map((m) => m.attrs.by)), [["RUS"]]);
  });

  test("an insertion copied from the draft (not Word's) is the secretariat's paste's author's, as before", () => {
    const keep = wordPasteAuthors({ role: "secretariat", code: null, delegations: codes }, DELEGATIONS);
    assert.equal(keep({ by: "USA", id: "i123" }), false);
    assert.equal(keep({ by: "USA", id: `${WORD_PASTE_ID}1` }), true);
    assert.equal(keep({ by: "ZZZ", id: `${WORD_PASTE_ID}1` }), false, "a delegation not in the session");
  });

  test("the server accepts the secretariat's paste with USA's insertion and relays it", async () => {
    const scene = await Scene.open(lab);
    try {
      const witness = await scene.connect(WITNESS);
      const secretariat = await scene.connect("secretariat");
      const runs = pasteAs("secretariat", null, "RUS");
      secretariat.doc.transact(() => {
        insertAfter(secretariat.doc, VICTIM, runs[1]!.text, attributesOf(runs[1]!.marks));
        insertAfter(secretariat.doc, VICTIM, runs[0]!.text, attributesOf(runs[0]!.marks));
      });
      await secretariat.roundTrip();
      assert.deepEqual(secretariat.refusals, []);
      await witness.roundTrip();
      const exported = await scene.exportText();
      assert.match(exported, /<ins> universal<\/ins>\{USA 2026-12-01T09:00:00\.000Z #[^}]+\}<ins> and affordable<\/ins>\{RUS /);
    } finally {
      await scene.close();
    }
  });

  test("a delegation's paste attributed to another delegation is refused", async (t) => {
    const runs = pasteAs("secretariat", null, "RUS");
    await expectRefused(t, lab, "RUS", write((doc) => insertAfter(doc, VICTIM, runs[0]!.text, attributesOf(runs[0]!.marks))), [/writing as USA/]);
  });
});
