import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import type { Node as PMNode } from "prosemirror-model";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { largeDocument } from "../../bench/codec.ts";
import { changeIds, decideChanges } from "../../shared/track/decide.ts";
import { trackTransaction } from "../../shared/track/suggest.ts";
import { auditSession } from "../audit.ts";
import { formatEntry } from "../cli/audit.ts";
import { Store } from "../store.ts";
import type { TestPeer } from "../test-peer.ts";
import { rangeOf } from "../test-peer.ts";
import { AllSelection } from "prosemirror-state";
import { PLENARY, syncMessage, until } from "../test-support.ts";
import { CLAUSES, Scene, clauseSummary, useLab } from "./harness.ts";

/**
 * Hole 5: large changes. The chair accepting every change of a 300-page document (the
 * reference body repeated to 1 MB, as bench/codec.ts builds it), a delegation pasting
 * 1 MB of text, and a delegation's select-all-and-type at 300 pages are accepted, or
 * refused with a reason, and never crash ("Maximum call stack size exceeded"); the audit
 * of the session reads it all.
 */

const LONG_MS = 120_000;
const CRASH = /Maximum call stack|could not read|RangeError|TypeError/i;

const lab = useLab();

/** Waits (long) until the server has handled everything the peer sent: its answer to a sync step 1. */
function settle(peer: TestPeer, ms = LONG_MS): Promise<void> {
  return until<void>(
    "the server's answer to a large update",
    (done) => {
      const listener = (data: Buffer) => {
        if (data[0] === 0 && data[1] === syncProtocol.messageYjsSyncStep2) done();
      };
      peer.socket.on("message", listener);
      peer.send(syncMessage(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(peer.doc)));
      return () => peer.socket.off("message", listener);
    },
    ms,
  );
}

/** The outcome of a large update: accepted (stored once, by the sender) or refused with a reason that is not a crash. */
async function outcome(scene: Scene, peer: TestPeer, seat: string, before: number): Promise<"accepted" | "refused"> {
  await settle(peer);
  assert.equal(peer.open, true, "the sender's connection is still open (not closed as too large or broken)");
  const stored = scene.storedAfter(before);
  if (peer.refusals.length > 0) {
    const reason = peer.refusals[0]!;
    assert.ok(reason.trim() !== "", "the refusal gives a reason");
    assert.doesNotMatch(reason, CRASH, `refused because the check crashed: "${reason}"`);
    assert.deepEqual(stored, [], "a refused update is not stored");
    return "refused";
  }
  assert.equal(stored.length, 1, `accepted and stored once: ${stored.join(", ")}`);
  assert.match(stored[0]!, new RegExp(` by ${seat} `));
  return "accepted";
}

/** The audit of the session reads every entry, in process and through `plenary audit --json`. */
function auditReads(scene: Scene): void {
  const store = Store.open(scene.dataDir);
  try {
    const entries = auditSession(store, scene.id);
    assert.ok(entries.length >= 2);
    for (const entry of entries) formatEntry(entry);
  } finally {
    store.close();
  }
  const cli = spawnSync(process.execPath, [PLENARY, "audit", scene.id, "--data", scene.dataDir, "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: LONG_MS });
  assert.doesNotMatch(cli.stderr, /Maximum call stack/);
  assert.equal(cli.status, 0, `plenary audit exited ${cli.status}: ${cli.stderr.slice(0, 500)}`);
  assert.ok(Array.isArray(JSON.parse(cli.stdout)));
}

/** Makes and sends a large update (`send`), then waits for the server's verdict; reports both times. */
async function timed<T>(t: { diagnostic(message: string): void }, peer: TestPeer, send: () => void, verdict: () => Promise<T>): Promise<T> {
  const started = performance.now();
  send();
  const sent = performance.now();
  const result = await verdict();
  const answered = performance.now();
  const refusal = peer.refusals[0] ? `: ${peer.refusals[0]}` : "";
  t.diagnostic(`${String(result)}${refusal}; the client built and sent it in ${Math.round(sent - started)} ms, the server answered ${Math.round(answered - sent)} ms later`);
  return result;
}

const countMarks = (doc: PMNode, name: string) => {
  let count = 0;
  doc.descendants((node) => {
    if (node.marks.some((m) => m.type.name === name)) count += 1;
  });
  return count;
};

describe("hole 5: large changes are accepted or refused with a reason, never a crash", () => {
  test("the chair accepting every change of a 300-page document", { timeout: 4 * LONG_MS }, async (t) => {
    const scene = await Scene.open(lab, undefined, largeDocument());
    try {
      const chair = await scene.connect("chair");
      const state = chair.state();
      const ids = changeIds(state.doc);
      t.diagnostic(`${ids.length} changes`);
      assert.ok(ids.length > 2000, `a 300-page document has thousands of changes (${ids.length})`);
      const before = scene.seq();
      const result = await timed(t, chair, () => chair.apply(decideChanges(state, "accept")!), () => outcome(scene, chair, "chair", before));
      const fresh = await scene.freshBody();
      if (result === "accepted") {
        assert.equal(countMarks(fresh, "deletion") + countMarks(fresh, "insertion"), 0, "no change left after accept-all");
      }
      await scene.exportText();
      auditReads(scene);
    } finally {
      await scene.close();
    }
  });

  test("a delegation pasting 1 MB of text", { timeout: 2 * LONG_MS }, async (t) => {
    const scene = await Scene.open(lab);
    try {
      const usa = await scene.connect("USA");
      const pasted = "lorem ipsum dolor sit amet, ".repeat(40_000).slice(0, 1_000_000);
      const state = usa.state();
      const at = rangeOf(state.doc, "Minneapolis").to;
      const before = scene.seq();
      const paste = trackTransaction(state, state.tr.insertText(pasted, at), { by: "USA", at: new Date().toISOString() });
      assert.ok(paste.docChanged, "suggestion mode tracks the paste");
      const result = await timed(t, usa, () => usa.apply(paste), () => outcome(scene, usa, "USA", before));
      const fresh = await scene.freshBody();
      assert.deepEqual(clauseSummary(fresh), { clauses: CLAUSES, victim: true });
      assert.equal(fresh.textContent.includes(pasted), result === "accepted", "the paste is there exactly when accepted");
      await scene.exportText();
      auditReads(scene);
    } finally {
      await scene.close();
    }
  });

  test("a delegation selecting all of a 300-page document and typing", { timeout: 4 * LONG_MS }, async (t) => {
    const scene = await Scene.open(lab, undefined, largeDocument());
    try {
      const usa = await scene.connect("USA");
      const state = usa.state();
      // Ctrl+A (ProseMirror's AllSelection), then a key: the editor's select-all-and-type.
      const typed = trackTransaction(state, state.tr.setSelection(new AllSelection(state.doc)).insertText("x"), { by: "USA", at: new Date().toISOString() });
      assert.ok(typed.docChanged, "suggestion mode tracks the select-all-and-type");
      const before = scene.seq();
      const original = { clauses: clauseSummary(state.doc).clauses, text: state.doc.textContent };
      const result = await timed(t, usa, () => usa.apply(typed), () => outcome(scene, usa, "USA", before));
      const fresh = await scene.freshBody();
      if (result === "accepted") {
        assert.equal(clauseSummary(fresh).clauses, original.clauses, "every clause is still there (proposed for deletion, not deleted)");
        assert.ok(fresh.textContent.length >= original.text.length, "the text is still there (struck or proposed for deletion, not deleted)");
        let proposed = 0;
        fresh.descendants((node) => {
          if ((node.attrs.deleted as { by?: string } | null)?.by === "USA" || node.marks.some((m) => m.type.name === "deletion" && m.attrs.by === "USA")) proposed += 1;
          return true;
        });
        t.diagnostic(`${proposed} blocks and texts proposed for deletion by USA`);
        assert.ok(proposed > 0, "USA's proposal to delete is there");
      }
      await scene.exportText();
      auditReads(scene);
    } finally {
      await scene.close();
    }
  });
});
