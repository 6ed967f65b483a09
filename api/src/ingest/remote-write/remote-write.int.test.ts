import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import type { SeriesSamples } from '../../storage/metric-store.js';
import { isStaleMarker } from '../../storage/stale-marker.js';
import { remoteWriteRoutes } from './routes.js';

/**
 * A real Prometheus (Debian's /usr/bin/prometheus) scrapes a tiny /metrics server every second and
 * remote-writes to our receiver; when the target goes away Prometheus must send staleness markers.
 */
const PROMETHEUS = '/usr/bin/prometheus';
const METRICS = [
  '# HELP itest_requests_total Requests served.',
  '# TYPE itest_requests_total counter',
  'itest_requests_total{method="GET",code="200"} 42',
  'itest_requests_total{method="POST",code="500"} 3',
  '',
].join('\n');

let prometheus: ChildProcess | undefined;
let prometheusLog = '';
let target: Server;
let targetPort: number;
let app: FastifyInstance;
let store: MemoryMetricStore;
let dir: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    if (prometheus?.exitCode != null) throw new Error(`prometheus exited (${prometheus.exitCode}):\n${prometheusLog}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}; prometheus log tail:\n${prometheusLog.slice(-3000)}`);
}

async function requestsSeries(): Promise<SeriesSamples[]> {
  return store.select([{ name: '__name__', type: '=', value: 'itest_requests_total' }], { start: 0, end: Infinity });
}

beforeAll(async () => {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(`${PROMETHEUS} is missing: run the test provisioning (apt-get install -y prometheus) first`);
  }
  store = new MemoryMetricStore();
  app = Fastify();
  await app.register(remoteWriteRoutes, { store, maxBodyBytes: 32 * 1024 * 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const apiPort = (app.server.address() as AddressInfo).port;

  target = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(METRICS);
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;

  dir = await mkdtemp(join(tmpdir(), 'remote-write-int-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 500ms',
    'scrape_configs:',
    '  - job_name: itest',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${targetPort}']`,
    'remote_write:',
    `  - url: http://127.0.0.1:${apiPort}/api/v1/write`,
    '    queue_config:',
    '      batch_send_deadline: 500ms',
    '      min_backoff: 100ms',
    '      max_backoff: 1s',
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const webPort = await freePort();
  prometheus = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${webPort}`,
      '--log.level=info',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
  prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
    prometheus.kill('SIGTERM');
    const timer = setTimeout(() => prometheus?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (target?.listening) await new Promise((resolve) => target.close(resolve));
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('remote_write from a real Prometheus', () => {
  it('delivers scraped series with job, instance and the metric labels', async () => {
    const series = await waitFor('scraped series to arrive', 60_000, async () => {
      const found = await requestsSeries();
      return found.length === 2 ? found : undefined;
    });
    const byMethod = new Map(series.map((s) => [s.labels.method, s]));
    expect(byMethod.get('GET')?.labels).toEqual({
      __name__: 'itest_requests_total',
      code: '200',
      instance: `127.0.0.1:${targetPort}`,
      job: 'itest',
      method: 'GET',
    });
    expect(byMethod.get('GET')?.values[0]).toBe(42);
    expect(byMethod.get('POST')?.values[0]).toBe(3);
    const up = await store.select([{ name: '__name__', type: '=', value: 'up' }], { start: 0, end: Infinity });
    expect(up[0]?.labels.job).toBe('itest');
    expect(up[0]?.values[0]).toBe(1);
  }, 90_000);

  it('sends staleness markers once the target is gone', async () => {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
    const series = await waitFor('staleness markers', 60_000, async () => {
      const found = await requestsSeries();
      const stale = found.filter((s) => s.values.length > 0 && isStaleMarker(s.values[s.values.length - 1]));
      return stale.length === 2 ? stale : undefined;
    });
    for (const s of series) {
      const values = [...s.values];
      expect(values.slice(0, -1).every((v) => v === (s.labels.method === 'GET' ? 42 : 3))).toBe(true);
      expect(Number.isNaN(values[values.length - 1])).toBe(true);
    }
  }, 90_000);
});
