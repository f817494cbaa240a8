import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { baseKeymap } from "prosemirror-commands";
import { initProseMirrorDoc, ySyncPlugin } from "y-prosemirror";
import { schema } from "../../shared/schema.ts";

/**
 * The baseline of `npm run bench:browser`: a bare ProseMirror + y-prosemirror editor on
 * Plenary's schema, joined to the same server over the same protocol (`?s=<session>#t=<token>`),
 * with no Plenary plugin, panel, tracking or presence.
 */
const session = new URLSearchParams(location.search).get("s") ?? "";
const token = new URLSearchParams(location.hash.slice(1)).get("t") ?? "";
const ydoc = new Y.Doc();
const provider = new WebsocketProvider(`ws://${location.host}/ws`, session, ydoc, { params: { token }, disableBc: true });
const open = (synced: boolean) => {
  if (!synced) return;
  provider.off("sync", open);
  const fragment = ydoc.getXmlFragment("body");
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  const state = EditorState.create({ schema, doc, plugins: [ySyncPlugin(fragment, { mapping }), keymap(baseKeymap)] });
  new EditorView(document.querySelector("#draft")!, { state, attributes: { class: "document" } });
};
provider.on("sync", open);
