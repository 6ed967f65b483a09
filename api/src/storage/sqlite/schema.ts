import Database from 'better-sqlite3';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  labels TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS head (
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  min_t INTEGER NOT NULL,
  max_t INTEGER NOT NULL,
  num_samples INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_series ON chunks (series_id, max_t, min_t);
CREATE INDEX IF NOT EXISTS chunks_by_max_t ON chunks (max_t);
`;

/** Opens (creating if needed) the metrics database: incremental auto-vacuum, WAL, the given sync level. */
export function openMetricsDatabase(file: string, sync: 'full' | 'normal'): Database.Database {
  const db = new Database(file);
  try {
    // Both only take effect before the first table exists, which is when they matter. 16 KiB pages
    // waste less space around chunk rows (about 1-3 KiB each) than the default 4 KiB.
    db.pragma('page_size = 16384');
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.exec(SCHEMA_SQL);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
