import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { EditorState } from "prosemirror-state";
import * as Y from "yjs";
import { prosemirrorToYXmlFragment, updateYFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { parse } from "../shared/dl/parse.ts";
import type { Actor } from "../shared/permissions.ts";
import { schema } from "../shared/schema.ts";
import { trackTransaction } from "../shared/track/suggest.ts";
import { carry } from "../server/check/carry.ts";
import { Moves } from "../server/check/moves.ts";
import { checkTransaction } from "../server/check/transaction.ts";
import { largeDocument } from "./codec.ts";
import { rowOf } from "./measure.ts";
import type { Row } from "./measure.ts";

const seed = readFileSync(new URL("../test/fixtures/dl-23-rev2.txt", import.meta.url), "utf8");
const USA: Actor = { role: "delegation", code: "USA", delegations: ["USA", "RUS"] };

/** `count` honest USA proposals, one after the other, as the Yjs updates a client sends; the first state too. */
function proposals(text: string, count: number): { initial: Uint8Array; updates: Uint8Array[] } {
  const client = new Y.Doc();
  prosemirrorToYXmlFragment(parse(text).doc, client.getXmlFragment("body"));
  const initial = Y.encodeStateAsUpdate(client);
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) {
    const doc = yXmlFragmentToProseMirrorRootNode(client.getXmlFragment("body"), schema);
    // Spread over the document: the i-th of `count` places where "WSIS" is written.
    const places: number[] = [];
    doc.descendants((node, pos) => {
      if (node.isText) for (let at = node.text!.indexOf("WSIS"); at >= 0; at = node.text!.indexOf("WSIS", at + 1)) places.push(pos + at);
      return true;
    });
    const state = EditorState.create({ doc });
    const at = places[Math.floor(((i + 0.5) / count) * places.length)]!;
    const tr = trackTransaction(state, state.tr.insertText("firmly ", at), { by: "USA", at: new Date().toISOString() });
    client.transact(() => updateYFragment(client, client.getXmlFragment("body"), state.apply(tr).doc, { mapping: new Map(), isOMark: new Map() }));
  }
  return { initial, updates };
}

/** Applies each update to a server doc with the room's check, timing the check alone and the whole apply. */
function timeChecks(name: string, text: string, count: number): Row[] {
  const { initial, updates } = proposals(text, count);
  const server = new Y.Doc();
  Y.applyUpdate(server, initial);
  const checks: number[] = [];
  const carries: number[] = [];
  const applies: number[] = [];
  const origin = {};
  const moves = new Moves();
  server.on("beforeObserverCalls", (transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    const start = performance.now();
    const verdict = checkTransaction(transaction, server.getXmlFragment("body"), USA);
    checks.push(performance.now() - start);
    if (verdict) throw new Error(`an honest proposal was refused: ${verdict}`);
  });
  for (const update of updates) {
    const start = performance.now();
    // As the room applies it: the update, then the server finishing its moves, one transaction.
    Y.transact(
      server,
      (transaction) => {
        Y.applyUpdate(server, update, origin);
        const carryStart = performance.now();
        carry(transaction, Y.decodeUpdate(update), USA, moves);
        carries.push(performance.now() - carryStart);
      },
      origin,
      false,
    );
    applies.push(performance.now() - start);
  }
  return [rowOf(`check one proposal, ${name}`, checks), rowOf(`carry (finish moves) one proposal, ${name}`, carries), rowOf(`apply + carry + check one proposal, ${name}`, applies)];
}

/**
 * The check of an update against its sender's role (issue 5), per update: on the seed
 * and on a 300-page session. The last row is the ratio of the medians (target < 2:
 * the check grows with the change and its paragraphs, not with the document).
 */
export function checkRows(): Row[] {
  timeChecks("warm-up", seed, 20);
  const small = timeChecks("seed (28 KB)", seed, 40);
  const large = timeChecks("300 pages (1 MB)", largeDocument(), 40);
  const ratio = large[0]!.medianMs / small[0]!.medianMs;
  return [...small, ...large, { name: "ratio of the check medians, 300 pages / seed", medianMs: ratio, minMs: ratio, maxMs: ratio, runs: 1 }];
}
