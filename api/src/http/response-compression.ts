import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Bodies worth compressing: JSON and text (the query API, logs, /metrics); never SSE, which streams by the event. */
const COMPRESSIBLE = /^(?:application\/(?:[\w.+-]+\+)?json|text\/(?!event-stream))/;

/**
 * Compresses the api's JSON and text responses of 1 KiB or more (brotli at quality 4, else gzip, by Accept-Encoding):
 * a 12-panel board's range queries and a page of log lines shrink 5-10 times. Must be registered before the routes
 * (it hooks each route as it is added). Request bodies are left alone: the ingest routes decode their own
 * Content-Encoding (gzip line protocol, snappy remote_write). Bodies already encoded (the dashboard's pre-compressed
 * files, remote read's snappy) and the hijacked SSE stream pass through.
 */
export async function registerResponseCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
  });
}
