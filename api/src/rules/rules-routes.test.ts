import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authPlugin } from '../auth/auth-plugin.js';
import { parseTokenList } from '../config/load-config.js';
import { registerErrorHandler } from '../http/error-handler.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { RuleManager } from './rule-manager.js';
import { rulesRoutes } from './rules-routes.js';

const T0 = 1_700_000_000_000;

const RULES = `groups:
  - name: demo
    interval: 30s
    rules:
      - record: job:load:sum
        expr: sum by (job) (load)
      - alert: LoadHigh
        expr: job:load:sum > 10
        keep_firing_for: 2m
        labels:
          severity: page
        annotations:
          summary: 'load {{ $value }}'
`;

describe('/api/v1/rules, /api/v1/alerts and POST /-/reload', () => {
  let dir: string;
  let store: MemoryMetricStore;
  let rules: RuleManager;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rules-routes-'));
    await writeFile(path.join(dir, 'demo.yaml'), RULES);
    store = new MemoryMetricStore();
    rules = new RuleManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 60_000,
      store,
      lookbackDeltaMs: 300_000,
      maxSamples: 1e7,
      queryTimeoutMs: 10_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
    });
    await rules.start();
    // The routes with the api's auth and error handler (buildApp wires the same plugins).
    app = Fastify({ logger: false });
    registerErrorHandler(app);
    await app.register(authPlugin, { host: '127.0.0.1', tokens: parseTokenList('reader:read,boss:admin') });
    await app.register(rulesRoutes, { rules });
    await store.append([{ labels: { __name__: 'load', job: 'api' }, timestamp: T0, value: 42 }]);
    await rules.evaluateAllAt(T0);
    await rules.evaluateAllAt(T0 + 30_000);
  });
  afterEach(async () => {
    await app.close();
    await rules.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = async (url: string, token = 'reader'): Promise<{ status: number; body: unknown }> => {
    const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: r.statusCode, body: r.json() };
  };

  it('lists groups and rules in Prometheus’s shape', async () => {
    const { status, body } = await get('/api/v1/rules');
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      data: {
        groups: [
          {
            name: 'demo',
            file: path.join(dir, 'demo.yaml'),
            interval: 30,
            limit: 0,
            evaluationTime: expect.any(Number),
            lastEvaluation: '2023-11-14T22:13:50Z',
            rules: [
              {
                name: 'job:load:sum',
                query: 'sum by (job) (load)',
                health: 'ok',
                evaluationTime: expect.any(Number),
                lastEvaluation: '2023-11-14T22:13:50Z',
                type: 'recording',
              },
              {
                state: 'firing',
                name: 'LoadHigh',
                query: 'job:load:sum > 10',
                duration: 0,
                keepFiringFor: 120,
                labels: { severity: 'page' },
                annotations: { summary: 'load {{ $value }}' },
                alerts: [
                  {
                    labels: { alertname: 'LoadHigh', job: 'api', severity: 'page' },
                    annotations: { summary: 'load 42' },
                    state: 'firing',
                    activeAt: '2023-11-14T22:13:20Z',
                    value: '4.2e+01',
                  },
                ],
                health: 'ok',
                evaluationTime: expect.any(Number),
                lastEvaluation: '2023-11-14T22:13:50Z',
                type: 'alerting',
              },
            ],
          },
        ],
      },
    });
  });

  it('filters by type and rejects an unknown type', async () => {
    const records = (await get('/api/v1/rules?type=record')).body as { data: { groups: Array<{ rules: Array<{ type: string }> }> } };
    expect(records.data.groups[0].rules.map((r) => r.type)).toEqual(['recording']);
    const alerts = (await get('/api/v1/rules?type=alert')).body as { data: { groups: Array<{ rules: Array<{ type: string }> }> } };
    expect(alerts.data.groups[0].rules.map((r) => r.type)).toEqual(['alerting']);
    expect(await get('/api/v1/rules?type=x')).toEqual({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "type": not supported value "x"' },
    });
  });

  it('lists active alerts, including one kept firing by keep_firing_for', async () => {
    await store.append([{ labels: { __name__: 'load', job: 'api' }, timestamp: T0 + 60_000, value: 1 }]);
    await rules.evaluateAllAt(T0 + 60_000);
    expect((await get('/api/v1/alerts')).body).toEqual({
      status: 'success',
      data: {
        alerts: [
          {
            labels: { alertname: 'LoadHigh', job: 'api', severity: 'page' },
            annotations: { summary: 'load 42' },
            state: 'firing',
            activeAt: '2023-11-14T22:13:20Z',
            keepFiringSince: '2023-11-14T22:14:20Z',
            value: '4.2e+01',
          },
        ],
      },
    });
  });

  it('reloads on POST /-/reload with an admin token, and answers a bad file with every problem', async () => {
    expect((await app.inject({ method: 'POST', url: '/-/reload', headers: { authorization: 'Bearer reader' } })).statusCode).toBe(403);
    await writeFile(path.join(dir, 'bad.yaml'), 'groups:\n  - name: demo2\n    rules:\n      - record: bad-name\n        expr: up\n        for: 1m\n');
    const bad = await app.inject({ method: 'POST', url: '/-/reload', headers: { authorization: 'Bearer boss' } });
    expect(bad.statusCode).toBe(400);
    const body = bad.json() as { status: string; error: string; data: { problems: Array<{ file: string; line: number; field: string }> } };
    expect(body.status).toBe('error');
    expect(body.data.problems.map((p) => [path.basename(p.file), p.line, p.field])).toEqual([
      ['bad.yaml', 4, 'groups[0].rules[0].for'],
      ['bad.yaml', 4, 'groups[0].rules[0].record'],
    ]);
    expect(body.error).toContain("invalid field 'for' in recording rule");
    expect(((await get('/api/v1/rules')).body as { data: { groups: unknown[] } }).data.groups).toHaveLength(1);

    await writeFile(path.join(dir, 'bad.yaml'), 'groups:\n  - name: demo2\n    rules:\n      - record: good_name\n        expr: up\n');
    const good = await app.inject({ method: 'POST', url: '/-/reload', headers: { authorization: 'Bearer boss' } });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ status: 'success', data: { groups: 2, rules: 3, problems: [] } });
  });
});
