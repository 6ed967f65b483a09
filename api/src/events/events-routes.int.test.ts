import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { AlertTransition } from '../alerting/alert.js';
import { loadConfig } from '../config/load-config.js';
import type { LogRecord } from '../logs/log-record.js';
import { RuleManager } from '../rules/rule-manager.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { SloJson } from '../slo/slo-api-schemas.js';
import { sloJson } from '../slo/slo-json.js';
import { SloManager } from '../slo/slo-manager.js';
import { T, ramp, writeCounter } from '../slo/slo-test-data.test-helper.js';
import { alertEventListener } from './alert-event-listener.js';
import { EventBus } from './event-bus.js';
import type { EventsRoutesOptions } from './events-routes.js';
import { sloEventListener } from './slo-event-listener.js';
import { SseTestClient } from './sse-test-client.js';

interface Running {
  readonly app: FastifyInstance;
  readonly base: string;
  readonly bus: EventBus;
  readonly store: MemoryMetricStore;
}

async function start(stream: Omit<EventsRoutesOptions, 'bus' | 'registry'>, bus = new EventBus()): Promise<Running> {
  const store = new MemoryMetricStore();
  const app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }), registry: new Registry(), events: bus, eventsStream: stream });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as net.AddressInfo;
  return { app, base: `http://127.0.0.1:${addr.port}`, bus, store };
}

let seq = 0;
function record(fields: Partial<LogRecord> = {}): LogRecord {
  seq++;
  return { id: `rec-${seq}`, timestamp: Date.now(), level: 'info', message: `request ${seq} served`, service: 'shop', ...fields };
}

async function postLogs(base: string, records: LogRecord[]): Promise<unknown> {
  const res = await fetch(`${base}/api/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(res.status).toBe(200);
  return res.json();
}

async function metric(base: string, line: RegExp): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = line.exec(text);
  if (!m) throw new Error(`no ${line} in /metrics`);
  return Number(m[1]);
}

describe('GET /api/v1/events', () => {
  let api: Running;
  const clients: SseTestClient[] = [];
  async function connect(query = '', headers: Record<string, string> = {}): Promise<SseTestClient> {
    const c = await SseTestClient.connect(`${api.base}/api/v1/events${query}`, headers);
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    api = await start({ heartbeatMs: 100, retryMs: 1234, maxBufferedBytes: 64 * 1024, maxLagMs: 3000 }, new EventBus({ maxEventsPerTopic: 50 }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await api.app.close();
    await api.store.close();
  });

  it('streams new log lines as `log` events with ids, a retry hint and heartbeats', async () => {
    const c = await connect();
    expect(c.response.statusCode).toBe(200);
    expect(c.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await c.waitFor(() => c.comments.includes('hb'), 3000, 'a heartbeat');
    expect(c.retry).toBe(1234);

    const a = record();
    const b = record({ level: 'error' });
    await postLogs(api.base, [a, b]);
    await c.waitFor(() => c.named('log').length === 2, 3000, 'two log events');
    const logs = c.named('log');
    expect(logs.map((e) => JSON.parse(e.data) as LogRecord)).toEqual([a, b]);
    expect(logs.every((e) => /^[0-9a-z]+-\d+$/.test(e.id ?? ''))).toBe(true);
    expect(logs[0].id).not.toBe(logs[1].id);

    // A re-sent batch (a collector retry) is stored once and not streamed again.
    const c2 = await connect('?topics=logs');
    await postLogs(api.base, [a, b, record({ message: 'after the retry' })]);
    await c2.waitFor(() => c2.named('log').length >= 1, 3000, 'the new record');
    await new Promise((r) => setTimeout(r, 200));
    expect(c2.named('log').map((e) => (JSON.parse(e.data) as LogRecord).message)).toEqual(['after the retry']);
  });

  it('sends only the asked topics, and only log lines matching logQuery', async () => {
    const alertsOnly = await connect('?topics=alerts');
    const errors = await connect(`?topics=logs&logQuery=${encodeURIComponent('level:error service:shop')}`);
    const both = await connect('?topics=alerts,logs');
    await postLogs(api.base, [record({ message: 'fine' }), record({ level: 'error', message: 'payment failed' }), record({ level: 'error', service: 'other' })]);
    await postLogs(api.base, [record({ level: 'error', message: 'last one' })]);
    const transition = { source: { file: 'f', group: 'g', rule: 'R' }, from: 'pending', to: 'firing', at: 1, alert: {} } as unknown as AlertTransition;
    api.bus.publish('alerts', transition);

    await alertsOnly.waitFor(() => alertsOnly.named('alert').length === 1, 3000, 'the alert');
    // Events arrive in publication order: the logs before the alert would have been here by now.
    expect(alertsOnly.events.map((e) => e.event)).toEqual(['alert']);
    await errors.waitFor(() => errors.named('log').some((e) => e.data.includes('last one')), 3000, 'the last error line');
    expect(errors.events.map((e) => (JSON.parse(e.data) as LogRecord).message)).toEqual(['payment failed', 'last one']);
    await both.waitFor(() => both.named('alert').length === 1, 3000, 'the alert');
    expect(both.events.map((e) => e.event)).toEqual(['log', 'log', 'log', 'log', 'alert']);
  });

  it('refuses unknown topics and bad log queries, naming the parameter', async () => {
    const bad = await fetch(`${api.base}/api/v1/events?topics=alerts,metrics`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/invalid parameter "topics": unknown topic "metrics"/);
    const badQuery = await fetch(`${api.base}/api/v1/events?logQuery=${encodeURIComponent('"unterminated')}`);
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { error: string }).error).toMatch(/invalid parameter "logQuery": invalid query: unterminated quote/);
  });

  it('resumes after Last-Event-ID with the events missed while away', async () => {
    const first = await connect('?topics=logs');
    await postLogs(api.base, [record({ message: 'one' }), record({ message: 'two' })]);
    await first.waitFor(() => first.named('log').length === 2, 3000, 'two lines');
    const lastSeen = first.events[1].id as string;
    first.close();
    await postLogs(api.base, [record({ message: 'three' }), record({ message: 'four' })]);

    const resumed = await connect('?topics=logs', { 'last-event-id': lastSeen });
    await resumed.waitFor(() => resumed.named('log').length === 2, 3000, 'the two missed lines');
    expect(resumed.events.map((e) => (JSON.parse(e.data) as LogRecord).message)).toEqual(['three', 'four']);
    // The same through ?lastEventId= (clients that cannot set headers), then live events continue.
    const byQuery = await connect(`?topics=logs&lastEventId=${encodeURIComponent(lastSeen)}`);
    await postLogs(api.base, [record({ message: 'five' })]);
    await byQuery.waitFor(() => byQuery.named('log').length === 3, 3000, 'missed and live lines');
    expect(byQuery.events.map((e) => (JSON.parse(e.data) as LogRecord).message)).toEqual(['three', 'four', 'five']);
  });

  it('sends `reset` when the resume id is older than the kept events or unknown', async () => {
    const c = await connect('?topics=logs');
    await postLogs(api.base, [record()]);
    await c.waitFor(() => c.named('log').length === 1, 3000, 'a line');
    const old = c.events[0].id as string;
    c.close();
    // The bus keeps 50 events per topic in this test: 60 more push the id out.
    await postLogs(api.base, Array.from({ length: 60 }, () => record()));
    const late = await connect('?topics=logs', { 'last-event-id': old });
    await late.waitFor(() => late.events.length > 0, 3000, 'a reset');
    expect(late.events[0].event).toBe('reset');
    expect(JSON.parse(late.events[0].data)).toEqual({ reason: 'too_old' });
    expect(late.events[0].id).toBe(api.bus.lastId());

    const stranger = await connect('?topics=logs', { 'last-event-id': 'zzz-5' });
    await stranger.waitFor(() => stranger.events.length > 0, 3000, 'a reset');
    expect(JSON.parse(stranger.events[0].data)).toEqual({ reason: 'unknown_id' });
  });

  it('drops events for a client that does not read, then resets it when it reads again', async () => {
    for (const c of clients.splice(0)) c.close();
    const port = new URL(api.base).port;
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`GET /api/v1/events?topics=logs HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    socket.pause();
    await new Promise((r) => setTimeout(r, 200));
    const resetsBefore = await metric(api.base, /^sse_slow_clients_total\{action="reset"\} (\d+)$/m);
    const published = 2000;
    const big = 'x'.repeat(16 * 1024);
    for (let i = 0; i < published; i++) api.bus.publish('logs', record({ message: `${i} ${big}` }));

    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.resume();
    const text = (): string => Buffer.concat(chunks).toString('utf8');
    const deadline = Date.now() + 5000;
    while (!text().includes('event: reset') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    expect(text()).toMatch(/event: reset\ndata: \{"reason":"slow_client"\}/);
    const delivered = text().match(/^event: log$/gm)?.length ?? 0;
    // 32 MB were published; what fits in the socket buffers and 64 KiB in the process arrived, the rest was dropped.
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(published);
    expect(await metric(api.base, /^sse_slow_clients_total\{action="reset"\} (\d+)$/m)).toBe(resetsBefore + 1);
  });

  it('disconnects a client that stays behind longer than maxLagMs', async () => {
    const disconnectsBefore = await metric(api.base, /^sse_slow_clients_total\{action="disconnect"\} (\d+)$/m);
    const port = new URL(api.base).port;
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`GET /api/v1/events?topics=logs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    socket.pause();
    await new Promise((r) => setTimeout(r, 200));
    // Events keep coming: each turn of the event loop the socket takes what the kernel's buffers can (several MB on
    // loopback), then 64 KiB wait in the process and the rest is dropped, until the buffers are full for good.
    // Heartbeats (every 100 ms) then find the client behind for longer than maxLagMs (3 s).
    const big = 'y'.repeat(16 * 1024);
    const deadline = Date.now() + 10_000;
    let disconnects = disconnectsBefore;
    for (let round = 1; disconnects === disconnectsBefore && Date.now() < deadline; round++) {
      for (let i = 0; i < 5; i++) api.bus.publish('logs', record({ message: big }));
      await new Promise((r) => setTimeout(r, 2));
      if (round % 100 === 0) disconnects = await metric(api.base, /^sse_slow_clients_total\{action="disconnect"\} (\d+)$/m);
    }
    expect(disconnects).toBe(disconnectsBefore + 1);
    // The client sees the end of the connection once it reads what was sent before.
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('data', () => undefined);
    socket.resume();
    await gone;
    await new Promise((r) => setTimeout(r, 50));
    expect(await metric(api.base, /^sse_clients (\d+)$/m)).toBe(0);
  }, 15_000);

  it('counts connected clients in sse_clients and forgets those that leave', async () => {
    for (const c of clients.splice(0)) c.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await metric(api.base, /^sse_clients (\d+)$/m)).toBe(0);
    const a = await connect();
    await connect();
    await a.waitFor(() => a.comments.length > 0, 3000, 'a heartbeat');
    expect(await metric(api.base, /^sse_clients (\d+)$/m)).toBe(2);
    a.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await metric(api.base, /^sse_clients (\d+)$/m)).toBe(1);
  });
});

describe('GET /api/v1/events with the rule engine', () => {
  it('streams alert transitions as a RuleManager evaluates a firing rule', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'events-rules-'));
    await writeFile(
      path.join(dir, 'demo.yaml'),
      `groups:\n  - name: demo\n    rules:\n      - alert: LoadHigh\n        expr: load > 10\n        for: 1m\n        labels: { severity: page }\n`,
    );
    const bus = new EventBus();
    const api = await start({}, bus);
    const rules = new RuleManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 60_000,
      store: api.store,
      lookbackDeltaMs: 300_000,
      maxSamples: 1e6,
      queryTimeoutMs: 10_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
    });
    rules.addListener(alertEventListener(bus));
    try {
      expect((await rules.start()).success).toBe(true);
      const c = await SseTestClient.connect(`${api.base}/api/v1/events?topics=alerts`);
      const t0 = 1_700_000_000_000;
      await api.store.append([{ labels: { __name__: 'load', job: 'api' }, timestamp: t0, value: 50 }]);
      await rules.evaluateAllAt(t0);
      await api.store.append([{ labels: { __name__: 'load', job: 'api' }, timestamp: t0 + 60_000, value: 60 }]);
      await rules.evaluateAllAt(t0 + 60_000);
      await c.waitFor(() => c.named('alert').length === 2, 3000, 'two transitions');
      const transitions = c.named('alert').map((e) => JSON.parse(e.data) as AlertTransition);
      expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['inactive>pending', 'pending>firing']);
      expect(transitions[1].alert.labels).toEqual({ alertname: 'LoadHigh', job: 'api', severity: 'page' });
      expect(transitions[1].source.rule).toBe('LoadHigh');
      c.close();
    } finally {
      await rules.stop();
      await api.app.close();
      await api.store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/v1/events with the SLO engine', () => {
  it('streams each SLO status after an evaluation round', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'events-slos-'));
    await writeFile(
      path.join(dir, 'shop.yaml'),
      `version: prometheus/v1\nservice: shop\nslos:\n  - name: errors\n    objective: 99.9\n    window: 28d\n    sli:\n      events:\n` +
        `        error_query: sum(rate(errors_total[{{.window}}]))\n        total_query: sum(rate(requests_total[{{.window}}]))\n`,
    );
    const bus = new EventBus();
    const api = await start({}, bus);
    const hour = 3_600_000;
    await writeCounter(api.store, { __name__: 'requests_total' }, T - 2 * hour, T, ramp(T - hour, T, 1000));
    await writeCounter(api.store, { __name__: 'errors_total' }, T - 2 * hour, T, ramp(T - hour, T, 3));
    const slos = new SloManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 30_000,
      store: api.store,
      lookbackDeltaMs: 300_000,
      maxSamples: 50_000_000,
      queryTimeoutMs: 60_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
      settleMs: 0,
      now: () => T,
    });
    try {
      await slos.start();
      slos.addListener(sloEventListener(bus));
      const c = await SseTestClient.connect(`${api.base}/api/v1/events?topics=slos`);
      await slos.evaluateAllAt(T);
      await c.waitFor(() => c.named('slo').length >= 1, 5000, 'an slo event');
      const status = JSON.parse(c.named('slo')[0].data) as SloJson;
      expect(c.named('slo')).toHaveLength(1);
      expect(status).toEqual(JSON.parse(JSON.stringify(sloJson(slos.statuses()[0]))));
      expect(status.name).toMatch(/errors/);
      c.close();
    } finally {
      await slos.stop();
      await api.app.close();
      await api.store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/v1/events on a quiet stream', () => {
  it('outlives the server socket and keep-alive timeouts between events', async () => {
    const api = await start({ heartbeatMs: 60_000 });
    // An idle socket would be closed after 300 ms: a stream must not be.
    api.app.server.timeout = 300;
    api.app.server.keepAliveTimeout = 300;
    try {
      const c = await SseTestClient.connect(`${api.base}/api/v1/events?topics=logs`);
      await new Promise((r) => setTimeout(r, 1500));
      expect(c.ended).toBe(false);
      await postLogs(api.base, [record({ message: 'after a quiet while' })]);
      await c.waitFor(() => c.named('log').length === 1, 3000, 'the line');
      c.close();
    } finally {
      await api.app.close();
      await api.store.close();
    }
  });
});

describe('GET /api/v1/events at shutdown', () => {
  it('ends every stream when the app closes, so the server stops promptly', async () => {
    const api = await start({ heartbeatMs: 60_000 });
    const clients = await Promise.all([1, 2, 3].map(() => SseTestClient.connect(`${api.base}/api/v1/events`)));
    // One that never reads its socket either.
    const stuck = net.connect(Number(new URL(api.base).port), '127.0.0.1');
    await new Promise<void>((resolve) => stuck.once('connect', resolve));
    stuck.write(`GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    stuck.pause();
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await api.app.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.all(clients.map((c) => c.closed));
    expect(clients.every((c) => c.ended)).toBe(true);
    stuck.destroy();
    await api.store.close();
  });
});
