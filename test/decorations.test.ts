import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { EditorState } from "prosemirror-state";
import { canSplit } from "prosemirror-transform";
import { ySyncPluginKey } from "y-prosemirror";
import type { Plugin } from "prosemirror-state";
import type { DecorationSet } from "prosemirror-view";
import { parse } from "../shared/dl/parse.ts";
import { schema } from "../shared/schema.ts";
import { bracketSigns, bracketSignsKey } from "../client/brackets.ts";
import { blockChanges, blockChangesKey } from "../client/block-changes.ts";
import { prng } from "./random-doc.ts";

const reference = parse(readFileSync(new URL("./fixtures/dl-23-rev2.txt", import.meta.url), "utf8")).doc;

/** What a decoration set draws: where, and which widget or class. */
function drawn(set: DecorationSet | undefined): string[] {
  return (set?.find() ?? []).map((d) => `${d.from}-${d.to} ${(d.spec as { key?: string }).key ?? ""} ${JSON.stringify((d as unknown as { type: { attrs?: unknown } }).type.attrs ?? "")}`).sort();
}

// The bracket signs and block tags move with typed text instead of being read from the whole
// draft on each keystroke (client/text-edits.ts): after any run of edits they must be what a
// fresh reading of the same document draws.
test("bracket signs and block tags kept across edits equal a fresh reading of the document", () => {
  const plugins: Plugin[] = [bracketSigns(), blockChanges(() => [])];
  const random = prng(7);
  const pick = (n: number) => Math.floor(random() * n);
  let state = EditorState.create({ schema, doc: reference, plugins });
  const blocks: number[] = [];
  let mapped = 0;
  for (let step = 0; step < 400; step++) {
    blocks.length = 0;
    state.doc.descendants((node, pos) => (node.isTextblock ? (blocks.push(pos), false) : true));
    const pos = blocks[pick(blocks.length)]!;
    const block = state.doc.nodeAt(pos)!;
    const at = pos + 1 + pick(block.content.size + 1);
    const tr = state.tr;
    const kind = pick(5);
    if (kind === 0) tr.insertText("x", at);
    else if (kind === 1) tr.insert(at, schema.text("new ", [schema.marks.insertion.create({ id: `i${step}`, by: "USA", at: null })]));
    else if (kind === 2) tr.delete(at, Math.min(pos + 1 + block.content.size, at + 1 + pick(6)));
    else if (kind === 3) tr.addMark(at, Math.min(pos + 1 + block.content.size, at + 4), schema.marks.bracket.create({ id: `b${step}`, by: "RUS", at: null }));
    else if (canSplit(tr.doc, at)) tr.split(at);
    if (!tr.docChanged) continue;
    if (random() < 0.5) {
      // As a remote update arrives through y-prosemirror: the whole document replaced, untouched blocks the same nodes.
      const remote = state.tr.replaceWith(0, state.doc.content.size, tr.doc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true });
      state = state.apply(remote);
    } else {
      state = state.apply(tr);
    }
    const fresh = EditorState.create({ schema, doc: state.doc, plugins });
    assert.deepEqual(drawn(bracketSignsKey.getState(state)), drawn(bracketSignsKey.getState(fresh)), `bracket signs after step ${step} (${kind})`);
    assert.deepEqual(drawn(blockChangesKey.getState(state)), drawn(blockChangesKey.getState(fresh)), `block tags after step ${step} (${kind})`);
    if (kind <= 2) mapped++;
  }
  assert.ok(mapped > 150);
});
