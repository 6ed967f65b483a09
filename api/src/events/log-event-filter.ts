import type { LogRecord } from '../logs/log-record.js';
import { matchesLogQuery } from '../logs/query/evaluate-log-query.js';
import type { LogQuery } from '../logs/query/log-query-ast.js';
import { textTokens } from '../logs/query/text-tokens.js';
import type { LiveEvent } from './event-bus.js';

/** Message words of each log event, split once however many clients filter on them. */
const wordsOf = new WeakMap<LiveEvent, readonly string[]>();

/** Whether a `log` event's record matches a client's `logQuery` (the log search language). */
export function logEventMatches(query: LogQuery, event: LiveEvent): boolean {
  const record = event.payload as LogRecord;
  let words = wordsOf.get(event);
  if (words === undefined) {
    words = textTokens(record.message);
    wordsOf.set(event, words);
  }
  return matchesLogQuery(query, { record, words });
}
