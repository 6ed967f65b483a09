import type Database from 'better-sqlite3';

/** Prepared statements by SQL text (raw rows), so that each query shape is prepared once; cleared when full. */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly limit = 256,
  ) {}

  /** The statement for `sql`, returning rows as arrays; `safeIntegers` returns INTEGER columns as bigint. */
  get(sql: string, safeIntegers: boolean): Database.Statement {
    const key = `${safeIntegers ? 1 : 0}${sql}`;
    let stmt = this.statements.get(key);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql).raw(true).safeIntegers(safeIntegers);
      if (this.statements.size >= this.limit) this.statements.clear();
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  clear(): void {
    this.statements.clear();
  }
}
