import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Precision, SinkKind } from '../config/config-schema.js';
import type { BatchTransport, ExportResult } from './export-result.js';

const gzip = promisify(gzipCb);

export interface HttpTransportOptions {
  readonly kind: SinkKind;
  /** kind api: the write URL (`.../api/v2/write`); kind influxdb-v1: the server (`http://host:8086`) or its `/write`. */
  readonly url: string;
  readonly db?: string;
  readonly precision: Precision;
  readonly token?: string;
  readonly timeoutMs: number;
}

/** The URL a batch is POSTed to: `precision` set, and for InfluxDB 1.x the `/write` path and `db`. */
export function writeUrl(o: Pick<HttpTransportOptions, 'kind' | 'url' | 'db' | 'precision'>): URL {
  const url = new URL(o.url);
  if (o.kind === 'influxdb-v1') {
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/write';
    if (o.db !== undefined) url.searchParams.set('db', o.db);
  }
  url.searchParams.set('precision', o.precision);
  return url;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POSTs one gzip-compressed line-protocol batch. 2xx is success; 429, 5xx, timeouts and network errors are
 * retryable; anything else (400 bad or partial write, 401, 404, 413) is a failure: retrying cannot help.
 */
export class HttpLineProtocolTransport implements BatchTransport {
  private readonly url: URL;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: HttpTransportOptions) {
    this.url = writeUrl(options);
    this.headers = { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip', 'user-agent': 'slo-collector/0.1' };
    if (options.token !== undefined) {
      this.headers.authorization = options.kind === 'api' ? `Bearer ${options.token}` : `Token ${options.token}`;
    }
  }

  /** Where batches go, without credentials (for logs). */
  get target(): string {
    return this.url.toString();
  }

  async send(body: string, signal: AbortSignal): Promise<ExportResult> {
    const compressed = await gzip(Buffer.from(body, 'utf8'));
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body: compressed,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
    } catch (err) {
      return { kind: 'retryable', reason: networkReason(err, this.options.timeoutMs) };
    }
    if (res.status >= 200 && res.status <= 299) {
      await res.body?.cancel();
      return { kind: 'success' };
    }
    const text = (await res.text().catch(() => '')).slice(0, 2000).trim();
    const reason = `HTTP ${res.status}${text !== '' ? `: ${text}` : ''}`;
    if (res.status === 429 || res.status >= 500) {
      return { kind: 'retryable', reason, status: res.status, retryInMillis: parseRetryAfter(res.headers.get('retry-after')) };
    }
    return { kind: 'failure', reason, status: res.status };
  }
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
