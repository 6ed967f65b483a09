// Side by side with a real Prometheus 2.42 (Debian's `prometheus` package, provisioned by scripts/test-all.sh):
// the same samples are loaded into both (a TSDB block made with promtool for Prometheus, a MemoryMetricStore for
// the api) and every request below must get the same status and the same JSON body from both.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';

const BASE = Math.floor((Date.now() / 1000 - 86_400) / 60) * 60; // a day ago, inside Prometheus's retention
let prometheus: ChildProcess;
let promUrl: string;
let app: FastifyInstance;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prom-compat-'));
  const points: Array<[Record<string, string>, number, number]> = [];
  for (let i = 0; i <= 10; i++) points.push([{ job: 'a' }, i, BASE + i * 60]);
  points.push([{ job: 'ab' }, 100, BASE]);
  const om = ['# TYPE up gauge', ...points.map(([l, v, t]) => `up{job="${l.job}"} ${v} ${t}`), '# EOF', ''].join('\n');
  writeFileSync(path.join(dir, 'data.om'), om);
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'data.om'), path.join(dir, 'tsdb')], { stdio: 'ignore' });
  writeFileSync(path.join(dir, 'prometheus.yml'), 'global: {}\n');
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${promUrl}/-/ready`)).status === 200) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error('prometheus did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }

  const store = new MemoryMetricStore();
  await store.append(points.map(([l, v, t]) => ({ labels: { __name__: 'up', ...l }, timestamp: t * 1000, value: v })));
  app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  await app?.close();
});

const q = (expr: string, time = BASE + 120): string => `/api/v1/query?query=${encodeURIComponent(expr)}&time=${time}`;
const range = (expr: string, start: number | string, end: number | string, step: string): string =>
  `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${start}&end=${end}&step=${step}`;

const CASES: string[] = [
  // evaluation: lookback (closed at both ends in 2.42), offset, regex anchoring, literals
  q('up', BASE + 90),
  q('up', BASE + 300),
  q('up', BASE + 300.001),
  q('up', BASE - 0.001),
  q('up[2m]', BASE + 240),
  q('up[2m] offset 1m', BASE + 240),
  q('up offset -2m', BASE),
  q('up offset 1m30s'),
  q('up{job=~"a"}'),
  q('up{job=~"A"}'),
  q('up{job=~"a|ab"}'),
  q('{__name__=~"u.",job!~"a"}'),
  q('up{job!="",job=~".+"}'),
  q("up{job='a'}"),
  q('up{job=`a`}'),
  q('up{job="\\x61"}'),
  q('(up)', BASE + 60),
  q('up[1m1s]'),
  q('1.5e-7'),
  q('-Inf'),
  q('NaN'),
  q('1e21'),
  q('0x1f'),
  q('010'),
  q('.5'),
  q('-0'),
  q('"str"'),
  q('"a\\nb"'),
  `/api/v1/query?query=up&time=${encodeURIComponent(new Date((BASE + 120) * 1000).toISOString().replace('.000Z', '+01:00'))}`,
  range('up', BASE - 60, BASE + 1000, '90'),
  range('up', `${BASE}.5`, BASE + 600, '45.5'),
  range('up', BASE, BASE + 600, '1m30s'),
  range('up offset 1m', BASE, BASE + 300, '1m'),
  range('42', BASE, BASE + 120, '1m'),
  range('up', 0, 11000, '1'),
  `/api/v1/series?match[]=up&start=${BASE - 100}&end=${BASE + 1000}`,
  `/api/v1/series?match[]=up&match[]=${encodeURIComponent('{job="ab"}')}`,
  `/api/v1/labels?start=${BASE - 100}&end=${BASE + 1000}`,
  `/api/v1/labels?match[]=up&match[]=foo`,
  `/api/v1/label/job/values?start=${BASE - 100}&end=${BASE + 1000}`,
  `/api/v1/label/job/values?match[]=${encodeURIComponent('up{job="ab"}')}`,
  `/api/v1/label/__name__/values`,
  // errors: the message text and position too
  q('foo{'),
  q('foo bar'),
  q('foo{a~"b"}'),
  q('foo}'),
  q('foo[5m'),
  q('foo[1.5m]'),
  q('up[0s]'),
  q('up[90]'),
  q('up offset 90'),
  q('1 +'),
  q('up{job=~"a"'),
  q('foo{a="b",}'),
  q('{}'),
  q('{a=~".*"}'),
  q('foo{__name__="bar"}'),
  q('foo offset 5m offset 1m'),
  q('foo offset 5m [5m]'),
  q('(foo)[5m]'),
  '/api/v1/query?query=',
  '/api/v1/query',
  '/api/v1/query?query=up&time=abc',
  '/api/v1/query?query=up&timeout=abc',
  range('up[5m]', 0, 10, '1'),
  range('"s"', 0, 10, '1'),
  '/api/v1/query_range?query=up&end=10&step=1',
  range('up', 20, 10, '1'),
  '/api/v1/query_range?query=up&start=0&end=10',
  range('up', 0, 10, '0'),
  range('up', 0, 10, 'abc'),
  range('up', 'abc', 10, '1'),
  range('up', 0, 11001, '1'),
  '/api/v1/series',
  '/api/v1/series?match[]=up%5B5m%5D',
  `/api/v1/series?match[]=${encodeURIComponent('{a=""}')}`,
  `/api/v1/series?match[]=${encodeURIComponent('foo{')}`,
  '/api/v1/labels?start=x',
  '/api/v1/label/bad-name/values',
  // what Grafana calls besides queries (buildinfo differs by design: it names this api)
  '/api/v1/metadata',
  '/api/v1/metadata?limit=5&metric=up',
  '/api/v1/metadata?limit=abc',
  `/api/v1/query_exemplars?query=up&start=${BASE}&end=${BASE + 600}`,
  `/api/v1/query_exemplars?query=${encodeURIComponent('rate(up[5m])')}`,
  '/api/v1/query_exemplars?query=up&start=10&end=1',
  `/api/v1/query_exemplars?query=${encodeURIComponent('foo{')}`,
  '/api/v1/rules',
  '/api/v1/rules?type=alert',
  '/api/v1/rules?type=x',
  '/api/v1/alerts',
  `/api/v1/format_query?query=${encodeURIComponent('sum(rate(up{job="a"}[5m]))by(job) > bool on(job) group_left vector(1)')}`,
  `/api/v1/format_query?query=${encodeURIComponent('foo{')}`,
  // timeout values (timeout=0 is left out: Prometheus words it "in query queue" or "in query execution" by chance)
  '/api/v1/query?query=up&timeout=-1s',
  '/api/v1/query?query=up&timeout=1.5',
];

describe('the read API answers like Prometheus 2.42', () => {
  it.each(CASES)('GET %s', async (url) => {
    const prom = await fetch(promUrl + url);
    const promBody: unknown = JSON.parse(await prom.text());
    const ours = await app.inject({ method: 'GET', url });
    expect({ status: ours.statusCode, body: ours.json() }).toEqual({ status: prom.status, body: promBody });
  });

  it.each([
    ['/api/v1/query', `query=up&time=${BASE + 60}`],
    ['/api/v1/query_range', `query=up&start=${BASE}&end=${BASE + 300}&step=60`],
    ['/api/v1/series', 'match[]=up'],
    ['/api/v1/labels', 'match[]=up'],
  ])('POST %s (form)', async (url, form) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const prom = await fetch(promUrl + url, { method: 'POST', body: form, headers });
    const promBody: unknown = JSON.parse(await prom.text());
    const ours = await app.inject({ method: 'POST', url, payload: form, headers });
    expect({ status: ours.statusCode, body: ours.json() }).toEqual({ status: prom.status, body: promBody });
  });
});
