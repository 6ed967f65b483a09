import { LOG_RECORD_LEVELS, MAX_LOG_TIMESTAMP_MS, type LogRecord, type LogRecordLevel } from '../log-record.js';
import type { LogRecordError } from './log-api-schemas.js';

const LEVELS: ReadonlySet<string> = new Set(LOG_RECORD_LEVELS);
const MAX_ID_LENGTH = 512;
const OPTIONAL_STRINGS = ['service', 'host', 'traceId', 'spanId'] as const;

export interface ValidatedLogRecords {
  readonly records: LogRecord[];
  readonly errors: LogRecordError[];
}

/**
 * Checks each element of a `records` array against the LogRecord contract and copies the known fields of the good
 * ones. Lenient where producers differ harmlessly: optional fields may be null (absent), attribute values may be
 * numbers or booleans (stored as strings), unknown properties are ignored. One error per bad record, naming its
 * index and the first bad field.
 */
export function validateLogRecords(items: readonly unknown[]): ValidatedLogRecords {
  const records: LogRecord[] = [];
  const errors: LogRecordError[] = [];
  for (let index = 0; index < items.length; index++) {
    const result = validateOne(items[index]);
    if ('field' in result) errors.push({ index, ...result });
    else records.push(result.record);
  }
  return { records, errors };
}

function validateOne(item: unknown): { record: LogRecord } | { field: string; message: string } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { field: '', message: 'must be an object' };
  const o = item as Record<string, unknown>;
  const { id, timestamp, level, message } = o;
  if (typeof id !== 'string' || id === '') return { field: 'id', message: id === undefined ? 'is required' : 'must be a non-empty string' };
  if (id.length > MAX_ID_LENGTH) return { field: 'id', message: `must be at most ${MAX_ID_LENGTH} characters` };
  if (typeof timestamp !== 'number' || !(timestamp >= 0 && timestamp <= MAX_LOG_TIMESTAMP_MS)) {
    return {
      field: 'timestamp',
      message: timestamp === undefined ? 'is required' : `must be Unix milliseconds between 0 and ${MAX_LOG_TIMESTAMP_MS}, got ${JSON.stringify(timestamp)}`,
    };
  }
  if (typeof level !== 'string' || !LEVELS.has(level)) {
    return { field: 'level', message: level === undefined ? 'is required' : `must be one of ${LOG_RECORD_LEVELS.join(', ')}, got ${JSON.stringify(level)}` };
  }
  if (typeof message !== 'string') return { field: 'message', message: message === undefined ? 'is required' : 'must be a string' };
  const record: { -readonly [K in keyof LogRecord]: LogRecord[K] } = { id, timestamp: Math.trunc(timestamp), level: level as LogRecordLevel, message };
  for (const k of OPTIONAL_STRINGS) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return { field: k, message: 'must be a string' };
    record[k] = v;
  }
  const attrs = o.attributes;
  if (attrs !== undefined && attrs !== null) {
    if (typeof attrs !== 'object' || Array.isArray(attrs)) return { field: 'attributes', message: 'must be an object of string values' };
    const given = attrs as Record<string, unknown>;
    let allStrings = true;
    let n = 0;
    for (const k in given) {
      n++;
      if (typeof given[k] !== 'string') {
        allStrings = false;
        break;
      }
    }
    // The usual case (every value a string, as the collector sends them) keeps the parsed object as it is.
    if (allStrings) {
      if (n > 0) record.attributes = given as Record<string, string>;
    } else {
      const out: Record<string, string> = {};
      n = 0;
      for (const [k, v] of Object.entries(given)) {
        if (typeof v === 'string') out[k] = v;
        else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') out[k] = String(v);
        else if (v === null || v === undefined) continue;
        else return { field: `attributes.${k}`, message: 'must be a string' };
        n++;
      }
      if (n > 0) record.attributes = out;
    }
  }
  return { record };
}
