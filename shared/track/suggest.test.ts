import { test } from "node:test";
import assert from "node:assert/strict";
import { EditorState, TextSelection } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import { Slice, Fragment } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { splitBlock, deleteSelection, joinBackward } from "prosemirror-commands";
import { schema } from "../schema.ts";
import { trackTransaction } from "./suggest.ts";
import type { Author } from "./author.ts";
import * as b from "../../test/builders.ts";

const USA: Author = { by: "USA", at: "2026-11-28T10:00:00.000Z" };
const RUS: Author = { by: "RUS", at: "2026-11-28T10:01:00.000Z" };

const draft = () =>
  b.doc(
    b.symbol({ gap: 0 }, "Document DL/23-E (Rev.3)"),
    b.group(
      b.heading({ part: "operative" }, "resolves"),
      b.clause(b.label("1"), " that ITU should lead;"),
      b.clause(b.label("2"), " that ITU should report;"),
    ),
  );

const at = b.positionOf;

/** Runs a user action (a function building a transaction) through suggestion mode. */
function act(state: EditorState, author: Author, action: (s: EditorState) => Transaction | null): EditorState {
  const tr = action(state);
  if (!tr) return state;
  return state.apply(trackTransaction(state, tr, author));
}
function command(cmd: typeof splitBlock) {
  return (s: EditorState) => {
    let out: Transaction | null = null;
    cmd(s, (tr) => (out = tr));
    return out;
  };
}
const caret = (s: EditorState, pos: number) => s.apply(s.tr.setSelection(TextSelection.create(s.doc, pos)));
const select = (s: EditorState, from: number, to: number) => s.apply(s.tr.setSelection(TextSelection.create(s.doc, from, to)));
const type = (text: string) => (s: EditorState) => s.tr.insertText(text);
const backspace = (s: EditorState) => s.tr.delete(s.selection.from - 1, s.selection.from);
const forwardDelete = (s: EditorState) => s.tr.delete(s.selection.from, s.selection.from + 1);

/** The text of the clauses written with markup: <ins:USA>..</ins>, ~~RUS:..~~. */
function show(doc: PMNode): string[] {
  const lines: string[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    let line = node.attrs.inserted ? `{+${node.attrs.inserted.by}}` : "";
    if (node.attrs.deleted) line += `{-${node.attrs.deleted.by}}`;
    // Adjacent pieces of one change read as one, whatever other marks (the label) split them.
    const runs: { text: string; ins?: string; del?: string }[] = [];
    node.forEach((child) => {
      const ins = child.marks.find((m) => m.type.name === "insertion");
      const del = child.marks.find((m) => m.type.name === "deletion");
      const last = runs[runs.length - 1];
      const key = { ins: ins && `${ins.attrs.by}#${ins.attrs.id}`, del: del && `${del.attrs.by}#${del.attrs.id}` };
      if (last && last.ins === key.ins && last.del === key.del) last.text += child.text ?? "\n";
      else runs.push({ text: child.text ?? "\n", ...key });
    });
    for (const run of runs) {
      let t = run.text;
      if (run.del) t = `~~${run.del.split("#")[0]}:${t}~~`;
      if (run.ins) t = `<${run.ins.split("#")[0]}:${t}>`;
      line += t;
    }
    lines.push(line);
    return false;
  });
  return lines;
}

test("typed text is an insertion by the delegation", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "should "));
  s = act(s, USA, type("continue to "));
  assert.equal(show(s.doc)[2], "1 that ITU should <USA:continue to >lead;");
});

test("typing on continues the delegation's own insertion as one change, one run of text", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "should "));
  s = act(s, USA, type("con"));
  s = act(s, { ...USA, at: "2026-11-28T10:00:05.000Z" }, type("tinue"));
  let runs = 0;
  s.doc.descendants((n) => (n.isText && n.marks.some((m) => m.type.name === "insertion") && runs++, true));
  assert.equal(runs, 1, "a later keystroke keeps the change's first time");
  const ids = new Set<string>();
  s.doc.descendants((n) => (n.marks.forEach((m) => m.type.name === "insertion" && ids.add(m.attrs.id)), true));
  assert.equal(ids.size, 1);
  assert.equal(show(s.doc)[2], "1 that ITU should <USA:continue>lead;");
});

test("typing inside another delegation's insertion makes a new insertion of your own", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "should "));
  s = act(s, USA, type("continue to "));
  s = caret(s, at(s.doc, "contin"));
  s = act(s, RUS, type("X"));
  assert.equal(show(s.doc)[2], "1 that ITU should <USA:contin><RUS:X><USA:ue to >lead;");
});

test("typing at the edge of another's insertion does not extend it", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "should "));
  s = act(s, USA, type("continue to "));
  s = act(s, RUS, type("firmly "));
  assert.equal(show(s.doc)[2], "1 that ITU should <USA:continue to ><RUS:firmly >lead;");
});

test("a delegation's deletion of original text leaves it struck, and the caret moves on", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "lead"));
  s = act(s, RUS, backspace);
  s = act(s, RUS, backspace);
  assert.equal(show(s.doc)[2], "1 that ITU should le~~RUS:ad~~;");
  assert.equal(s.selection.head, at(s.doc, "le"));
  s = act(s, RUS, forwardDelete);
  assert.match(show(s.doc)[2], /should le~~RUS:ad~~;$/, "forward delete over struck text changes nothing");
});

test("deleting your own insertion removes it for real", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "should "));
  s = act(s, USA, type("continue"));
  s = act(s, USA, backspace);
  s = act(s, USA, backspace);
  assert.equal(show(s.doc)[2], "1 that ITU should <USA:contin>lead;");
});

test("deleting across a mix of own and others' text: own goes, the rest is struck", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "should "));
  s = act(s, USA, type("firmly "));
  s = select(s, at(s.doc, "ITU", true), at(s.doc, "lead"));
  s = act(s, USA, (st) => { let t: Transaction | null = null; deleteSelection(st, (x) => (t = x)); return t; });
  assert.equal(show(s.doc)[2], "1 that ~~USA:ITU should lead~~;");
  assert.ok(!s.doc.textContent.includes("firmly"));
});

test("deleting words that carry your insertion and another's strikes them: they are not yours alone to withdraw", () => {
  // The same words inserted by USA and by RUS (two insertion marks, as a move can leave them).
  const usa = schema.marks.insertion.create({ id: "i-usa", by: "USA", at: USA.at });
  const rus = schema.marks.insertion.create({ id: "i-rus", by: "RUS", at: RUS.at });
  let s = EditorState.create({ doc: draft() });
  const from = at(s.doc, "ITU should lead");
  s = s.apply(s.tr.insert(from, schema.text("jointly ", [usa, rus])));
  s = select(s, from, from + "jointly ".length);
  s = act(s, USA, (st) => { let t: Transaction | null = null; deleteSelection(st, (x) => (t = x)); return t; });
  assert.ok(s.doc.textContent.includes("jointly"), "USA's deletion removed words RUS had inserted too");
  const marks = new Set<string>();
  s.doc.nodesBetween(from, from + "jointly ".length, (node) => {
    for (const m of node.marks) marks.add(`${m.type.name}:${m.attrs.by}`);
  });
  assert.deepEqual([...marks].sort(), ["deletion:USA", "insertion:RUS", "insertion:USA"]);
});

test("replacing a selection is a deletion followed by an insertion", () => {
  let s = select(EditorState.create({ doc: draft() }), at(draft(), "lead", true), at(draft(), "lead"));
  s = act(s, RUS, type("coordinate"));
  assert.equal(show(s.doc)[2], "1 that ITU should ~~RUS:lead~~<RUS:coordinate>;");
});

test("Enter makes a new clause marked as inserted by the delegation", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "lead;"));
  s = act(s, USA, command(splitBlock));
  s = act(s, USA, type("1bis that ITU should also help;"));
  const lines = show(s.doc);
  assert.equal(lines.length, 5);
  assert.equal(lines[3], "{+USA}<USA:1bis that ITU should also help;>");
  assert.equal(s.doc.child(1).child(2).attrs.status, "pending");
});

test("Backspace at the start of your own new clause joins it back; at another's it only moves", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "lead;"));
  s = act(s, USA, command(splitBlock));
  s = act(s, USA, command(joinBackward));
  assert.deepEqual(show(s.doc), show(draft()));
  s = caret(s, at(s.doc, "2", true));
  const before = s.doc;
  s = act(s, RUS, command(joinBackward));
  assert.ok(s.doc.eq(before), "an original clause is not merged by a delegation");
});

test("deleting across clause boundaries strikes the text and marks whole clauses deleted", () => {
  const doc = b.doc(
    b.group(
      b.heading({ part: "operative", gap: 0 }, "resolves"),
      b.clause(b.label("1"), " one;"),
      b.clause(b.label("2"), " two;"),
      b.clause(b.label("3"), " three;"),
    ),
  );
  let s = select(EditorState.create({ doc }), at(doc, "one"), at(doc, " thr"));
  s = act(s, RUS, (st) => st.tr.deleteSelection());
  assert.deepEqual(show(s.doc), ["resolves", "1 one~~RUS:;~~", "{-RUS}~~RUS:2 two;~~", "~~RUS:3 thr~~ee;"]);
});

test("deleting across a delegation's own new clause that holds original words (from its split) strikes those words, the clause stays", () => {
  const own = { id: "i1", by: "RUS", at: "2026-11-28T10:00:00.000Z" };
  const doc = b.doc(
    b.group(
      b.heading({ part: "operative", gap: 0 }, "resolves"),
      b.clause(b.label("1"), " one and"),
      b.clause({ inserted: own }, "moved words"),
      b.clause(b.label("3"), " three;"),
    ),
  );
  let s = select(EditorState.create({ doc }), at(doc, "one"), at(doc, " thr"));
  s = act(s, RUS, (st) => st.tr.deleteSelection());
  assert.deepEqual(show(s.doc), ["resolves", "1 one~~RUS: and~~", "{+RUS}~~RUS:moved words~~", "~~RUS:3 thr~~ee;"]);
});

test("pasting several paragraphs inserts new clauses by the delegation", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "lead;"));
  const pasted = new Slice(Fragment.from([schema.nodes.clause.create(null, schema.text(" and UNESCO")), schema.nodes.clause.create(null, schema.text("3 that it reports."))]), 1, 1);
  s = act(s, CHN(), (st) => st.tr.replaceSelection(pasted));
  const lines = show(s.doc);
  assert.equal(lines[2], "1 that ITU should lead;<CHN: and UNESCO>");
  assert.equal(lines[3], "{+CHN}<CHN:3 that it reports.>");
});

test("a line break pasted into a clause the delegation did not add becomes a space; in its own new clause it stays", () => {
  let s = caret(EditorState.create({ doc: draft() }), at(draft(), "lead;"));
  const title = (text: string) => [schema.text(text), schema.nodes.line_break.create(), schema.text("BUSAN, 2014)")];
  const pasted = new Slice(Fragment.from([schema.nodes.clause.create(null, title(" (GUADALAJARA, 2010)")), schema.nodes.clause.create(null, title("(PP-10,"))]), 1, 1);
  s = act(s, CHN(), (st) => st.tr.replaceSelection(pasted));
  const lines = show(s.doc);
  assert.equal(lines[2], "1 that ITU should lead;<CHN: (GUADALAJARA, 2010) BUSAN, 2014)>");
  let breaks = 0;
  s.doc.descendants((node, _pos, parent) => {
    if (node.type === schema.nodes.line_break) {
      breaks++;
      assert.equal(parent?.attrs.inserted?.by, "CHN", "a line break stays only in CHN's own new clause");
      assert.deepEqual(node.marks, [], "a line break carries no marks (y-prosemirror stores marks only on text)");
    }
  });
  assert.equal(breaks, 1);
});

function CHN(): Author {
  return { by: "CHN", at: "2026-11-28T10:02:00.000Z" };
}

test("formatting steps are not proposals and are left out", () => {
  let s = select(EditorState.create({ doc: draft() }), at(draft(), "lead", true), at(draft(), "lead"));
  s = act(s, USA, (st) => st.tr.addMark(st.selection.from, st.selection.to, schema.marks.strong.create()));
  assert.ok(s.doc.eq(draft()));
});

test("a paste keeps its source's brackets and strikes as the paster's own; its source's insertions are the paster's insertion; a typed word never keeps them", () => {
  const doc = b.doc(b.group(b.heading("resolves"), b.clause(b.label("1"), " to act;")));
  const state = EditorState.create({ doc });
  let pos = -1;
  doc.descendants((n, p) => {
    if (n.isText && n.text === " to act;") pos = p + " to act".length;
  });
  const usa = (name: "deletion" | "bracket" | "insertion", id: string) => schema.marks[name].create({ id, by: "USA", at: USA.at, ...(name === "bracket" ? { note: "pending" } : {}) });
  const slice = new Slice(
    Fragment.from([schema.text("now ", [usa("insertion", "i1")]), schema.text("and here", [usa("bracket", "b1")]), schema.text(" soon", [usa("deletion", "d1")])]),
    0,
    0,
  );
  const pasted = state.apply(trackTransaction(state, state.tr.replace(pos, pos, slice).setMeta("paste", true), RUS));
  const marks = (text: string) => {
    let found: string[] = [];
    pasted.doc.descendants((n) => {
      if (n.isText && n.text === text) found = n.marks.map((m) => `${m.type.name}:${m.attrs.by}${m.attrs.note ? `:${m.attrs.note}` : ""}`).sort();
    });
    return found;
  };
  assert.deepEqual(marks("now "), ["insertion:RUS"]);
  assert.deepEqual(marks("and here"), ["bracket:RUS:pending", "insertion:RUS"]);
  assert.deepEqual(marks(" soon"), ["deletion:RUS", "insertion:RUS"]);
  // The same slice typed (not pasted) keeps nothing of the source's changes.
  const typed = state.apply(trackTransaction(state, state.tr.replace(pos, pos, slice), RUS));
  const kinds = new Set<string>();
  typed.doc.descendants((n) => {
    if (n.isText) for (const m of n.marks) kinds.add(`${m.type.name}:${m.attrs.by}`);
  });
  assert.deepEqual([...kinds].sort(), ["insertion:RUS", "label:undefined"]);
});
