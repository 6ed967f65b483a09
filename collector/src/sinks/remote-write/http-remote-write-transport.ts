import snappy from 'snappyjs';
import type { BatchTransport, ExportResult } from '../export-result.js';
import { postBatch } from '../post-batch.js';

export interface RemoteWriteTransportOptions {
  /** The receiver, e.g. the api's `http://127.0.0.1:8080/api/v1/write` or Prometheus's `/api/v1/write`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer`; never logged. */
  readonly token?: string;
  readonly timeoutMs: number;
}

/**
 * POSTs one WriteRequest as Prometheus's remote_write 1.0 does: snappy block compression, protobuf, and
 * the version header. Answers are classified by postBatch (a 400 is dropped, 5xx and 429 retried).
 */
export class HttpRemoteWriteTransport implements BatchTransport {
  private readonly url: URL;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: RemoteWriteTransportOptions) {
    this.url = new URL(options.url);
    this.headers = {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': 'slo-collector/0.1',
    };
    if (options.token !== undefined) this.headers.authorization = `Bearer ${options.token}`;
  }

  /** Where batches go, without credentials (for logs). */
  get target(): string {
    return this.url.toString();
  }

  async send(body: string | Uint8Array, signal: AbortSignal): Promise<ExportResult> {
    const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return postBatch(this.url, this.headers, snappy.compress(raw), this.options.timeoutMs, signal);
  }
}
