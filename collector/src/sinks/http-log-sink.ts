import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Logger } from 'pino';
import type { RetryConfig } from '../config/config-schema.js';
import type { LogRecord } from '../logs/log-record.js';
import type { Clock } from '../time/clock.js';
import type { ExportResult } from './export-result.js';
import { parseRetryAfter } from './post-batch.js';
import type { LogSink } from './log-sink.js';
import { sendWithRetry } from './retry-policy.js';

const gzip = promisify(gzipCb);

export interface HttpLogSinkOptions {
  /** `<apiBase>/api/v1/logs`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer`; never logged. */
  readonly token: string | undefined;
  /** Timeout of one request. */
  readonly timeoutMs: number;
  /** A `send` of more records is split into requests of at most this many. */
  readonly maxRecordsPerRequest: number;
  readonly retry: RetryConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
}

export interface HttpLogSinkStats {
  /** Records the api acknowledged (stored now or before). */
  readonly acceptedRecords: number;
  /** Of those, records the api already had (re-sent after a restart). */
  readonly duplicateRecords: number;
  /** Records the api refused for good (logged and dropped). */
  readonly rejectedRecords: number;
  readonly requests: number;
  readonly retries: number;
}

/** One record the api named as bad in a 400 answer. */
export interface RejectedRecord {
  readonly index: number;
  readonly field?: string;
  readonly reason?: string;
}

/** A request's outcome beyond what the retry policy needs. */
type Delivery = { readonly accepted: number; readonly duplicates: number; readonly rejected: readonly RejectedRecord[] };

/** Thrown by `send` when the sink is closed before the api acknowledged. */
export class LogSinkClosedError extends Error {
  constructor() {
    super('log sink closed before the api acknowledged the records');
    this.name = 'LogSinkClosedError';
  }
}

/**
 * POSTs log records to the api (`{"records": [...]}`, gzip) and resolves `send` only once the api has
 * acknowledged all of them:
 *
 * - 2xx: acknowledged (`data.accepted` and `data.duplicates` are counted).
 * - 400 naming bad records by index: those are logged and dropped (they can never succeed), the rest of the
 *   request was stored and counts as acknowledged. A 400 naming none drops the request, logged.
 * - 413: the request is split in halves and each sent again (a single record too large is dropped, logged).
 * - Network errors, timeouts, 429, 5xx, and also 401, 403 and 404 (a token or api version to be fixed: the
 *   lines stay in their files meanwhile) are retried with the sink's backoff policy until they succeed.
 *
 * One line is logged when the api becomes unreachable and one when it is back.
 */
export class HttpLogSink implements LogSink {
  private readonly headers: Record<string, string>;
  private readonly stop = new AbortController();
  private readonly log: Logger;
  private failingSince: number | undefined;
  private counters = { acceptedRecords: 0, duplicateRecords: 0, rejectedRecords: 0, requests: 0, retries: 0 };

  constructor(private readonly options: HttpLogSinkOptions) {
    if (!(options.maxRecordsPerRequest >= 1)) throw new RangeError('maxRecordsPerRequest must be at least 1');
    new URL(options.url); // throws on a bad URL
    this.headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', 'user-agent': 'slo-collector/0.1' };
    if (options.token !== undefined) this.headers.authorization = `Bearer ${options.token}`;
    this.log = options.logger;
  }

  stats(): HttpLogSinkStats {
    return { ...this.counters };
  }

  async send(records: readonly LogRecord[]): Promise<void> {
    const max = this.options.maxRecordsPerRequest;
    for (let i = 0; i < records.length; i += max) {
      await this.deliver(records.slice(i, i + max));
    }
  }

  /** Stops retrying: a `send` still waiting for the api rejects with LogSinkClosedError. */
  async close(): Promise<void> {
    this.stop.abort();
  }

  private async deliver(records: readonly LogRecord[]): Promise<void> {
    if (this.stop.signal.aborted) throw new LogSinkClosedError();
    const body = await gzip(Buffer.from(JSON.stringify({ records }), 'utf8'), { level: 1 });
    let delivery: Delivery | undefined;
    let tooLarge = false;
    const result = await sendWithRetry(
      async (signal) => {
        const r = await this.post(body, records.length, signal);
        if (r.kind === 'delivered') {
          delivery = r.delivery;
          return { kind: 'success' };
        }
        if (r.kind === 'too-large') {
          tooLarge = true;
          return { kind: 'success' };
        }
        return r.result;
      },
      {
        policy: this.options.retry,
        clock: this.options.clock,
        random: this.options.random,
        signal: this.stop.signal,
        observer: {
          onRetry: (r, attempt, delayMs) => {
            this.counters.retries++;
            if (attempt === 1 && this.failingSince === undefined) {
              this.failingSince = this.options.clock.now();
              this.log.warn(
                { reason: r.reason, retryInMs: delayMs, records: records.length, target: this.options.url },
                'log api unreachable or refusing; retrying with backoff (offsets are not advanced meanwhile)',
              );
            } else {
              this.log.debug({ reason: r.reason, attempt, retryInMs: delayMs }, 'log sink retry');
            }
          },
        },
      },
    );
    if (result.kind === 'retryable') throw new LogSinkClosedError();
    if (this.failingSince !== undefined) {
      this.log.info({ downForMs: this.options.clock.now() - this.failingSince, target: this.options.url }, 'log api reachable again');
      this.failingSince = undefined;
    }
    if (result.kind === 'failure') {
      this.counters.rejectedRecords += records.length;
      this.log.error({ reason: result.reason, status: result.status, records: records.length }, 'log api rejected a batch; it is dropped (not retryable)');
      return;
    }
    if (tooLarge) {
      if (records.length === 1) {
        this.counters.rejectedRecords++;
        this.log.error({ id: records[0].id, bytes: body.length }, 'log record too large for the api; it is dropped');
        return;
      }
      const half = Math.ceil(records.length / 2);
      await this.deliver(records.slice(0, half));
      await this.deliver(records.slice(half));
      return;
    }
    if (delivery === undefined) return;
    const d = delivery;
    this.counters.acceptedRecords += records.length - d.rejected.length;
    this.counters.duplicateRecords += d.duplicates;
    if (d.rejected.length > 0) {
      this.counters.rejectedRecords += d.rejected.length;
      for (const bad of d.rejected.slice(0, 20)) {
        const rec = records[bad.index] as LogRecord | undefined;
        this.log.error(
          { id: rec?.id, file: rec?.attributes?.['log.file.path'], field: bad.field, reason: bad.reason },
          'log api rejected a record; it is dropped',
        );
      }
      if (d.rejected.length > 20) this.log.error({ more: d.rejected.length - 20 }, 'log api rejected more records; they are dropped');
    }
  }

  private async post(
    body: Buffer,
    count: number,
    signal: AbortSignal,
  ): Promise<{ kind: 'delivered'; delivery: Delivery } | { kind: 'too-large' } | { kind: 'other'; result: ExportResult }> {
    this.counters.requests++;
    let res: Response;
    try {
      res = await fetch(this.options.url, {
        method: 'POST',
        headers: this.headers,
        body: body as Uint8Array<ArrayBuffer> /* a Buffer from zlib, never a SharedArrayBuffer view */,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
    } catch (err) {
      return { kind: 'other', result: { kind: 'retryable', reason: networkReason(err, this.options.timeoutMs) } };
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status <= 299) {
      const data = dataOf(parseJson(text));
      return {
        kind: 'delivered',
        delivery: { accepted: numberOr(data?.accepted, count), duplicates: numberOr(data?.duplicates, 0), rejected: [] },
      };
    }
    const reason = `HTTP ${res.status}${text.trim() !== '' ? `: ${text.trim().slice(0, 500)}` : ''}`;
    if (res.status === 413) return { kind: 'too-large' };
    if (res.status === 400) {
      const json = parseJson(text);
      const rejected = rejectedRecords(json, count);
      if (rejected !== undefined && rejected.length > 0) {
        const data = dataOf(json);
        return { kind: 'delivered', delivery: { accepted: numberOr(data?.accepted, count - rejected.length), duplicates: numberOr(data?.duplicates, 0), rejected } };
      }
      return { kind: 'other', result: { kind: 'failure', reason, status: 400 } };
    }
    if (res.status === 429 || res.status >= 500 || res.status === 401 || res.status === 403 || res.status === 404) {
      return { kind: 'other', result: { kind: 'retryable', reason, status: res.status, retryInMillis: parseRetryAfter(res.headers.get('retry-after')) } };
    }
    return { kind: 'other', result: { kind: 'failure', reason, status: res.status } };
  }
}

/**
 * The bad records a 400 answer names: the first array of objects with a numeric `index` found under
 * `details`, `errors`, `rejected`, `invalid` or `records`, at the top level or under `data`. Indexes outside
 * the request are ignored; each index counts once. Undefined when there is no such list.
 */
export function rejectedRecords(body: unknown, count: number): RejectedRecord[] | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const containers = [body as Record<string, unknown>, dataOf(body)].filter((c): c is Record<string, unknown> => c !== undefined);
  for (const c of containers) {
    for (const key of ['details', 'errors', 'rejected', 'invalid', 'records']) {
      const list = c[key];
      if (!Array.isArray(list)) continue;
      const seen = new Set<number>();
      const out: RejectedRecord[] = [];
      for (const item of list as unknown[]) {
        if (item === null || typeof item !== 'object') continue;
        const o = item as Record<string, unknown>;
        const index = o.index;
        if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || seen.has(index)) continue;
        seen.add(index);
        const field = typeof o.field === 'string' ? o.field : typeof o.path === 'string' ? o.path : undefined;
        const reason = typeof o.error === 'string' ? o.error : typeof o.message === 'string' ? o.message : typeof o.reason === 'string' ? o.reason : undefined;
        out.push({ index, ...(field !== undefined ? { field } : {}), ...(reason !== undefined ? { reason } : {}) });
      }
      if (out.length > 0) return out;
    }
  }
  return undefined;
}

function dataOf(body: unknown): Record<string, unknown> | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const data = (body as Record<string, unknown>).data;
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function numberOr(v: unknown, def: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : def;
}

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return `timeout after ${timeoutMs}ms`;
    if (err.name === 'AbortError') return 'aborted';
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code !== undefined ? `${err.message}: ${cause.code}` : err.message;
  }
  return String(err);
}
