import type { Revision } from "../shared/protocol.ts";
export type { Revision } from "../shared/protocol.ts";
import type { Database as SqliteDatabase } from "better-sqlite3";
import type { Node as PMNode } from "prosemirror-model";
import { docFromJSON } from "../shared/dl/json.ts";
import type { SymbolLine } from "../shared/symbol.ts";
import { setRevisionLines } from "../shared/yjs/revision-lines.ts";
import { documentDate, readMeta, withRevision } from "../shared/meta.ts";
import type { Rooms } from "./rooms.ts";
import { importedDocument, liveDocument, writeAsServer } from "./session-document.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * Issued revisions of a session ("Document DL/23-E (Rev.3)"): each an immutable
 * snapshot of the document as it stood when the chair or the secretariat issued it,
 * its symbol and date lines set to the revision (withRevision). Kept in their own
 * table; a row is written once and never updated. The document as imported counts as
 * its own revision (Rev.2 of the reference document), so it can be downloaded and
 * compared too.
 */

const TABLE = `
CREATE TABLE IF NOT EXISTS revisions (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  number INTEGER NOT NULL,
  date TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  participant_id TEXT REFERENCES participants(id),
  issued_by TEXT NOT NULL,
  role TEXT,
  doc TEXT NOT NULL,
  PRIMARY KEY (session_id, number)
) WITHOUT ROWID;
`;

interface RevisionRow {
  number: number;
  date: string;
  issued_at: number;
  issued_by: string;
  role: string | null;
}

/** Who issues a revision: a participant, or the command line. */
export type Issuer = Pick<ParticipantRecord, "id" | "name" | "role"> | { id: null; name: string; role: null };

/** The revisions of every session, over the store's database. */
export class Revisions {
  private readonly db: SqliteDatabase;

  constructor(private readonly store: Store) {
    this.db = store.database();
    this.db.exec(TABLE);
  }

  /** The revisions of a session, oldest first: the imported document (if it has a symbol), then each one issued. */
  list(sessionId: string): Revision[] {
    const rows = this.db.prepare("SELECT number, date, issued_at, issued_by, role FROM revisions WHERE session_id = ? ORDER BY number").all(sessionId) as RevisionRow[];
    const issued = rows.map((r): Revision => ({ number: r.number, date: r.date, issuedAt: r.issued_at, by: r.issued_by, role: r.role, imported: false }));
    const original = this.original(sessionId);
    return original && !issued.some((r) => r.number === original.number) ? [original, ...issued] : issued;
  }

  /** The document of revision `number`, as issued; null when there is none. */
  document(sessionId: string, number: number): PMNode | null {
    const row = this.db.prepare("SELECT doc FROM revisions WHERE session_id = ? AND number = ?").get(sessionId, number) as { doc: string } | undefined;
    if (row) return docFromJSON(row.doc);
    const original = this.original(sessionId);
    return original?.number === number ? importedDocument(this.store, sessionId) : null;
  }

  /**
   * Issues the live text as the next revision: N+1, where N is the highest of the
   * document's own revision and the revisions issued so far, dated today (UTC).
   * Throws a RangeError when the document has no symbol line to carry it.
   */
  issue(sessionId: string, rooms: Rooms | null, issuer: Issuer, now = new Date()): Revision {
    const { revision, symbol } = this.store.transaction(() => {
      const live = liveDocument(this.store, rooms, sessionId);
      const highest = this.db.prepare("SELECT COALESCE(MAX(number), 0) AS n FROM revisions WHERE session_id = ?").get(sessionId) as { n: number };
      const number = Math.max(readMeta(live).revision ?? 0, highest.n) + 1;
      const date = documentDate(now, readMeta(live).lang);
      const doc = withRevision(live, number, date);
      this.db
        .prepare("INSERT INTO revisions (session_id, number, date, issued_at, participant_id, issued_by, role, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run(sessionId, number, date, now.getTime(), issuer.id, issuer.name, issuer.role, JSON.stringify(doc.toJSON()));
      const issued: Revision = { number, date, issuedAt: now.getTime(), by: issuer.name, role: issuer.role, imported: false };
      return { revision: issued, symbol: readMeta(live).symbolLine! };
    });
    this.continueFrom(sessionId, rooms, symbol, revision);
    return revision;
  }

  /**
   * The live draft continues from the revision just issued: its symbol and date lines are set
   * to it (setRevisionLines), in the loaded room (relayed to everyone) or, with no room loaded
   * (the command line), appended to the session's log as the server's update.
   */
  private continueFrom(sessionId: string, rooms: Rooms | null, symbol: SymbolLine, revision: Revision): void {
    writeAsServer(this.store, rooms, sessionId, (body) => setRevisionLines(body, symbol, revision.number, revision.date), "revision");
  }

  /** The imported document as a revision, when its symbol line names one. */
  private original(sessionId: string): Revision | null {
    const doc = importedDocument(this.store, sessionId);
    const meta = doc ? readMeta(doc) : null;
    if (!meta?.symbol || !meta.revision) return null;
    return { number: meta.revision, date: meta.date ?? "", issuedAt: null, by: "imported", role: null, imported: true };
  }
}
