import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Counter, Gauge, type Registry } from 'prom-client';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import type { LogQuery } from '../logs/query/log-query-ast.js';
import { parseLogQuery } from '../logs/query/parse-log-query.js';
import type { EventBus, LiveEvent } from './event-bus.js';
import { EVENT_TOPICS, isEventTopic, type EventTopic } from './event-topics.js';
import { logEventMatches } from './log-event-filter.js';
import { SseConnection, resetFrame } from './sse-connection.js';

export interface EventsRoutesOptions {
  readonly bus: EventBus;
  /** `: hb` comment every this many ms on every stream; 15 s by default. */
  readonly heartbeatMs?: number;
  /** The `retry:` hint: how long a client waits before reconnecting; 3 s by default. */
  readonly retryMs?: number;
  /** Bytes a slow client may have queued in the process before its events are dropped (then `reset`); 1 MiB by default. */
  readonly maxBufferedBytes?: number;
  /** A client behind for longer than this is disconnected; 30 s by default. */
  readonly maxLagMs?: number;
  /** For `sse_clients` and `sse_slow_clients_total`; none: not exported. */
  readonly registry?: Registry;
  readonly now?: () => number;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_RETRY_MS = 3_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
export const DEFAULT_MAX_LAG_MS = 30_000;

const EventsParams = Type.Object(
  {
    topics: Type.Optional(Type.String({ description: `comma-separated topics out of ${EVENT_TOPICS.join(', ')}; all by default` })),
    logQuery: Type.Optional(Type.String({ description: 'only log lines matching this query (the log search language of GET /api/v1/logs)' })),
    lastEventId: Type.Optional(Type.String({ description: 'resume after this event id (as the Last-Event-ID header, for clients that cannot set headers)' })),
  },
  { additionalProperties: true },
);

function invalidParam(name: string, message: string): AppError {
  return new AppError('bad_data', `invalid parameter "${name}": ${message}`);
}

function parseTopics(text: string | undefined): Set<EventTopic> {
  if (text === undefined || text.trim() === '') return new Set(EVENT_TOPICS);
  const topics = new Set<EventTopic>();
  for (const part of text.split(',')) {
    const topic = part.trim();
    if (!isEventTopic(topic)) throw invalidParam('topics', `unknown topic ${JSON.stringify(topic)} (known: ${EVENT_TOPICS.join(', ')})`);
    topics.add(topic);
  }
  return topics;
}

function parseLogFilter(text: string | undefined): LogQuery | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseLogQuery(text);
  } catch (err) {
    if (err instanceof AppError) throw invalidParam('logQuery', err.message);
    throw err;
  }
}

/**
 * `GET /api/v1/events` (read scope): Server-Sent Events of alert transitions (`alert`), SLO status updates (`slo`) and
 * new log lines (`log`), each with an `id:`; `?topics=` picks topics, `?logQuery=` filters log lines. Resumes after
 * `Last-Event-ID` (header, or `?lastEventId=`) from the bus's recent events, or sends `reset` when those are gone.
 * Heartbeat comments keep idle streams alive; server shutdown (app.close) ends every stream first.
 */
export const eventsRoutes: FastifyPluginAsyncTypebox<EventsRoutesOptions> = async (app, opts) => {
  const { bus } = opts;
  const now = opts.now ?? Date.now;
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const retryFrame = Buffer.from(`retry: ${opts.retryMs ?? DEFAULT_RETRY_MS}\n\n`, 'utf8');
  const connections = new Set<SseConnection>();
  const clients = opts.registry
    ? new Gauge({ name: 'sse_clients', help: 'Clients connected to GET /api/v1/events.', registers: [opts.registry] })
    : undefined;
  const slow = opts.registry
    ? new Counter({
        name: 'sse_slow_clients_total',
        help: 'Times a client of GET /api/v1/events fell behind: events dropped then reset (action="reset") or disconnected (action="disconnect").',
        labelNames: ['action'],
        registers: [opts.registry],
      })
    : undefined;
  slow?.inc({ action: 'reset' }, 0);
  slow?.inc({ action: 'disconnect' }, 0);

  // Events published in one turn of the event loop (a POST of many log lines) go out in one write per client.
  let pending: LiveEvent[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    let all: Buffer | undefined;
    let allBytes = 0;
    for (const event of batch) allBytes += event.frame.length;
    const frames = (): Buffer => (all ??= batch.length === 1 ? batch[0].frame : Buffer.concat(batch.map((e) => e.frame), allBytes));
    for (const connection of connections) connection.deliver(batch, frames, allBytes);
  };
  const unsubscribe = bus.subscribe((event: LiveEvent) => {
    // Nobody to deliver to: nothing is encoded (a client that connects later resumes from the bus's buffer).
    if (connections.size === 0) return;
    if (pending.length === 0) setImmediate(flush);
    pending.push(event);
  });
  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, heartbeatMs);
  heartbeat.unref();

  // Before the server stops accepting: end the streams, or server.close() would wait for them forever.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    unsubscribe();
    pending = [];
    for (const connection of connections) connection.end();
    connections.clear();
    clients?.set(0);
  });

  app.get(
    '/api/v1/events',
    { schema: { querystring: EventsParams, response: { ...ERROR_RESPONSES } } },
    async (request, reply): Promise<void> => {
      const topics = parseTopics(request.query.topics);
      const logFilter = parseLogFilter(request.query.logQuery);
      const header = request.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;

      const accepts = (event: LiveEvent): boolean =>
        topics.has(event.topic) && (logFilter === undefined || event.topic !== 'logs' || logEventMatches(logFilter, event));
      const connection = new SseConnection(reply.raw, {
        maxBufferedBytes: opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
        maxLagMs: opts.maxLagMs ?? DEFAULT_MAX_LAG_MS,
        accepts,
        afterSeq: bus.lastSeq(),
        lastId: () => bus.lastId(),
        onSlow: (action) => slow?.inc({ action }),
        now,
      });

      reply.hijack();
      const socket = request.raw.socket;
      // A live stream is idle for minutes at a time: no socket timeout, keep-alive probes, no Nagle delay.
      socket.setTimeout(0);
      socket.setKeepAlive(true, 30_000);
      socket.setNoDelay(true);
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // One stream per connection; after it ends the client reconnects anyway.
        connection: 'close',
        'x-accel-buffering': 'no',
      });
      connection.write(retryFrame);
      if (lastEventId !== undefined && lastEventId !== '') {
        const resumed = bus.resume(lastEventId, topics);
        if (resumed.kind === 'reset') connection.write(resetFrame(bus.lastId(), resumed.reason));
        else {
          const missed = resumed.events.filter(accepts);
          connection.writeFrames(missed);
        }
      }

      connections.add(connection);
      clients?.inc();
      reply.raw.on('close', () => {
        if (connections.delete(connection)) clients?.dec();
      });
    },
  );
};
