import type { LogRecord, LogRecordLevel } from '../log-record.js';

/** A `logs` row as read with LOG_ROW_COLUMNS (raw, safe integers). */
export type LogRow = [
  pos: bigint,
  id: string,
  level: string,
  message: string,
  service: string | null,
  host: string | null,
  traceId: string | null,
  spanId: string | null,
  attributes: string | null,
];

export const LOG_ROW_COLUMNS = 'l.pos, l.id, l.level, l.message, l.service, l.host, l.trace_id, l.span_id, l.attributes';

export function toLogRecord(row: LogRow): LogRecord {
  const [pos, id, level, message, service, host, traceId, spanId, attributes] = row;
  const r: { -readonly [K in keyof LogRecord]: LogRecord[K] } = { id, timestamp: Number(pos >> 20n), level: level as LogRecordLevel, message };
  if (service !== null) r.service = service;
  if (host !== null) r.host = host;
  if (traceId !== null) r.traceId = traceId;
  if (spanId !== null) r.spanId = spanId;
  if (attributes !== null) r.attributes = JSON.parse(attributes) as Record<string, string>;
  return r;
}

/** The record's attributes, or undefined when it has none. */
export function attributesOf(r: LogRecord): Readonly<Record<string, string>> | undefined {
  if (r.attributes === undefined) return undefined;
  for (const _ in r.attributes) return r.attributes;
  return undefined;
}

/**
 * The `attrs` column of logs_fts: the trace id, the span id and the attribute values, one per line, without the keys
 * (see compile-log-query.ts: the prefilter is a phrase of the value's words, checked exactly on `logs`). Rows written
 * before stored `trace_id <id> span_id <id> key value ...`, which contains the same value phrases.
 */
export function prefilterText(r: LogRecord, attrs: Readonly<Record<string, string>> | undefined): string {
  let out = '';
  if (r.traceId !== undefined) out += `${r.traceId}\n`;
  if (r.spanId !== undefined) out += `${r.spanId}\n`;
  if (attrs !== undefined) for (const k in attrs) out += `${attrs[k]}\n`;
  return out;
}
