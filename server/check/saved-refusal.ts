import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import type { Actor } from "../../shared/permissions.ts";
import { carry } from "./carry.ts";
import { ChangeIds } from "./change-ids.ts";
import { Moves } from "./moves.ts";
import type { MovesJSON } from "./moves.ts";
import { landedInCollected } from "./no-change.ts";
import { LOST_WRITE } from "./touched.ts";
import { checkTransaction } from "./transaction.ts";

/**
 * A refusal saved from a fuzz run (test/fuzz, FUZZ_DUMP) for a test to replay: the server's
 * document just before the update came, the update, its sender, and (when saved) the room's
 * record of recent moves, in server/check/fixtures/NAME.json.gz; and the room's way of
 * receiving it.
 */
export interface SavedRefusal {
  actor: Actor;
  /** The update as it was sent. */
  update: Uint8Array;
  /** A fresh copy of the server's document before it. */
  serverDoc(): Y.Doc;
  /** A fresh copy of the room's record of recent moves then (empty when the fixture has none). */
  moves(): Moves;
}

export function savedRefusal(name: string): SavedRefusal {
  const saved = JSON.parse(gunzipSync(readFileSync(new URL(`./fixtures/${name}.json.gz`, import.meta.url))).toString("utf8")) as { actor: Actor; view: string; update: string; moves?: MovesJSON | null };
  return {
    actor: saved.actor,
    update: Buffer.from(saved.update, "base64"),
    serverDoc() {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Buffer.from(saved.view, "base64"));
      return doc;
    },
    moves: () => (saved.moves ? Moves.fromJSON(saved.moves) : new Moves()),
  };
}

/**
 * Applies `update` as the room does (the update and its carry one transaction, checked as
 * one) and returns the verdict; `moves`: the room's record of recent moves (none by default).
 */
export function receiveAsRoom(doc: Y.Doc, update: Uint8Array, actor: Actor, moves = new Moves()): string | null {
  const origin = { actor };
  const decoded = Y.decodeUpdate(update);
  const ids = ChangeIds.of(doc.getXmlFragment("body"));
  let carried: ReturnType<typeof carry> | null = null;
  let verdict: string | null = null;
  const check = (transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    // As the room asks it (server/room.ts): content Yjs collected on arrival first.
    verdict = landedInCollected(decoded, doc, transaction.beforeState, carried?.carried)
      ? LOST_WRITE
      : checkTransaction(transaction, doc.getXmlFragment("body"), actor, ids, carried?.carried, carried?.links);
  };
  doc.on("beforeObserverCalls", check);
  try {
    doc.clientID = 7;
    Y.transact(
      doc,
      (transaction) => {
        Y.applyUpdate(doc, update, origin);
        carried = carry(transaction, decoded, actor, moves);
        if (carried.operations > 0) transaction.local = true;
      },
      origin,
      false,
    );
  } finally {
    doc.off("beforeObserverCalls", check);
  }
  return verdict;
}
