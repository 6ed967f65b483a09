import type { CompiledLogQuery } from './compile-log-query.js';
import { LOG_ROW_COLUMNS, type LogRow } from './log-row.js';
import type { StatementCache } from './statement-cache.js';

/** Thresholds of the text + level/service plan switch (searchTextWithIndex). */
export interface SearchTuning {
  /** Text matches read row by row before the switch is considered. */
  readonly searchCandidates: number;
  /** Row reads past which the remaining text matches are probed in the field's index instead. */
  readonly planSwitchReads: number;
}

/** The SQL of the plain plan and its parameters: FTS5 (text) or `logs` (rowid or a field index) newest first. */
export function searchRangeSql(q: CompiledLogQuery, low: bigint, high: bigint, limit: number): { sql: string; params: unknown[] } {
  if (q.match !== undefined) {
    // FTS5 handles the rowid range and the descending order itself; CROSS JOIN keeps it the outer loop.
    return {
      sql:
        `SELECT ${LOG_ROW_COLUMNS} FROM logs_fts f CROSS JOIN logs l ON l.pos = f.rowid ` +
        `WHERE logs_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND ${q.where} ORDER BY f.rowid DESC LIMIT ?`,
      params: [q.match, low, high, ...q.params, limit],
    };
  }
  return {
    sql: `SELECT ${LOG_ROW_COLUMNS} FROM logs l WHERE l.pos BETWEEN ? AND ? AND ${q.where} ORDER BY l.pos DESC LIMIT ?`,
    params: [low, high, ...q.params, limit],
  };
}

/** The plain plan: FTS5 (text) or the rowid / a field index (no text) walked newest first until `limit` rows. */
export function searchRange(statements: StatementCache, q: CompiledLogQuery, low: bigint, high: bigint, limit: number): LogRow[] {
  const { sql, params } = searchRangeSql(q, low, high, limit);
  return statements.get(sql, true).all(...params) as LogRow[];
}

/**
 * Text plus `level:`/`service:` equality. Walking the text's matches newest first reads one row per match, which
 * costs seconds when few of many matches pass the filter (`timeout level:fatal` over 10 M lines: 200k row reads).
 * So: read at most `searchCandidates` matches that way. If the page is still not full and, by the pass rate seen so
 * far, finishing it would take more than `planSwitchReads` reads while the text has at least that many matches
 * left, probe the field's index for each remaining match instead (the matches' rowids are collected from the
 * FTS5 doclist, then one index probe each, no row reads): about 5 times cheaper per match, but never stops early.
 */
export function searchTextWithIndex(
statements: StatementCache,
q: CompiledLogQuery,
low: bigint,
high: bigint,
limit: number,
tuning: SearchTuning,
): LogRow[] {
  const match = q.match as string;
  // The searchCandidates-th newest match: the rows above it are read the usual way first.
  const nth = statements.get(
    `SELECT rowid FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT 1 OFFSET ${tuning.searchCandidates - 1}`,
    true,
  ).all(match, low, high) as Array<[bigint]>;
  if (nth.length === 0) return searchRange(statements, q, low, high, limit);
  const boundary = nth[0][0];
  const rows = searchRange(statements, q, boundary, high, limit);
  if (rows.length >= limit || boundary <= low) return rows;
  const rest = boundary - 1n;
  const expectedReads = rows.length === 0 ? Infinity : ((limit - rows.length) * tuning.searchCandidates) / rows.length;
  const walk =
    expectedReads <= tuning.planSwitchReads ||
    cappedCount(statements, 'SELECT 1 FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ?', [match, low, rest], tuning.planSwitchReads) < tuning.planSwitchReads;
  if (walk) return [...rows, ...searchRange(statements, q, low, rest, limit - rows.length)];
  const more = statements.get(
    `SELECT ${LOG_ROW_COLUMNS} FROM logs l INDEXED BY logs_by_${q.indexed[0].column} ` +
      `WHERE l.pos IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ?) AND ${q.where} ORDER BY l.pos DESC LIMIT ?`,
    true,
  ).all(match, low, rest, ...q.params, limit - rows.length) as LogRow[];
  return [...rows, ...more];
}

/** Rows of a query, counted up to `cap` (an estimate that costs at most `cap` steps). */
function cappedCount(statements: StatementCache, sql: string, params: readonly unknown[], cap: number): number {
  return (statements.get(`SELECT count(*) FROM (${sql} LIMIT ${cap})`, false).all(...params) as Array<[number]>)[0][0];
}

