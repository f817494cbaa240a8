import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Database as SqliteDatabase } from "better-sqlite3";
import type { Role } from "../shared/protocol.ts";
import { log } from "./log.ts";

/**
 * The durable record of every session, in one SQLite file (WAL) under DATA_DIR.
 *
 * Every accepted document update is appended to `updates` with the participant who
 * sent it and the time before anyone else sees it (the updates of one event-loop turn
 * together, in one transaction: server/group-commit.ts): a crash loses nothing that
 * was broadcast. Snapshots only speed up loading; they never replace
 * the log, which stays whole for the record of who proposed what.
 */

/** The file name of the database inside the data directory. */
export const DATABASE_FILE = "plenary.db";

/** A session as stored. */
export interface SessionRecord {
  id: string;
  title: string;
  createdAt: number;
}

/** A participant as stored: the token only as its SHA-256 hash. */
export interface ParticipantRecord {
  id: string;
  sessionId: string;
  role: Role;
  code: string | null;
  name: string;
  colour: string;
  tokenHash: string;
  revoked: boolean;
}

/** One entry of the update log: who changed the document, when, and how. */
export interface UpdateRecord {
  seq: number;
  /** Null for an update the server made itself (the import of the DL text). */
  participantId: string | null;
  at: number;
  update: Uint8Array;
}

/**
 * A refused update: never applied, kept for the record with who sent it, when and why.
 * Its bytes are kept only while the sender's refused bytes in the session stay within
 * {@link MAX_REFUSED_BYTES}; past that the record keeps the size, not the bytes.
 */
export interface RefusedRecord {
  seq: number;
  participantId: string | null;
  at: number;
  reason: string;
  /** The update as sent; empty when {@link truncated}. */
  update: Uint8Array;
  /** How many bytes the refused update had. */
  size: number;
  /** Whether the bytes were not kept (the sender was over {@link MAX_REFUSED_BYTES}). */
  truncated: boolean;
}

/**
 * How many bytes of refused updates are kept per participant and session: 1 MiB.
 * Enough to read what an honest client got wrong; a hostile one cannot fill the disk.
 */
export const MAX_REFUSED_BYTES = 1024 * 1024;

/** A compacted state of the document covering the log up to `seq`. */
export interface SnapshotRecord {
  seq: number;
  at: number;
  state: Uint8Array;
}

const SCHEMA_VERSION = 3;

/** Tables added by schema version 2 (issue 5): refused updates, and which participant writes under which Yjs client id. */
const SCHEMA_V2 = `
CREATE TABLE IF NOT EXISTS refused_updates (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  participant_id TEXT REFERENCES participants(id),
  at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS client_ids (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  client_id INTEGER NOT NULL,
  participant_id TEXT NOT NULL REFERENCES participants(id),
  PRIMARY KEY (session_id, client_id)
) WITHOUT ROWID;
`;

/**
 * Schema version 3 (issue 10): a refused update's size, so that its bytes can be left
 * out past {@link MAX_REFUSED_BYTES} (`data` is then empty), and an index to sum a
 * participant's refused bytes.
 */
const SCHEMA_V3 = `
ALTER TABLE refused_updates ADD COLUMN size INTEGER;
UPDATE refused_updates SET size = length(data);
CREATE INDEX IF NOT EXISTS refused_by_participant ON refused_updates (session_id, participant_id);
`;

const SCHEMA = `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  role TEXT NOT NULL CHECK (role IN ('chair', 'secretariat', 'delegation', 'observer')),
  code TEXT,
  name TEXT NOT NULL,
  colour TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0,
  UNIQUE (session_id, code)
);
CREATE TABLE updates (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  participant_id TEXT REFERENCES participants(id),
  at INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE snapshots (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

interface ParticipantRow {
  id: string;
  session_id: string;
  role: Role;
  code: string | null;
  name: string;
  colour: string;
  token_hash: string;
  revoked: number;
}

function participantOf(row: ParticipantRow): ParticipantRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    role: row.role,
    code: row.code,
    name: row.name,
    colour: row.colour,
    tokenHash: row.token_hash,
    revoked: row.revoked !== 0,
  };
}

const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** Bytes as SQLite takes a BLOB, without a copy. */
const blob = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

const BIND_CLIENT_ID = "INSERT OR REPLACE INTO client_ids (session_id, client_id, participant_id) VALUES (?, ?, ?)";

/** The SQLite store of sessions, participants, the update log and snapshots. */
export class Store {
  /** Prepared statements by their SQL: better-sqlite3 compiles a statement on every `prepare`, and the log is written per turn. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(private readonly db: SqliteDatabase) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** Opens (creating if needed) the database in `dataDir`. */
  static open(dataDir: string): Store {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma("journal_mode = WAL");
    // FULL: a committed update survives a power cut too, not only a killed process.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version >= 0 && version < SCHEMA_VERSION) {
      db.transaction(() => {
        if (version === 0) db.exec(SCHEMA);
        if (version <= 1) db.exec(SCHEMA_V2);
        db.exec(SCHEMA_V3);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } else if (version !== SCHEMA_VERSION) {
      db.close();
      throw new RangeError(`database ${join(dataDir, DATABASE_FILE)} has schema version ${version}, this server knows ${SCHEMA_VERSION}`);
    }
    return new Store(db);
  }

  /** Runs `fn` in one transaction: all of it is stored, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertSession(session: SessionRecord): void {
    this.statement("INSERT INTO sessions (id, title, created_at) VALUES (?, ?, ?)").run(session.id, session.title, session.createdAt);
  }

  session(id: string): SessionRecord | undefined {
    const row = this.statement("SELECT id, title, created_at FROM sessions WHERE id = ?").get(id) as
      | { id: string; title: string; created_at: number }
      | undefined;
    return row && { id: row.id, title: row.title, createdAt: row.created_at };
  }

  insertParticipant(p: ParticipantRecord): void {
    this.statement("INSERT INTO participants (id, session_id, role, code, name, colour, token_hash, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(p.id, p.sessionId, p.role, p.code, p.name, p.colour, p.tokenHash, p.revoked ? 1 : 0);
  }

  /** The roster of a session, in the order it was created. */
  participants(sessionId: string): ParticipantRecord[] {
    const rows = this.statement("SELECT * FROM participants WHERE session_id = ? ORDER BY rowid").all(sessionId) as ParticipantRow[];
    return rows.map(participantOf);
  }

  participant(sessionId: string, id: string): ParticipantRecord | undefined {
    const row = this.statement("SELECT * FROM participants WHERE session_id = ? AND id = ?").get(sessionId, id) as ParticipantRow | undefined;
    return row && participantOf(row);
  }

  participantByTokenHash(tokenHash: string): ParticipantRecord | undefined {
    const row = this.statement("SELECT * FROM participants WHERE token_hash = ?").get(tokenHash) as ParticipantRow | undefined;
    return row && participantOf(row);
  }

  setRevoked(participantId: string, revoked: boolean): void {
    this.statement("UPDATE participants SET revoked = ? WHERE id = ?").run(revoked ? 1 : 0, participantId);
  }

  /** Replaces a participant's token: the old one stops working. */
  setTokenHash(participantId: string, tokenHash: string): void {
    this.statement("UPDATE participants SET token_hash = ?, revoked = 0 WHERE id = ?").run(tokenHash, participantId);
  }

  /**
   * Appends an update to the session's log; returns its sequence number. Throws if the
   * write is not committed (disk full, I/O error): the caller must not relay the update.
   */
  appendUpdate(sessionId: string, participantId: string | null, update: Uint8Array, at = Date.now()): number {
    return this.appendUpdates([{ sessionId, participantId, update, at }])[0]!;
  }

  /**
   * Appends several updates (of any sessions) in one transaction, so in one sync to
   * disk; returns their sequence numbers in order. Throws if the transaction is not
   * committed: then none of them is stored.
   */
  appendUpdates(entries: readonly { sessionId: string; participantId: string | null; update: Uint8Array; at?: number; clientIds?: readonly number[] }[]): number[] {
    const insert = this.statement("INSERT INTO updates (session_id, seq, participant_id, at, data) VALUES (?, ?, ?, ?, ?)");
    const bind = this.statement(BIND_CLIENT_ID);
    return this.db.transaction(() => {
      // Each session's last seq is read once per batch (in the transaction), then counted on.
      const next = new Map<string, number>();
      return entries.map(({ sessionId, participantId, update, at = Date.now(), clientIds = [] }) => {
        const seq = next.get(sessionId) ?? this.nextSeq("updates", sessionId);
        next.set(sessionId, seq + 1);
        insert.run(sessionId, seq, participantId, at, blob(update));
        // The update and the binding of the client ids it first wrote under are stored together or not at all.
        if (participantId !== null) for (const clientId of clientIds) bind.run(sessionId, clientId, participantId);
        return seq;
      });
    })();
  }

  /** The log of a session after `seq` (0: all of it), in order. */
  updatesAfter(sessionId: string, seq = 0): UpdateRecord[] {
    const rows = this.statement("SELECT seq, participant_id, at, data FROM updates WHERE session_id = ? AND seq > ? ORDER BY seq")
      .all(sessionId, seq) as { seq: number; participant_id: string | null; at: number; data: Buffer }[];
    return rows.map((r) => ({ seq: r.seq, participantId: r.participant_id, at: r.at, update: bytes(r.data) }));
  }

  /**
   * Records a refused update (it was not applied); returns its number in the session's
   * refusal log. The bytes are kept while the participant's kept refused bytes stay
   * within {@link MAX_REFUSED_BYTES}; past that only the size. Throws if the write is
   * not committed.
   */
  appendRefused(sessionId: string, participantId: string | null, reason: string, update: Uint8Array, at = Date.now()): number {
    return this.db.transaction(() => {
      const seq = this.nextSeq("refused_updates", sessionId);
      const keep = this.refusedBytesKept(sessionId, participantId) + update.byteLength <= MAX_REFUSED_BYTES;
      this.statement("INSERT INTO refused_updates (session_id, seq, participant_id, at, reason, data, size) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(sessionId, seq, participantId, at, reason, keep ? blob(update) : Buffer.alloc(0), update.byteLength);
      return seq;
    })();
  }

  /** How many bytes of a participant's refused updates a session keeps. */
  refusedBytesKept(sessionId: string, participantId: string | null): number {
    const row = this.statement("SELECT COALESCE(SUM(length(data)), 0) AS kept FROM refused_updates WHERE session_id = ? AND participant_id IS ?")
      .get(sessionId, participantId) as { kept: number };
    return row.kept;
  }

  /** The refused updates of a session, in order. */
  refusedUpdates(sessionId: string): RefusedRecord[] {
    const rows = this.statement("SELECT seq, participant_id, at, reason, data, size FROM refused_updates WHERE session_id = ? ORDER BY seq")
      .all(sessionId) as { seq: number; participant_id: string | null; at: number; reason: string; data: Buffer; size: number }[];
    return rows.map((r) => ({
      seq: r.seq,
      participantId: r.participant_id,
      at: r.at,
      reason: r.reason,
      update: bytes(r.data),
      size: r.size,
      truncated: r.data.byteLength < r.size,
    }));
  }

  /** The next sequence number of a session in `updates` or `refused_updates`. */
  private nextSeq(table: "updates" | "refused_updates", sessionId: string): number {
    const row = this.statement(`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM ${table} WHERE session_id = ?`).get(sessionId) as { seq: number };
    return row.seq;
  }

  /** Which participant each Yjs client id of a session belongs to. */
  clientIds(sessionId: string): Map<number, string> {
    const rows = this.statement("SELECT client_id, participant_id FROM client_ids WHERE session_id = ?").all(sessionId) as {
      client_id: number;
      participant_id: string;
    }[];
    return new Map(rows.map((r) => [r.client_id, r.participant_id]));
  }

  /** Binds a Yjs client id to the participant that first wrote under it. */
  bindClientId(sessionId: string, clientId: number, participantId: string): void {
    this.statement(BIND_CLIENT_ID).run(sessionId, clientId, participantId);
  }

  lastSeq(sessionId: string): number {
    const row = this.statement("SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE session_id = ?").get(sessionId) as { seq: number };
    return row.seq;
  }

  /**
   * Stores a compacted state covering the log up to `seq`. The log is kept. A snapshot
   * only speeds up loading, so one the database cannot take (disk full, I/O error) is
   * logged and left out: returns whether it was stored. Shutdown on a full disk goes on.
   */
  writeSnapshot(sessionId: string, seq: number, state: Uint8Array, at = Date.now()): boolean {
    try {
      this.statement("INSERT OR REPLACE INTO snapshots (session_id, seq, at, state) VALUES (?, ?, ?, ?)").run(sessionId, seq, at, blob(state));
      return true;
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      log.error({ session: sessionId, code: error.code, error: error.message }, "could not write a snapshot (the log has every update)");
      return false;
    }
  }

  latestSnapshot(sessionId: string): SnapshotRecord | undefined {
    const row = this.statement("SELECT seq, at, state FROM snapshots WHERE session_id = ? ORDER BY seq DESC LIMIT 1")
      .get(sessionId) as { seq: number; at: number; state: Buffer } | undefined;
    return row && { seq: row.seq, at: row.at, state: bytes(row.state) };
  }

  setting(key: string): string | undefined {
    const row = this.statement("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  setSetting(key: string, value: string): void {
    this.statement("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /** Closes the database; the WAL is checkpointed into the main file (on a full disk it stays, and is read on the next open). */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.close();
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      log.error({ code: error.code, error: error.message }, "could not close the database cleanly");
    }
  }

  /** The database, for modules that keep their own tables (server/revisions.ts). */
  database(): SqliteDatabase {
    return this.db;
  }
}
