import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BudgetCorrections, Correction } from './budget-corrections.js';

/** The database file inside the data directory. */
export const CORRECTIONS_DB_FILE = 'slo-corrections.db';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS budget_corrections (
  id TEXT PRIMARY KEY,
  slo TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  description TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS budget_corrections_slo ON budget_corrections (slo, start_ms);
`;

interface Row {
  id: string;
  slo: string;
  start_ms: number;
  end_ms: number;
  description: string;
  created_at: number;
}

export interface NewCorrection {
  readonly slo: string;
  readonly start: number;
  readonly end: number;
  readonly description: string;
}

/**
 * Budget corrections in SQLite (`<dataDir>/slo-corrections.db`, WAL): added, listed and deleted through the API,
 * read by the SLO engine (`list`). Kept in memory as well, so `list` costs no query per evaluation.
 */
export class SqliteBudgetCorrections implements BudgetCorrections {
  private readonly bySlo = new Map<string, Correction[]>();

  private constructor(private readonly db: Database.Database) {
    for (const r of db.prepare('SELECT * FROM budget_corrections ORDER BY start_ms, id').all() as Row[]) this.remember(correctionOf(r));
  }

  /** Opens (creating) the database in `dataDir`; `:memory:` as dataDir for a store that is not kept. */
  static open(opts: { readonly dataDir: string; readonly sync?: 'full' | 'normal' }): SqliteBudgetCorrections {
    let file = ':memory:';
    if (opts.dataDir !== ':memory:') {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      file = path.join(opts.dataDir, CORRECTIONS_DB_FILE);
    }
    const db = new Database(file);
    try {
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${opts.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA_SQL);
      return new SqliteBudgetCorrections(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  list(slo: string): readonly Correction[] {
    return this.bySlo.get(slo) ?? [];
  }

  get(slo: string, id: string): Correction | undefined {
    return this.list(slo).find((c) => c.id === id);
  }

  add(c: NewCorrection, now: number = Date.now()): Correction {
    const correction: Correction = { id: randomUUID(), slo: c.slo, start: c.start, end: c.end, description: c.description, createdAt: now };
    this.db
      .prepare('INSERT INTO budget_corrections (id, slo, start_ms, end_ms, description, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(correction.id, correction.slo, correction.start, correction.end, correction.description, correction.createdAt);
    this.remember(correction);
    return correction;
  }

  /** Deletes one correction; false when the SLO has no correction with that id. */
  delete(slo: string, id: string): boolean {
    const changes = this.db.prepare('DELETE FROM budget_corrections WHERE slo = ? AND id = ?').run(slo, id).changes;
    const list = this.bySlo.get(slo);
    if (list) {
      const rest = list.filter((c) => c.id !== id);
      if (rest.length > 0) this.bySlo.set(slo, rest);
      else this.bySlo.delete(slo);
    }
    return changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private remember(c: Correction): void {
    const list = [...(this.bySlo.get(c.slo) ?? []), c].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
    this.bySlo.set(c.slo, list);
  }
}

function correctionOf(r: Row): Correction {
  return { id: r.id, slo: r.slo, start: r.start_ms, end: r.end_ms, description: r.description, createdAt: r.created_at };
}
