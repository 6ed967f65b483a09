import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { SqliteMetricStore } from '../storage/sqlite/sqlite-metric-store.js';
import { generateCompatData, type CompatData } from './compat-data.js';
import { startPrometheus, type PrometheusProcess } from './prometheus-process.js';
import { pushRemoteWrite } from './remote-write-push.js';

export interface SideBySideServers {
  readonly apiUrl: string;
  readonly prometheus: PrometheusProcess;
  readonly data: CompatData;
  close(): Promise<void>;
}

/**
 * Starts a real Prometheus with its remote-write receiver and the api (SqliteMetricStore in a temp dir), and
 * pushes the same generated data to both through remote_write, in time order. Prometheus's head only takes
 * samples within an hour of its newest one, so the data covers the 50 minutes before now.
 */
export async function startSideBySide(now = Date.now()): Promise<SideBySideServers> {
  const steps = 200;
  const intervalMs = 15_000;
  const start = Math.floor((now - (steps * intervalMs + 5 * 60_000)) / 60_000) * 60_000;
  const data = generateCompatData(start, steps, intervalMs);

  const dir = await mkdtemp(path.join(tmpdir(), 'side-by-side-'));
  const store = SqliteMetricStore.open({ dataDir: dir, sync: 'normal', maintenanceIntervalMs: 0, logger: pino({ level: 'silent' }) });
  let app: FastifyInstance | undefined;
  let prometheus: PrometheusProcess | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await store.close();
    await prometheus?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    prometheus = await startPrometheus({ remoteWriteReceiver: true });
    app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }) });
    const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    await pushRemoteWrite(`${prometheus.url}/api/v1/write`, data.samples);
    await pushRemoteWrite(`${apiUrl}/api/v1/write`, data.samples);
    return { apiUrl, prometheus, data, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Metadata requests over the generated data; the api's answers must be the same JSON as Prometheus's. */
export function sideBySideMetadataPaths(data: CompatData): string[] {
  const st = data.start / 1000;
  const en = data.end / 1000;
  const m = (selector: string): string => encodeURIComponent(selector);
  return [
    '/api/v1/labels',
    `/api/v1/labels?start=${st}&end=${en}`,
    '/api/v1/labels?match[]=up',
    `/api/v1/labels?match[]=${m('{job="sensors"}')}&match[]=queue_depth`,
    '/api/v1/label/__name__/values',
    '/api/v1/label/job/values',
    `/api/v1/label/instance/values?match[]=${m('{job="batch"}')}`,
    `/api/v1/label/le/values?match[]=${m('http_request_duration_seconds_bucket{route="/api"}')}`,
    `/api/v1/label/route/values?start=${st}&end=${st + 60}`,
    '/api/v1/series?match[]=up',
    `/api/v1/series?match[]=${m('{__name__=~"http_request_duration.*",route="/health",instance="a:9100"}')}`,
    `/api/v1/series?match[]=${m('http_requests_total{code=~"5.."}')}&match[]=${m('temperature_celsius{room!="attic"}')}`,
    `/api/v1/series?match[]=queue_depth&start=${en - 60}&end=${en}`,
  ];
}

/** The instant times and ranges the side-by-side run uses: inside the data, at its edges and after its end. */
export function sideBySideTimes(data: CompatData): {
  instantTimes: number[];
  ranges: Array<{ start: number; end: number; stepMs: number }>;
} {
  const { start, end } = data;
  const span = end - start;
  return {
    instantTimes: [
      start + 90_000,
      start + Math.round(span * 0.35) + 7_123,
      start + Math.round(span * 0.62),
      end,
      end + 4 * 60_000 + 30_000,
      // exactly on a queue_depth sample (scraped at +5 ms), and 5 m after one: the closed ends of windows
      start + 100 * data.intervalMs + 5,
      start + 60 * data.intervalMs + 5 + 300_000,
    ],
    ranges: [
      { start: start + 5 * 60_000, end: end + 6 * 60_000, stepMs: 60_000 },
      { start: start + 60_500, end: end - 60_000, stepMs: 37_000 },
    ],
  };
}
