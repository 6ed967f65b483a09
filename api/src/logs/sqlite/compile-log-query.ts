import type { FieldQuery, LogQuery } from '../query/log-query-ast.js';
import { textTokens } from '../query/text-tokens.js';

/**
 * A log query as SQL over `logs l` (and `logs_fts`): `match` is an FTS5 expression every result must match
 * (the driving index when present), `where` a predicate on `l` with its parameters. Both together are exact;
 * `match` alone may be a superset (attribute prefilters).
 */
export interface CompiledLogQuery {
  readonly match: string | undefined;
  readonly where: string;
  readonly params: readonly unknown[];
  /** Top-level `level:x` / `service:x` equalities (part of `where`): an index can drive the search instead of FTS5. */
  readonly indexed: ReadonlyArray<{ readonly column: 'level' | 'service'; readonly value: string }>;
}

const COLUMNS: Readonly<Record<string, string>> = {
  level: 'l.level',
  service: 'l.service',
  host: 'l.host',
  traceId: 'l.trace_id',
  spanId: 'l.span_id',
  message: 'l.message',
};

function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Text nodes and AND/OR trees of them: expressible as one FTS5 expression. */
function isPureText(q: LogQuery): boolean {
  if (q.kind === 'text') return true;
  if (q.kind === 'and' || q.kind === 'or') return q.operands.every(isPureText);
  return false;
}

function ftsExpression(q: LogQuery): string {
  switch (q.kind) {
    case 'text':
      return `message : ${ftsString(q.text)}${q.prefix ? ' *' : ''}`;
    case 'and':
    case 'or':
      return `(${q.operands.map(ftsExpression).join(q.kind === 'and' ? ' AND ' : ' OR ')})`;
    default:
      throw new Error(`not a text query: ${q.kind}`);
  }
}

/**
 * `attrs : "value words"`, a superset of the records whose attribute (or trace/span id) has this value: the `attrs`
 * column holds the values without their keys (log-row.ts prefilterText), so any attribute with these words passes and
 * the exact comparison on `logs` decides. Undefined when the value has no words (then only that comparison filters).
 */
function attributePrefilter(q: FieldQuery): string | undefined {
  const words = textTokens(q.value);
  if (words.length === 0) return undefined;
  // A prefix value ending in a separator ("ab-") must not make the last word a prefix of something else.
  const lastIsPrefix = q.prefix && textTokens(q.value.slice(-1)).length > 0;
  return `attrs : ${ftsString(words.join(' '))}${lastIsPrefix ? ' *' : ''}`;
}

class SqlBuilder {
  readonly params: unknown[] = [];

  /**
   * Inside an OR, column comparisons are written `+l.col` so that SQLite does not turn the OR into a union of index
   * lookups sorted afterwards (every match in the range sorted, where walking the rowid backwards stops at the limit).
   */
  predicate(q: LogQuery, inOr = false): string {
    switch (q.kind) {
      case 'all':
        return '1';
      case 'text':
        this.params.push(ftsExpression(q));
        return 'l.pos IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)';
      case 'field':
        return this.field(q, inOr);
      case 'not':
        return `NOT ${this.predicate(q.operand, inOr)}`;
      case 'and':
        return `(${q.operands.map((o) => this.predicate(o, inOr)).join(' AND ')})`;
      case 'or':
        return `(${q.operands.map((o) => this.predicate(o, true)).join(' OR ')})`;
    }
  }

  /** Never NULL, so that NOT works on records without the field. */
  private field(q: FieldQuery, inOr: boolean): string {
    let value: string;
    if (typeof q.field === 'object') {
      const key = q.field.attribute;
      if (key.startsWith('$') || key.includes('"')) {
        this.params.push(key);
        value = '(SELECT value FROM json_each(l.attributes) WHERE key = ?)';
      } else {
        this.params.push(key);
        value = '(l.attributes ->> ?)';
      }
    } else {
      value = `${inOr ? '+' : ''}${COLUMNS[q.field]}`;
    }
    if (!q.prefix) {
      this.params.push(q.value);
      return `${value} IS ?`;
    }
    if (q.value === '') return `${value} IS NOT NULL`;
    this.params.push([...q.value].length, q.value);
    return `coalesce(substr(${value}, 1, ?) = ?, 0)`;
  }
}

/**
 * Compiles a parsed query for the SQLite store. The top-level AND's text parts go into one FTS5 MATCH
 * (newest-first rowid order, so a LIMIT stops early), negated text parts become its `NOT`s, positive attribute
 * filters add a prefilter to it; everything else (fields, OR mixing text and fields) is checked on `logs`.
 */
export function compileLogQuery(q: LogQuery): CompiledLogQuery {
  const conjuncts = q.kind === 'all' ? [] : q.kind === 'and' ? q.operands : [q];
  const positive: string[] = [];
  const negative: LogQuery[] = [];
  const rest: LogQuery[] = [];
  const indexed: Array<{ column: 'level' | 'service'; value: string }> = [];
  for (const c of conjuncts) {
    if (c.kind === 'field' && !c.prefix && (c.field === 'level' || c.field === 'service')) indexed.push({ column: c.field, value: c.value });
    if (isPureText(c)) {
      positive.push(ftsExpression(c));
    } else if (c.kind === 'not' && isPureText(c.operand)) {
      negative.push(c.operand);
    } else {
      if (c.kind === 'field') {
        const prefiltered = typeof c.field === 'object' || c.field === 'traceId' || c.field === 'spanId';
        const pre = prefiltered ? attributePrefilter(c) : undefined;
        if (pre !== undefined) positive.push(pre);
      }
      rest.push(c);
    }
  }
  let match: string | undefined;
  if (positive.length > 0) {
    match = positive.length === 1 ? positive[0] : `(${positive.join(' AND ')})`;
    for (const n of negative) match += ` NOT ${ftsExpression(n)}`;
  } else {
    for (const n of negative) rest.push({ kind: 'not', operand: n, position: 0 });
  }
  const sql = new SqlBuilder();
  const where = rest.length === 0 ? '1' : rest.map((r) => sql.predicate(r)).join(' AND ');
  return { match, where, params: sql.params, indexed };
}
