import Database from 'better-sqlite3';

/**
 * `logs`: one row per record, rowid = position (timestamp << 20 | arrival order within the ms, see
 * log-position.ts), so the rowid is the time index: newest first is `ORDER BY pos DESC` and a time range is a
 * rowid range. Secondary indexes (level, service) implicitly end with the rowid, so
 * `level = ? AND pos BETWEEN ? AND ? ORDER BY pos DESC` walks one index range backwards.
 * `logs_fts`: contentless FTS5 index (rows deletable by rowid) over the message, and over the attribute values, trace id
 * and span id, one per line without their keys (a superset filter for `attribute:value` and `trace_id:x`, checked
 * exactly on `logs`; keys would double the tokens indexed per record). Trace ids are random, so a B-tree index on them would cost a quarter of the insert
 * time; the FTS5 prefilter finds them as fast.
 */
/**
 * FTS5 merges index segments once this many of one size exist (FTS5's default is 4). Every append transaction
 * writes one small segment; merging them 16 at a time instead of 4 does a quarter of the merge passes, which cut
 * ~1.5 µs of the ~11 µs an insert costs (bench/logs-pipeline.ts), while a search reads at most 16 segments per level.
 */
const FTS_AUTOMERGE = 16;

export const LOG_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS logs (
  pos INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  service TEXT,
  host TEXT,
  trace_id TEXT,
  span_id TEXT,
  attributes TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS logs_by_id ON logs (id);
CREATE INDEX IF NOT EXISTS logs_by_level ON logs (level);
CREATE INDEX IF NOT EXISTS logs_by_service ON logs (service);
CREATE VIRTUAL TABLE IF NOT EXISTS logs_fts USING fts5(message, attrs, content='', contentless_delete=1);
INSERT INTO logs_fts (logs_fts, rank) VALUES ('automerge', ${FTS_AUTOMERGE});
`;

/** Opens (creating if needed) the log database: WAL, the given sync level, a 32 MiB page cache. */
export function openLogDatabase(file: string, sync: 'full' | 'normal'): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('cache_size = -32768');
    db.pragma('temp_store = MEMORY');
    db.exec(LOG_SCHEMA_SQL);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
