import assert from "node:assert/strict";
import { test } from "node:test";
import type { Node as PMNode } from "prosemirror-model";
import * as Y from "yjs";
import { prosemirrorToYXmlFragment } from "y-prosemirror";
import type { Actor } from "../../shared/permissions.ts";
import { schema } from "../../shared/schema.ts";
import { acceptChange } from "../../shared/track/decide.ts";
import { bindEditor } from "../../test/fuzz/editor.ts";
import type { Editor } from "../../test/fuzz/editor.ts";
import { receiveAsRoom } from "./saved-refusal.ts";

/**
 * A delegation's undo, through the editor's own undo (y-prosemirror's UndoManager, as the
 * client binds it), after the chair changed marks that the step being undone had only
 * tidied (fuzz seed 3 op #307). Clause "3 to continue the work": the label "3" and the
 * space after it are the chair's insertion, written as two runs ("3" with the label, " "
 * without), so Yjs holds an end of the insertion and a new start between them. USA types
 * at the clause's end; its editor re-applies the clause's marks and Yjs, doing so, replaces
 * that redundant end and start by nothing. The chair, not having seen it, accepts its
 * insertion (deleting the items that begin and end it); USA then undoes its typing.
 */

const DELEGATIONS = ["USA", "RUS", "CHN"];
const USA: Actor = { role: "delegation", code: "USA", delegations: DELEGATIONS };
const CHAIR: Actor = { role: "chair", code: null, delegations: DELEGATIONS };
const AT = "2026-12-01T09:00:00.000Z";
const chairInsertion = { id: "ichairlabel01", by: "chair", at: AT };

function startDoc(): PMNode {
  const ins = schema.marks.insertion!.create(chairInsertion);
  return schema.node("doc", null, [
    schema.node("clause_group", null, [
      schema.node("group_heading", null, [schema.text("resolves")]),
      schema.node("clause", null, [schema.text("3", [ins, schema.marks.label!.create()]), schema.text(" ", [ins]), schema.text("to continue the work")]),
    ]),
  ]);
}

interface Seat {
  doc: Y.Doc;
  editor: Editor;
  sent: Uint8Array[];
}

function seat(initial: Uint8Array, by: string | null): Seat {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initial);
  const sent: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "remote") sent.push(update);
  });
  const editor = bindEditor(doc, { role: by === null ? "chair" : "delegation", author: () => (by === null ? null : { by, at: AT }), locked: () => undefined, mode: "plugin" });
  return { doc, editor, sent };
}

/** The clause's runs: text and who holds an insertion on it. */
function runs(doc: Y.Doc): { text: string; inserted: string[] }[] {
  const clause = (doc.getXmlFragment("body").get(0) as Y.XmlElement).get(1) as Y.XmlElement;
  const text = clause.get(0) as Y.XmlText;
  return (text.toDelta() as { insert: string; attributes?: Record<string, { by?: string } | null> }[]).map((d) => ({
    text: d.insert,
    inserted: Object.entries(d.attributes ?? {})
      .filter(([key]) => key.startsWith("insertion"))
      .map(([, value]) => value?.by ?? "?"),
  }));
}

test("a delegation's undo after the chair accepted an insertion its step had only tidied: accepted, and no one's insertion spreads over the clause", () => {
  const server = new Y.Doc();
  prosemirrorToYXmlFragment(startDoc(), server.getXmlFragment("body"));
  const initial = Y.encodeStateAsUpdate(server);
  const usa = seat(initial, "USA");
  const chair = seat(initial, null);

  // USA types at the end of the clause.
  const end = usa.editor.view.state.doc.child(0).child(1);
  const clauseEnd = usa.editor.view.state.doc.child(0).child(0).nodeSize + 1 + end.nodeSize - 1;
  usa.editor.view.dispatch(usa.editor.view.state.tr.insertText(" firmly", clauseEnd));
  const typed = usa.sent.splice(0);
  // The chair, not having seen it, accepts its own insertion.
  chair.editor.view.dispatch(acceptChange(chair.editor.view.state, chairInsertion.id)!);
  const accepted = chair.sent.splice(0);

  for (const update of typed) assert.equal(receiveAsRoom(server, update, USA), null, "USA's typing is accepted");
  for (const update of accepted) assert.equal(receiveAsRoom(server, update, CHAIR), null, "the chair's acceptance is accepted");
  // USA hears of the acceptance, then undoes its typing.
  Y.applyUpdate(usa.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(usa.doc)), "remote");
  assert.deepEqual(runs(usa.doc), [
    { text: "3", inserted: [] },
    { text: " to continue the work", inserted: [] },
    { text: " firmly", inserted: ["USA"] },
  ]);
  usa.editor.undoManager.undo();
  const undone = usa.sent.splice(0);
  assert.ok(undone.length > 0, "the undo wrote something");
  for (const update of undone) assert.equal(receiveAsRoom(server, update, USA), null, "USA's undo is accepted");
  assert.deepEqual(runs(usa.doc), [
    { text: "3", inserted: [] },
    { text: " to continue the work", inserted: [] },
  ], "on USA's screen");
  assert.deepEqual(runs(server), [
    { text: "3", inserted: [] },
    { text: " to continue the work", inserted: [] },
  ], "on the server");
  usa.editor.destroy();
  chair.editor.destroy();
});

test("a delegation's undo of its strike still takes the strike off, tidied formatting or not", () => {
  const server = new Y.Doc();
  prosemirrorToYXmlFragment(startDoc(), server.getXmlFragment("body"));
  const usa = seat(Y.encodeStateAsUpdate(server), "USA");
  const state = usa.editor.view.state;
  let from = -1;
  state.doc.descendants((node, pos) => {
    if (node.isText && node.text!.includes("continue")) from = pos + node.text!.indexOf("continue");
  });
  usa.editor.view.dispatch(state.tr.delete(from, from + "continue".length));
  for (const update of usa.sent.splice(0)) assert.equal(receiveAsRoom(server, update, USA), null, "USA's strike is accepted");
  const struck = (server.getXmlFragment("body").toJSON() as string).includes("deletion");
  assert.ok(struck, "the strike is on the server");
  usa.editor.undoManager.undo();
  for (const update of usa.sent.splice(0)) assert.equal(receiveAsRoom(server, update, USA), null, "USA's undo is accepted");
  assert.deepEqual(runs(server), [
    { text: "3", inserted: ["chair"] },
    { text: " ", inserted: ["chair"] },
    { text: "to continue the work", inserted: [] },
  ]);
  usa.editor.destroy();
});
