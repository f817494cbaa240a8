import { baseKeymap } from "prosemirror-commands";
import { Slice } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import * as syncProtocol from "y-protocols/sync";
import { startServer } from "../../server/server.ts";
import { createTestSession, syncMessage, tempDataDir } from "../../server/test-support.ts";
import { describeUpdate } from "./describe.ts";
import { textBlocks } from "./ops.ts";
import { FuzzPeer } from "./peer.ts";
import { Random } from "./random.ts";

/**
 * Minimal reproductions of the most frequent refusals the fuzz run finds, each a few
 * honest operations by the same editors (peer.ts, the project's own tracking and
 * y-prosemirror's binding) against a real server. Prints every update sent and the
 * server's answer.
 *
 *   node --import tsx test/fuzz/scenarios.ts [name ...]    (all when none is named)
 */

const CLAUSE = "2 to continue to c"; // resolves 2: "2 to continue to coordinate, with the ~~WSIS Task Force…"

interface Room {
  usa: FuzzPeer;
  rus: FuzzPeer;
  chair: FuzzPeer;
  /** Runs one operation of `peer` (its updates wait in its outbox). */
  act(peer: FuzzPeer, what: string, f: () => void): void;
  /** Puts the caret (or a selection) in the block starting with `text`, at `offset` (to `to`). */
  caret(peer: FuzzPeer, text: string, offset: number, to?: number): void;
  /** Sends `peer`'s outbox, one update at a time, printing the server's answer to each. */
  send(peer: FuzzPeer): Promise<void>;
  /** Applies what the server relayed to `peer`. */
  receive(peer: FuzzPeer): void;
  enter(peer: FuzzPeer): void;
  type(peer: FuzzPeer, text: string): void;
}

const SCENARIOS: Record<string, { what: string; run(room: Room): Promise<void> }> = {
  "enter-while-typing": {
    what: "USA types in resolves 2 while RUS, not having seen it, presses Enter earlier in the same clause",
    async run({ usa, rus, act, caret, send, enter, type }) {
      act(usa, "type", () => (caret(usa, CLAUSE, 60), type(usa, "firmly ")));
      act(rus, "enter", () => (caret(rus, CLAUSE, 30), enter(rus)));
      await send(usa);
      await send(rus);
    },
  },
  "undo-enter": {
    what: "USA presses Enter in resolves 2, then Ctrl+Z",
    async run({ usa, act, caret, send, enter }) {
      act(usa, "enter", () => (caret(usa, CLAUSE, 30), enter(usa)));
      await send(usa);
      act(usa, "undo", () => usa.editor!.undoManager.undo());
      await send(usa);
    },
  },
  "paste-across-groups": {
    what: "USA copies from the clause before the heading “resolves” into the heading, and pastes it into resolves 2",
    async run({ usa, act, caret, send }) {
      act(usa, "pasteBlocks", () => {
        const view = usa.editor!.view;
        const doc = view.state.doc;
        const blocks = textBlocks(doc);
        const i = blocks.findIndex((b) => b.node.type.name === "group_heading" && b.node.textContent.startsWith("resolves"));
        const before = blocks[i - 1]!;
        const heading = blocks[i]!;
        const slice = doc.slice(before.pos + 1 + Math.floor(before.node.content.size / 2), heading.pos + 1 + 3);
        caret(usa, CLAUSE, 10);
        view.dispatch(view.state.tr.replaceSelection(new Slice(slice.content, slice.openStart, slice.openEnd)).setMeta("paste", true));
      });
      await send(usa);
    },
  },
  "typing-at-once-after-an-insertion": {
    what: "the chair's tracked insertion “xxxx” in resolves 2; USA and RUS, at once, type right after it",
    async run({ usa, rus, chair, act, caret, send, receive, type }) {
      act(chair, "type", () => (caret(chair, CLAUSE, 20), type(chair, "xxxx")));
      await send(chair);
      receive(usa);
      receive(rus);
      act(usa, "type", () => (caret(usa, CLAUSE, 24), type(usa, "firmly ")));
      act(rus, "type", () => (caret(rus, CLAUSE, 24), type(rus, "UNESCO ")));
      await send(usa);
      await send(rus);
    },
  },
};

async function play(name: string): Promise<void> {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new RangeError(`no scenario "${name}" (${Object.keys(SCENARIOS).join(", ")})`);
  console.log(`\n${name}: ${scenario.what}`);
  const rnd = new Random(7);
  const temp = tempDataDir();
  const server = await startServer({ port: 0, dataDir: temp.dir });
  const peers: FuzzPeer[] = [];
  try {
    const session = await createTestSession(server, temp.dir, [
      { code: "USA", name: "United States" },
      { code: "RUS", name: "Russian Federation" },
    ]);
    const join = async (name: string, role: "delegation" | "chair") => {
      const token = session.tokens[name]!;
      const peer = new FuzzPeer({ name, role, code: role === "delegation" ? name : null, token, url: `${session.wsBase}/${session.id}?token=${token}`, mode: "plugin", tag: () => 0 });
      peer.freshDoc(rnd.clientId());
      await peer.open();
      peer.sendStateVector();
      await peer.ping();
      peer.deliver();
      peer.bind(() => "2026-12-01T09:00:00.000Z");
      peers.push(peer);
      return peer;
    };
    const room: Room = {
      usa: await join("USA", "delegation"),
      rus: await join("RUS", "delegation"),
      chair: await join("chair", "chair"),
      act(peer, what, f) {
        peer.currentOp = { index: 0, participant: peer.name, kind: what, detail: "" };
        try {
          rnd.seeded(f);
        } finally {
          peer.currentOp = null;
        }
      },
      caret(peer, text, offset, to) {
        const view = peer.editor!.view;
        const block = textBlocks(view.state.doc).find((b) => b.node.textContent.startsWith(text));
        if (!block) throw new RangeError(`no block starts with "${text}"`);
        const from = block.pos + 1 + offset;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to === undefined ? from : block.pos + 1 + to)));
      },
      async send(peer) {
        while (peer.outbox.length > 0) {
          const entry = peer.outbox.shift()!;
          peer.send(syncMessage(syncProtocol.messageYjsUpdate, entry.update));
          await peer.ping();
          const refused = peer.refusals.splice(0);
          console.log(`  ${peer.name} ${entry.op.kind}: ${describeUpdate(entry.update).slice(0, 200)}\n    -> ${refused.length > 0 ? `REFUSED: ${refused.join(" | ")}` : "accepted"}`);
          for (const other of peers) if (other !== peer) await other.ping();
        }
      },
      receive(peer) {
        peer.deliver();
      },
      enter(peer) {
        const view = peer.editor!.view;
        baseKeymap.Enter!(view.state, (tr) => view.dispatch(tr));
      },
      type(peer, text) {
        const view = peer.editor!.view;
        view.dispatch(view.state.tr.insertText(text));
      },
    };
    await scenario.run(room);
  } finally {
    for (const peer of peers) peer.destroy();
    await server.close();
    temp.remove();
  }
}

const names = process.argv.slice(2);
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) await play(name);
