import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import snappy from 'snappyjs';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors/app-error.js';
import { AppendBatcher } from '../append-batcher.js';
import { labelsKey, normalizeLabels, type Labels } from '../../storage/labels.js';
import type { MetricStore, Sample } from '../../storage/metric-store.js';
import { decodeWriteRequest, int64ToNumber, type PromWriteRequest } from './prompb.js';

export interface RemoteWriteRoutesOptions {
  readonly store: MetricStore;
  /** Largest accepted body, compressed and decompressed. */
  readonly maxBodyBytes: number;
}

const MAX_INTERNED = 1_000_000;

/**
 * Prometheus remote_write 1.0 receiver: `POST /api/v1/write`, body = snappy block-compressed protobuf
 * WriteRequest (Prometheus sends `Content-Encoding: snappy`, `Content-Type: application/x-protobuf`,
 * `X-Prometheus-Remote-Write-Version: 0.1.0`). Staleness markers are stored with their exact NaN bits.
 * Replies 204; errors are plain text, like Prometheus's own receiver (the sender logs them).
 */
export const remoteWriteRoutes: FastifyPluginAsync<RemoteWriteRoutesOptions> = async (app, opts) => {
  const { store, maxBodyBytes } = opts;
  const interned = new Map<string, Labels>();
  const batcher = new AppendBatcher(store);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));
  app.setErrorHandler(async (error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'remote write failed');
    const message =
      status === 413 && !(error instanceof AppError) ? `body exceeds ${maxBodyBytes} bytes` : status >= 500 && !(error instanceof AppError) ? 'internal error' : error.message;
    await reply.code(status).type('text/plain; charset=utf-8').send(message);
  });

  function labelsOf(pairs: PromWriteRequest['timeseries'][number]['labels']): Labels {
    let raw = '';
    for (const l of pairs) raw += l.name + '\u0000' + l.value + '\u0001';
    let labels = interned.get(raw);
    if (labels === undefined) {
      const record: Record<string, string> = {};
      for (const l of pairs) record[l.name] = l.value;
      labels = normalizeLabels(record);
      // Same series sent with labels in another order: share the object already interned.
      const canonical = labelsKey(labels);
      labels = interned.get(canonical) ?? labels;
      if (interned.size >= MAX_INTERNED) interned.clear();
      interned.set(raw, labels);
      interned.set(canonical, labels);
    }
    return labels;
  }

  app.post(
    '/api/v1/write',
    { schema: { response: { 204: Type.Null(), '4xx': Type.String(), '5xx': Type.String() } } },
    async (request, reply) => {
      const encoding = request.headers['content-encoding']?.trim().toLowerCase();
      if (encoding !== undefined && encoding !== '' && encoding !== 'snappy') {
        throw new AppError('bad_data', `unsupported Content-Encoding "${encoding}": remote write 1.0 bodies are snappy`, { statusCode: 415 });
      }
      const contentType = request.headers['content-type'] ?? '';
      const proto = /proto=([^;\s]+)/.exec(contentType)?.[1];
      if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
        throw new AppError('bad_data', `unsupported remote write message ${proto}: only remote write 1.0 (prometheus.WriteRequest) is accepted`, { statusCode: 415 });
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let decompressed: Buffer;
      try {
        decompressed = snappy.uncompress(body, maxBodyBytes);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (/too big/.test(message)) throw new AppError('too_large', `body exceeds ${maxBodyBytes} bytes after snappy decompression`);
        throw new AppError('bad_data', `invalid snappy body: ${message}`);
      }
      let writeRequest: PromWriteRequest;
      try {
        writeRequest = decodeWriteRequest(decompressed);
      } catch (err) {
        throw new AppError('bad_data', `invalid protobuf WriteRequest: ${err instanceof Error ? err.message : String(err)}`);
      }
      const samples: Sample[] = [];
      for (const ts of writeRequest.timeseries) {
        if (ts.samples.length === 0) continue;
        const labels = labelsOf(ts.labels);
        for (const s of ts.samples) samples.push({ labels, timestamp: int64ToNumber(s.timestamp), value: s.value });
      }
      if (samples.length > 0) {
        if (!store.isOpen()) throw new AppError('unavailable', 'metric store is closed');
        await batcher.append(samples);
      }
      await reply.code(204).send();
    },
  );
};
