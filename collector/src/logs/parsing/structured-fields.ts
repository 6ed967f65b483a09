import { levelFromValue } from './level-name.js';
import type { ParsedLine } from './parsed-line.js';
import { timestampFromValue } from './timestamp-value.js';

/**
 * Keys of the well-known fields, most specific first: pino (`level` number, `time` ms, `msg`), bunyan (`time`
 * ISO, `hostname`, `name`), ECS (`@timestamp`, `message`, `log.level`, `service.name`, `host.name`,
 * `trace.id`, `span.id`), OpenTelemetry-style and logfmt spellings (`ts`, `lvl`, `trace_id`, `traceId`).
 */
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 't'] as const;
const LEVEL_KEYS = ['level', 'log.level', 'severity', 'severity_text', 'lvl', 'levelname', 'loglevel'] as const;
const MESSAGE_KEYS = ['msg', 'message', '@message'] as const;
const SERVICE_KEYS = ['service.name', 'service', 'name'] as const;
const HOST_KEYS = ['host.name', 'hostname', 'host.hostname', 'host'] as const;
const TRACE_KEYS = ['trace.id', 'trace_id', 'traceId', 'traceid', 'dd.trace_id'] as const;
const SPAN_KEYS = ['span.id', 'span_id', 'spanId', 'spanid', 'dd.span_id'] as const;

/**
 * Builds a ParsedLine from a flat field map (dotted keys, leaf values): takes the well-known fields out (only
 * when their value makes sense, e.g. a `level` that is a level), the rest become string attributes.
 * `rawLine` is the message when the line has no message field.
 */
export function parsedFromFields(fields: Map<string, unknown>, rawLine: string): ParsedLine {
  const timestamp = take(fields, TIME_KEYS, timestampFromValue);
  const level = take(fields, LEVEL_KEYS, levelFromValue) ?? 'unknown';
  const message = take(fields, MESSAGE_KEYS, messageValue) ?? rawLine;
  const service = take(fields, SERVICE_KEYS, nonEmptyString);
  const host = take(fields, HOST_KEYS, nonEmptyString);
  const traceId = take(fields, TRACE_KEYS, idString);
  const spanId = take(fields, SPAN_KEYS, idString);
  const attributes: Record<string, string> = {};
  for (const [k, v] of fields) attributes[k] = stringValue(v);
  return { timestamp, level, message, service, host, traceId, spanId, attributes };
}

/** The first of `keys` whose value `convert` accepts, removed from `fields`. */
function take<T>(fields: Map<string, unknown>, keys: readonly string[], convert: (v: unknown) => T | undefined): T | undefined {
  for (const k of keys) {
    if (!fields.has(k)) continue;
    const converted = convert(fields.get(k));
    if (converted !== undefined) {
      fields.delete(k);
      return converted;
    }
  }
  return undefined;
}

function messageValue(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : stringValue(v);
}

/** A leaf value as an attribute string: strings as they are, arrays and objects as JSON. */
export function stringValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function idString(v: unknown): string | undefined {
  if (typeof v === 'string') return v !== '' ? v : undefined;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}
