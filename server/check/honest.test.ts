import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { splitBlock } from "prosemirror-commands";
import type { Node as PMNode } from "prosemirror-model";
import { EditorState, TextSelection } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import * as Y from "yjs";
import { prosemirrorToYXmlFragment, updateYFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { parse } from "../../shared/dl/parse.ts";
import type { Actor } from "../../shared/permissions.ts";
import { schema } from "../../shared/schema.ts";
import { addBracket } from "../../shared/track/bracket.ts";
import { acceptChange, changeIds, rejectChange } from "../../shared/track/decide.ts";
import { trackTransaction } from "../../shared/track/suggest.ts";
import { prng } from "../../test/random-doc.ts";
import { checkTransaction } from "./transaction.ts";

/**
 * The honest editor is never refused: seeded runs of the tracked-change operations
 * (typing, deleting across own and others' text, Enter, Backspace, brackets, the chair's
 * decisions) made on ProseMirror states, written to Y.Docs the way y-prosemirror does,
 * and each update checked on a server doc exactly as the room checks it.
 */

const seedText = readFileSync(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
const start = parse(seedText.slice(0, seedText.indexOf("\n\nconsidering further"))).doc;
const DELEGATIONS = ["USA", "RUS", "CHN"];

/** Applies `update` to `server` as the room does and returns the check's verdict. */
function checkedApply(server: Y.Doc, update: Uint8Array, actor: Actor): string | null {
  let verdict: string | null = null;
  const origin = { actor };
  const listener = (transaction: Y.Transaction) => {
    if (transaction.origin === origin) verdict = checkTransaction(transaction, server.getXmlFragment("body"), actor);
  };
  server.on("beforeObserverCalls", listener);
  try {
    Y.applyUpdate(server, update, origin);
  } finally {
    server.off("beforeObserverCalls", listener);
  }
  return verdict;
}

function textPositions(doc: PMNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i <= node.text!.length; i += 5) positions.push(pos + i);
    return true;
  });
  return positions;
}

function honestRun(seed: number, rounds: number): { checked: number } {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const server = new Y.Doc();
  prosemirrorToYXmlFragment(start, server.getXmlFragment("body"));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  let checked = 0;
  for (let round = 0; round < rounds; round++) {
    const seat = pick(["USA", "RUS", "CHN", "secretariat", "chair"] as const);
    const actor: Actor = seat === "chair" || seat === "secretariat" ? { role: seat, code: null, delegations: DELEGATIONS } : { role: "delegation", code: seat, delegations: DELEGATIONS };
    const by = seat === "secretariat" ? pick(["secretariat", ...DELEGATIONS]) : seat;
    const doc = yXmlFragmentToProseMirrorRootNode(client.getXmlFragment("body"), schema);
    const at = pick(textPositions(doc));
    let state = EditorState.create({ doc });
    state = state.apply(state.tr.setSelection(TextSelection.create(doc, at)));
    const author = { by, at: new Date(Date.UTC(2026, 10, 28, 10, round)).toISOString() };
    let tr: Transaction | null = null;
    const action = random();
    if (seat === "chair" && action < 0.5) {
      const ids = changeIds(doc);
      if (ids.length > 0) tr = random() < 0.5 ? acceptChange(state, pick(ids)) : rejectChange(state, pick(ids));
    } else {
      let user: Transaction | null = null;
      if (action < 0.35) user = state.tr.insertText(pick(["firmly ", "a", "UNESCO", "; and", "2015", "e"]));
      else if (action < 0.65) {
        const to = Math.min(at + 1 + Math.floor(random() * 40), doc.content.size - 1);
        user = state.tr.setSelection(TextSelection.between(doc.resolve(at), doc.resolve(to))).deleteSelection();
      } else if (action < 0.75) splitBlock(state, (t) => (user = t));
      else if (action < 0.85) {
        if (at > 1) user = state.tr.delete(at - 1, at);
      } else {
        const to = Math.min(at + 1 + Math.floor(random() * 20), doc.content.size - 1);
        const bracket = addBracket(state, at, to, author);
        if (!("refused" in bracket)) tr = bracket;
      }
      if (user && (user as Transaction).docChanged) tr = trackTransaction(state, user, author);
    }
    if (!tr || !tr.docChanged) continue;
    const next = state.apply(tr).doc;
    const updates: Uint8Array[] = [];
    const collect = (u: Uint8Array) => updates.push(u);
    client.on("update", collect);
    client.transact(() => updateYFragment(client, client.getXmlFragment("body"), next, { mapping: new Map(), isOMark: new Map() }));
    client.off("update", collect);
    for (const update of updates) {
      const verdict = checkedApply(server, update, actor);
      assert.equal(verdict, null, `seed ${seed}, round ${round}: ${seat} as ${by} was refused: ${verdict}`);
      checked += 1;
    }
    // The server's own formatting cleanups go back to the client, as the room relays them.
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
  }
  return { checked };
}

test("the honest editor's proposals, brackets and the chair's decisions are never refused", () => {
  let checked = 0;
  for (let seed = 1; seed <= 40; seed++) checked += honestRun(seed, 60).checked;
  assert.ok(checked > 1000, `only ${checked} updates were checked`);
});
