import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Precision } from '../config/config-schema.js';
import type { BatchTransport, ExportResult } from './export-result.js';
import { postBatch } from './post-batch.js';

const gzip = promisify(gzipCb);

export interface HttpTransportOptions {
  /** `influxdb-v1`: InfluxDB 1.x `/write` with `db`; `api`: the URL as given (the api's `/api/v2/write` or `/write`). */
  readonly kind: 'api' | 'influxdb-v1';
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

/**
 * POSTs one gzip-compressed line-protocol batch (see postBatch for how answers are classified; InfluxDB's
 * 400 "partial write" is a failure).
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

  async send(body: string | Uint8Array, signal: AbortSignal): Promise<ExportResult> {
    const compressed = await gzip(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
    return postBatch(this.url, this.headers, compressed, this.options.timeoutMs, signal);
  }
}
