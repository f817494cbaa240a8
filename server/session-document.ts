import * as Y from "yjs";
import type { Node as PMNode } from "prosemirror-model";
import { migrateMarkKeys } from "../shared/yjs/migrate.ts";
import { readBody } from "../shared/yjs/read.ts";
import type { Rooms } from "./rooms.ts";
import { BODY, META } from "../shared/yjs/meta.ts";
import type { Store } from "./store.ts";

/**
 * A session's document as a ProseMirror node, for exports and revisions: the live text
 * (the loaded room's Y.Doc, else the store's snapshot and the log after it, as a room
 * loads), or the document as it was imported (the first entry of the log).
 *
 * Every read goes through the strict reader (shared/yjs/read.ts): a read never writes to
 * the live document, and content that is not a valid draft throws a ModelError naming
 * the place instead of being "repaired" away.
 */

/** The ProseMirror document held by a Y.Doc, with the doc attrs (eol, trailing) from its `meta` map. */
export function documentOfYDoc(ydoc: Y.Doc): PMNode {
  const body = readBody(ydoc.getXmlFragment(BODY));
  const meta = ydoc.getMap(META);
  const eol = meta.get("eol");
  const trailing = meta.get("trailing");
  const attrs = { ...body.attrs, ...(typeof eol === "string" ? { eol } : {}), ...(typeof trailing === "number" ? { trailing } : {}) };
  return body.type.create(attrs, body.content);
}

/** The live text of a session: from its room when loaded (what everyone sees), else from the store. */
export function liveDocument(store: Store, rooms: Rooms | null, sessionId: string): PMNode {
  const room = rooms?.get(sessionId);
  if (room && !room.broken) return documentOfYDoc(stored(room));
  const ydoc = storedYDoc(store, sessionId);
  try {
    return documentOfYDoc(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/**
 * A change of the server's own to a session's live document (a revision's header lines, a Word
 * file's proposals): through its loaded room, stored then relayed to everyone; or, with no room
 * loaded (the command line, nobody connected), made on the stored document and appended to the
 * session's log as the server's update (none when the change wrote nothing).
 */
export function writeAsServer(store: Store, rooms: Rooms | null, sessionId: string, change: (body: Y.XmlFragment) => void, origin: string): void {
  const room = rooms?.get(sessionId);
  if (room && !room.broken) return room.writeAsServer(change, origin);
  const ydoc = storedYDoc(store, sessionId);
  try {
    const updates: Uint8Array[] = [];
    ydoc.on("update", (update: Uint8Array) => updates.push(update));
    ydoc.transact(() => change(ydoc.getXmlFragment(BODY)), origin);
    for (const update of updates) store.appendUpdate(sessionId, null, update);
  } finally {
    ydoc.destroy();
  }
}

/**
 * A session's Y.Doc as the store holds it, loaded as a room loads it: its latest snapshot, the
 * log after it, mark keys migrated. A copy: the caller destroys it.
 */
export function storedYDoc(store: Store, sessionId: string): Y.Doc {
  const ydoc = new Y.Doc();
  const snapshot = store.latestSnapshot(sessionId);
  ydoc.transact(() => {
    if (snapshot) Y.applyUpdate(ydoc, snapshot.state);
    for (const entry of store.updatesAfter(sessionId, snapshot?.seq ?? 0)) Y.applyUpdate(ydoc, entry.update);
    migrateMarkKeys(ydoc.getXmlFragment(BODY));
  });
  return ydoc;
}

/**
 * The live text of a session as a Yjs state, for a worker to read (export-job.ts): the
 * loaded room's doc encoded, else the store's snapshot and the log after it merged.
 * Cheaper on the calling thread than reading the document.
 */
export function liveState(store: Store, rooms: Rooms | null, sessionId: string): Uint8Array {
  const room = rooms?.get(sessionId);
  if (room && !room.broken) return Y.encodeStateAsUpdate(stored(room));
  const snapshot = store.latestSnapshot(sessionId);
  const updates = store.updatesAfter(sessionId, snapshot?.seq ?? 0).map((entry) => entry.update);
  return Y.mergeUpdates(snapshot ? [snapshot.state, ...updates] : updates);
}

/** The document as it was imported when the session was created (the log's first entry, made by no participant). */
export function importedDocument(store: Store, sessionId: string): PMNode | null {
  const first = store.database().prepare("SELECT participant_id, data FROM updates WHERE session_id = ? ORDER BY seq LIMIT 1").get(sessionId) as
    | { participant_id: string | null; data: Buffer }
    | undefined;
  if (!first || first.participant_id !== null) return null;
  const ydoc = new Y.Doc();
  try {
    ydoc.transact(() => {
      Y.applyUpdate(ydoc, new Uint8Array(first.data.buffer, first.data.byteOffset, first.data.byteLength));
      migrateMarkKeys(ydoc.getXmlFragment(BODY));
    });
    return documentOfYDoc(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/** A loaded room's document once everything it accepted is stored: reads show only stored text. */
function stored(room: NonNullable<ReturnType<Rooms["get"]>>): Y.Doc {
  room.flush();
  return room.doc;
}
