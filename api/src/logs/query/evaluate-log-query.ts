import type { LogRecord } from '../log-record.js';
import type { FieldQuery, LogQuery, TextQuery } from './log-query-ast.js';
import { textTokens } from './text-tokens.js';

/** A record with its message already split into words. */
export interface TokenizedRecord {
  readonly record: LogRecord;
  readonly words: readonly string[];
}

function fieldValue(q: FieldQuery, r: LogRecord): string | undefined {
  if (typeof q.field === 'object') return r.attributes?.[q.field.attribute];
  switch (q.field) {
    case 'level':
      return r.level;
    case 'service':
      return r.service;
    case 'host':
      return r.host;
    case 'traceId':
      return r.traceId;
    case 'spanId':
      return r.spanId;
    case 'message':
      return r.message;
  }
}

function matchesText(q: TextQuery, words: readonly string[]): boolean {
  const want = textTokens(q.text);
  if (want.length === 0) return false;
  const last = want.length - 1;
  for (let i = 0; i + want.length <= words.length; i++) {
    let j = 0;
    for (; j < want.length; j++) {
      const w = words[i + j];
      if (j === last && q.prefix ? !w.startsWith(want[j]) : w !== want[j]) break;
    }
    if (j === want.length) return true;
  }
  return false;
}

/** Whether a record matches a parsed query (the reference semantics the SQLite store's SQL reproduces). */
export function matchesLogQuery(q: LogQuery, r: TokenizedRecord): boolean {
  switch (q.kind) {
    case 'all':
      return true;
    case 'text':
      return matchesText(q, r.words);
    case 'field': {
      const v = fieldValue(q, r.record);
      return v !== undefined && (q.prefix ? v.startsWith(q.value) : v === q.value);
    }
    case 'not':
      return !matchesLogQuery(q.operand, r);
    case 'and':
      return q.operands.every((o) => matchesLogQuery(o, r));
    case 'or':
      return q.operands.some((o) => matchesLogQuery(o, r));
  }
}
