import { promisify } from 'node:util';
import { gunzip as gunzipCallback, type InputType, type ZlibOptions } from 'node:zlib';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { OtlpConfig } from '../../config/sections/otlp-config.js';
import type { LogRecord } from '../../logs/log-record.js';
import type { LogSink } from '../../sinks/log-sink.js';
import type { MetricSink } from '../../sinks/metric-sink.js';
import { DeltaAccumulator } from './delta-accumulator.js';
import { translateLogs } from './logs-translator.js';
import { MetricsTranslator } from './metrics-translator.js';
import { decodeLogsRequest, decodeMetricsRequest, OtlpDecodeError, type OtlpEncoding } from './otlp-decoder.js';
import { CONTENT_TYPE, ExportResponseSchema, exportResponse, RpcCode, StatusSchema, statusBody, type EncodedBody } from './otlp-response.js';

const gunzip = promisify<InputType, ZlibOptions, Buffer>(gunzipCallback);

/** A metrics write that has not returned after this long is left to finish in the background (see handleMetrics). */
const METRICS_WRITE_WAIT_MS = 1000;
const REJECTION_LOG_INTERVAL_MS = 60_000;

export type OtlpReceiverSettings = Pick<
  OtlpConfig,
  'host' | 'port' | 'maxBodyBytes' | 'retryAfterMs' | 'logsAckTimeoutMs' | 'maxPendingLogRecords' | 'maxExponentialScale' | 'deltaMaxSeries' | 'deltaStaleAfterMs'
>;

export interface OtlpReceiverOptions {
  readonly settings: OtlpReceiverSettings;
  readonly metricSink: Pick<MetricSink, 'write'>;
  /** Without one, /v1/logs answers 404. */
  readonly logSink: Pick<LogSink, 'send'> | undefined;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** The receiver could not listen (port taken, address not available…). */
export class OtlpListenError extends Error {
  override readonly name = 'OtlpListenError';
}

/** A request error with the HTTP status and google.rpc code of its reply. */
class ReplyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly rpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    otlpEncoding?: OtlpEncoding;
  }
}

/**
 * OTLP/HTTP receiver: `POST /v1/metrics` and `POST /v1/logs`, protobuf (`application/x-protobuf`) or JSON
 * (`application/json`), optionally gzip-compressed (`Content-Encoding: gzip`). Replies per the OTLP/HTTP spec:
 *
 * - 200 with an Export*ServiceResponse in the request's encoding (`partial_success` when some points or records
 *   were rejected);
 * - 400 for a body that does not decode, 413 above `maxBodyBytes` (compressed or after gunzip), 415 for other
 *   content types or encodings, each with a google.rpc.Status body;
 * - 503 with `Retry-After` while the metric sink is full (a write still waits for room) or the log store has not
 *   acknowledged within `logsAckTimeoutMs`, so the SDK retries. Metrics are written to the sink at most once per
 *   accepted request (a request answered 503 was not translated, so delta sums are not counted twice); log
 *   records carry content-hash ids, so a retry of records that did arrive is stored once.
 */
export class OtlpReceiver {
  readonly app: FastifyInstance;
  private readonly translator: MetricsTranslator;
  private readonly now: () => number;
  private readonly log: Logger;
  private pendingMetricsWrite: Promise<void> | undefined;
  private pendingLogRecords = 0;
  private logsUnacknowledged = false;
  /** Rejections are logged at most once a minute per signal, with the count since the last line. */
  private readonly rejections = { metrics: { lastLogged: -Infinity, since: 0 }, logs: { lastLogged: -Infinity, since: 0 } };

  constructor(private readonly options: OtlpReceiverOptions) {
    const s = options.settings;
    this.log = options.logger;
    this.now = options.now ?? Date.now;
    this.translator = new MetricsTranslator({
      delta: new DeltaAccumulator({ maxSeries: s.deltaMaxSeries, staleAfterMs: s.deltaStaleAfterMs }),
      maxExponentialScale: s.maxExponentialScale,
    });
    this.app = Fastify({ bodyLimit: s.maxBodyBytes, logger: false });
    this.app.removeAllContentTypeParsers();
    this.app.addContentTypeParser([CONTENT_TYPE.protobuf, CONTENT_TYPE.json], { parseAs: 'buffer' }, (req, body, done) => {
      req.otlpEncoding = req.headers['content-type']?.toLowerCase().startsWith(CONTENT_TYPE.protobuf) ? 'protobuf' : 'json';
      this.decompress(req, body as Buffer).then(
        (b) => done(null, b),
        (err: unknown) => done(err as Error),
      );
    });
    this.app.setErrorHandler((err: FastifyError | ReplyError, req, reply) => this.replyError(err, req, reply));
    this.app.setNotFoundHandler((req, reply) => {
      void send(reply, 404, statusBody(encodingOf(req), RpcCode.NOT_FOUND, `no route ${req.method} ${req.url}: use POST /v1/metrics or POST /v1/logs`));
    });
    const schema = { response: { 200: ExportResponseSchema, '4xx': StatusSchema, '5xx': StatusSchema } };
    this.app.post('/v1/metrics', { schema }, (req, reply) => this.handleMetrics(req, reply));
    this.app.post('/v1/logs', { schema }, (req, reply) => this.handleLogs(req, reply));
  }

  /** Listens on host:port; resolves with the port (useful with port 0). Throws OtlpListenError naming the address. */
  async start(): Promise<number> {
    const { host, port } = this.options.settings;
    try {
      await this.app.listen({ host, port });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? 'address already in use' : code === 'EADDRNOTAVAIL' ? 'address not available' : (err as Error).message;
      throw new OtlpListenError(`OTLP receiver cannot listen on ${host}:${port}: ${why} (otlp.host / otlp.port)`);
    }
    const addr = this.app.server.address();
    const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
    this.log.info({ host, port: bound }, `OTLP/HTTP receiver listening on http://${host}:${bound} (/v1/metrics, /v1/logs)`);
    return bound;
  }

  /** Stops listening; requests in progress finish first. */
  async stop(): Promise<void> {
    await this.app.close();
  }

  private async decompress(req: FastifyRequest, body: Buffer): Promise<Buffer> {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (encoding === 'identity' || encoding === '') return body;
    if (encoding !== 'gzip') {
      throw new ReplyError(415, RpcCode.INVALID_ARGUMENT, `unsupported Content-Encoding "${encoding}": send gzip or none`);
    }
    try {
      return await gunzip(body, { maxOutputLength: this.options.settings.maxBodyBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new ReplyError(413, RpcCode.RESOURCE_EXHAUSTED, `body larger than ${this.options.settings.maxBodyBytes} bytes after gunzip (otlp.maxBodySize)`);
      }
      throw new ReplyError(400, RpcCode.INVALID_ARGUMENT, `cannot gunzip the body: ${(err as Error).message}`);
    }
  }

  private async handleMetrics(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const encoding = encodingOf(req) ?? 'json';
    if (this.pendingMetricsWrite !== undefined) {
      return this.unavailable(reply, encoding, 'metric sink is full (the collector is waiting for its sink): retry later');
    }
    const request = decodeMetricsRequest(bodyOf(req), encoding);
    const { samples, rejected, errors } = this.translator.translate(request, this.now());
    if (rejected > 0) this.logRejected('metrics', rejected, errors);
    if (samples.length > 0) {
      const write = this.options.metricSink.write(samples);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        write.then(
          () => 'written' as const,
          (err: unknown) => err,
        ),
        new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), METRICS_WRITE_WAIT_MS))),
      ]);
      clearTimeout(timer);
      if (outcome === 'waiting') {
        // The samples are ours now (write() resolves once they are buffered): answer 200, and 503 to further
        // requests until the sink has taken them.
        this.log.warn('OTLP metrics: the metric sink is full; answering 503 until it has room');
        this.pendingMetricsWrite = write.then(
          () => this.log.info('OTLP metrics: the metric sink has room again'),
          (err: unknown) => this.log.error({ err, samples: samples.length }, 'OTLP metrics: the sink refused samples already acknowledged'),
        );
        void this.pendingMetricsWrite.finally(() => (this.pendingMetricsWrite = undefined));
      } else if (outcome !== 'written') {
        this.log.error({ err: outcome }, 'OTLP metrics: the metric sink refused the samples');
        return this.unavailable(reply, encoding, `metric sink refused the samples: ${(outcome as Error).message ?? String(outcome)}`);
      }
    }
    return send(reply, 200, exportResponse('metrics', encoding, rejected, errors.join('; ')));
  }

  private async handleLogs(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const encoding = encodingOf(req) ?? 'json';
    const sink = this.options.logSink;
    if (sink === undefined) {
      return send(reply, 404, statusBody(encoding, RpcCode.UNIMPLEMENTED, 'this collector has no log sink: OTLP logs are not accepted'));
    }
    const request = decodeLogsRequest(bodyOf(req), encoding);
    const { records, rejected, errors } = translateLogs(request, this.now());
    if (rejected > 0) this.logRejected('logs', rejected, errors);
    if (records.length > 0) {
      if (this.pendingLogRecords + records.length > this.options.settings.maxPendingLogRecords) {
        return this.unavailable(reply, encoding, `log store has not acknowledged ${this.pendingLogRecords} records yet (otlp.maxPendingLogRecords): retry later`);
      }
      const outcome = await this.sendLogs(sink, records);
      if (outcome !== 'acknowledged') return this.unavailable(reply, encoding, outcome);
    }
    return send(reply, 200, exportResponse('logs', encoding, rejected, errors.join('; ')));
  }

  /** 'acknowledged', or why not (timeout or sink error). */
  private async sendLogs(sink: Pick<LogSink, 'send'>, records: readonly LogRecord[]): Promise<string> {
    this.pendingLogRecords += records.length;
    const sent = sink.send(records).finally(() => (this.pendingLogRecords -= records.length));
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.settings.logsAckTimeoutMs;
    const outcome = await Promise.race([
      sent.then(
        () => 'acknowledged',
        (err: unknown) => `log sink refused the records: ${err instanceof Error ? err.message : String(err)}`,
      ),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`log store did not acknowledge within ${timeoutMs} ms: retry later`), timeoutMs))),
    ]);
    clearTimeout(timer);
    // Still in flight after a timeout: it keeps being retried by the sink; catch so it never goes unhandled.
    sent.catch(() => undefined);
    if (outcome === 'acknowledged' && this.logsUnacknowledged) {
      this.logsUnacknowledged = false;
      this.log.info('OTLP logs: the log store acknowledges again');
    } else if (outcome !== 'acknowledged' && !this.logsUnacknowledged) {
      this.logsUnacknowledged = true;
      this.log.warn({ reason: outcome }, 'OTLP logs: the log store is not acknowledging; answering 503');
    }
    return outcome;
  }

  private logRejected(signal: 'metrics' | 'logs', rejected: number, errors: readonly string[]): void {
    const r = this.rejections[signal];
    r.since += rejected;
    const now = this.now();
    if (now - r.lastLogged < REJECTION_LOG_INTERVAL_MS) return;
    this.log.warn(
      { rejected: r.since, errors },
      `OTLP ${signal}: ${r.since} ${signal === 'metrics' ? 'data points' : 'log records'} rejected (the sender was told in partial_success)`,
    );
    r.lastLogged = now;
    r.since = 0;
  }

  private unavailable(reply: FastifyReply, encoding: OtlpEncoding, message: string): FastifyReply {
    reply.header('retry-after', String(Math.max(1, Math.ceil(this.options.settings.retryAfterMs / 1000))));
    return send(reply, 503, statusBody(encoding, RpcCode.UNAVAILABLE, message));
  }

  private replyError(err: FastifyError | ReplyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const encoding = encodingOf(req);
    if (err instanceof ReplyError) return send(reply, err.statusCode, statusBody(encoding, err.rpcCode, err.message));
    if (err instanceof OtlpDecodeError) return send(reply, 400, statusBody(encoding, RpcCode.INVALID_ARGUMENT, err.message));
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          reply,
          415,
          statusBody(undefined, RpcCode.INVALID_ARGUMENT, `unsupported Content-Type "${req.headers['content-type'] ?? ''}": send application/x-protobuf or application/json`),
        );
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, statusBody(encoding, RpcCode.RESOURCE_EXHAUSTED, `body larger than ${this.options.settings.maxBodyBytes} bytes (otlp.maxBodySize)`));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 400, statusBody(encoding, RpcCode.INVALID_ARGUMENT, err.message));
      default: {
        const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) this.log.error({ err }, 'OTLP receiver: unexpected error');
        return send(reply, status, statusBody(encoding, RpcCode.INVALID_ARGUMENT, status === 500 ? 'internal error' : err.message));
      }
    }
  }
}

function encodingOf(req: FastifyRequest): OtlpEncoding | undefined {
  if (req.otlpEncoding !== undefined) return req.otlpEncoding;
  const ct = req.headers['content-type']?.toLowerCase() ?? '';
  if (ct.startsWith(CONTENT_TYPE.protobuf)) return 'protobuf';
  if (ct.startsWith(CONTENT_TYPE.json)) return 'json';
  return undefined;
}

function bodyOf(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function send(reply: FastifyReply, status: number, body: EncodedBody): FastifyReply {
  return reply.code(status).header('content-type', body.contentType).send(body.body);
}
