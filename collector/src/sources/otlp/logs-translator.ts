import { createHash } from 'node:crypto';
import type { LogLevelName, LogRecord } from '../../logs/log-record.js';
import { anyValueToJson, attributesToStrings, flattenAttributes } from './any-value.js';
import type { OtlpAnyValue, OtlpLogRecord, OtlpLogsRequest } from './otlp-model.js';

export interface LogsTranslation {
  readonly records: LogRecord[];
  /** Log records not translated (the `rejected_log_records` of the reply). */
  readonly rejected: number;
  readonly errors: readonly string[];
}

const SERVICE_NAME = 'service.name';
const HOST_NAME = 'host.name';

/**
 * OTLP log records to LogRecords:
 * - level from `severityNumber` (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal), else from
 *   `severityText` (`warning`, `critical`, `err`… understood), else `unknown`;
 * - message = the body (a string as is; any other value as JSON); timestamp = `timeUnixNano`, else
 *   `observedTimeUnixNano`, else the time of receipt;
 * - service = resource `service.name`, host = resource `host.name`, trace and span ids in hex;
 * - attributes: the other resource attributes, then the scope (`otel.scope.name`, `otel.scope.version`), then the
 *   record's own attributes (which win), flattened with dots; `event.name` from `eventName`;
 * - id = SHA-256 of everything above (with nanosecond times), so an SDK's retry of the same batch is stored once.
 *   Two identical records in one request are told apart by their order of occurrence among identical ones.
 */
export function translateLogs(request: OtlpLogsRequest, receivedAt: number): LogsTranslation {
  const records: LogRecord[] = [];
  const seen = new Map<string, number>();
  let rejected = 0;
  const errors: string[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const resourceAttrs = attributesToStrings(rl.resource?.attributes);
    const service = nonEmpty(resourceAttrs.get(SERVICE_NAME));
    const host = nonEmpty(resourceAttrs.get(HOST_NAME));
    const base: Record<string, string> = {};
    for (const [k, v] of resourceAttrs) if (k !== SERVICE_NAME && k !== HOST_NAME) base[k] = v;
    for (const sl of rl.scopeLogs ?? []) {
      const scoped = { ...base };
      if (sl.scope?.name) scoped['otel.scope.name'] = sl.scope.name;
      if (sl.scope?.version) scoped['otel.scope.version'] = sl.scope.version;
      for (const r of sl.logRecords ?? []) {
        const tsNanos = nonZero(r.timeUnixNano) ?? nonZero(r.observedTimeUnixNano);
        const timestamp = tsNanos !== undefined ? Math.floor(Number(tsNanos) / 1e6) : receivedAt;
        if (!Number.isFinite(timestamp)) {
          rejected++;
          if (errors.length === 0) errors.push(`log record with an invalid timestamp "${String(tsNanos)}"`);
          continue;
        }
        const attributes = { ...scoped };
        flattenAttributes(r.attributes, attributes);
        if (r.eventName) attributes['event.name'] = r.eventName;
        const level = levelOf(r);
        const message = messageOf(r.body);
        const traceId = nonEmpty(r.traceId);
        const spanId = nonEmpty(r.spanId);
        const digest = contentHash([tsNanos ?? String(receivedAt), level, r.severityText ?? '', message, service, host, traceId, spanId, attributes]);
        const n = seen.get(digest) ?? 0;
        seen.set(digest, n + 1);
        records.push({
          id: n === 0 ? digest : `${digest}-${n}`,
          timestamp,
          level,
          message,
          ...(service !== undefined ? { service } : {}),
          ...(host !== undefined ? { host } : {}),
          ...(traceId !== undefined ? { traceId } : {}),
          ...(spanId !== undefined ? { spanId } : {}),
          ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
        });
      }
    }
  }
  return { records, rejected, errors };
}

/** The level of a severity number (1..24), undefined outside that range. */
export function levelOfSeverityNumber(n: number): LogLevelName | undefined {
  if (n >= 1 && n <= 4) return 'trace';
  if (n >= 5 && n <= 8) return 'debug';
  if (n >= 9 && n <= 12) return 'info';
  if (n >= 13 && n <= 16) return 'warn';
  if (n >= 17 && n <= 20) return 'error';
  if (n >= 21 && n <= 24) return 'fatal';
  return undefined;
}

const TEXT_LEVELS: Readonly<Record<string, LogLevelName>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
};

function levelOf(r: OtlpLogRecord): LogLevelName {
  const byNumber = levelOfSeverityNumber(r.severityNumber ?? 0);
  if (byNumber !== undefined) return byNumber;
  const text = (r.severityText ?? '').trim().toLowerCase().replace(/[0-9]+$/, '');
  return TEXT_LEVELS[text] ?? 'unknown';
}

function messageOf(body: OtlpAnyValue | undefined): string {
  if (body === undefined) return '';
  if (body.stringValue !== undefined) return body.stringValue;
  const json = anyValueToJson(body);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

function contentHash(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function nonZero(ns: string | undefined): string | undefined {
  return ns === undefined || ns === '' || ns === '0' ? undefined : ns;
}
