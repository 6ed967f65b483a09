import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { requireBinary, startServerProcess, type RunningServer } from '../../../test/child-process-server.js';
import { unusedPort } from '../../../test/http-test-server.js';
import { startPrometheusServer, type PrometheusSample, type PrometheusServer } from '../../../test/prometheus-server.js';
import { loadConfig } from '../../config/load-config.js';
import type { CollectedSample } from '../source.js';
import { ScrapeJobSource } from './scrape-job-source.js';
import { seriesKey } from './scrape-source.js';

const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

/** A prom-client app: the same metrics in a text 0.0.4 registry (/metrics) and an OpenMetrics one (/om). */
async function startPromClientApp(): Promise<{ port: number; close: () => Promise<void> }> {
  const text = new Registry();
  const om = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
  om.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [text, om];
  const orders = new Counter({ name: 'shop_orders_total', help: 'Orders placed.', labelNames: ['method', 'job', 'note'], registers });
  orders.inc({ method: 'card', job: 'inner', note: 'C:\\dir "quoted"\nnext' }, 3);
  orders.inc({ method: 'cash', job: '', note: 'plain' }, 2);
  // Exemplars exist only in OpenMetrics: this counter is in the OpenMetrics registry alone.
  const checkouts = new Counter<string>({ name: 'shop_checkouts_total', help: 'Checkouts.', labelNames: ['step'], registers: [om], enableExemplars: true });
  checkouts.inc({ labels: { step: 'pay' }, value: 4, exemplarLabels: { trace_id: 'abc123' } });
  const temp = new Gauge({ name: 'shop_temperature_celsius', help: 'Odd values.', labelNames: ['kind'], registers });
  temp.set({ kind: 'nan' }, NaN);
  temp.set({ kind: 'inf' }, Infinity);
  temp.set({ kind: 'neg_inf' }, -Infinity);
  temp.set({ kind: 'small' }, -1.5e-7);
  const latency = new Histogram({ name: 'http_request_duration_seconds', help: 'Latency.', labelNames: ['route'], buckets: [0.05, 0.1, 0.5, 1], registers });
  for (const v of [0.01, 0.07, 0.3, 0.3, 2]) latency.observe({ route: '/checkout' }, v);
  const rpc = new Summary({ name: 'rpc_duration_seconds', help: 'RPC latency.', percentiles: [0.5, 0.9, 0.99], registers });
  for (const v of [1, 2, 3, 4, 5]) rpc.observe(v);
  const server: Server = createServer((req, res) => {
    const registry = req.url === '/om' ? om : text;
    void registry.metrics().then((body) => {
      res.setHeader('content-type', registry.contentType);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Prometheus's way of writing a float in the query API. */
function promValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function fromPrometheus(result: PrometheusSample[]): Map<string, string> {
  return new Map(
    result.map((r) => {
      const { __name__: name, ...labels } = r.metric;
      return [seriesKey(name, labels), r.value[1]];
    }),
  );
}

function fromCollector(samples: CollectedSample[]): Map<string, string> {
  return new Map(samples.map((s) => [seriesKey(s.name, s.labels), promValue(s.value)]));
}

/** `name l1=v1 l2=v2` from a seriesKey. */
function readable(key: string): string {
  const [name, ...rest] = key.split('\u0000');
  const pairs: string[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) pairs.push(`${rest[i]}=${rest[i + 1]}`);
  return [name, ...pairs].join(' ');
}

describe('scraping a prom-client app and node_exporter: the collector gets what Prometheus 2.42 gets', () => {
  let app: { port: number; close: () => Promise<void> };
  let exporter: RunningServer;
  let prometheus: PrometheusServer;
  let dir: string;
  let jobs: ScrapeJobSource[] = [];

  beforeAll(async () => {
    requireBinary(NODE_EXPORTER, 'prometheus-node-exporter');
    app = await startPromClientApp();
    const nodePort = await unusedPort();
    exporter = await startServerProcess(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${nodePort}`], async () => (await fetch(`http://127.0.0.1:${nodePort}/metrics`)).ok);
    // The same scrape_configs list, unchanged, for Prometheus and for the collector.
    const scrapeConfigs = `
  - job_name: app-text
    scrape_interval: 1s
    static_configs:
      - targets: ['127.0.0.1:${app.port}']
        labels: { env: test }
  - job_name: app-om
    scrape_interval: 1s
    metrics_path: /om
    static_configs:
      - targets: ['127.0.0.1:${app.port}']
  - job_name: app-honor
    scrape_interval: 1s
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:${app.port}']
  - job_name: node
    scrape_interval: 1s
    static_configs:
      - targets: ['127.0.0.1:${nodePort}']
`;
    prometheus = await startPrometheusServer(`global: {}\nscrape_configs:${scrapeConfigs}`);
    dir = mkdtempSync(join(tmpdir(), 'scrape-vs-prometheus-'));
    writeFileSync(join(dir, 'collector.yaml'), `scrape:\n  selfScrape: false\n  configs:${scrapeConfigs}`);
    const config = loadConfig({ CONFIG: join(dir, 'collector.yaml') });
    jobs = config.scrape.jobs.map((j) => new ScrapeJobSource(j, captureLogger().logger));
    // Wait until Prometheus has scraped every job at least twice (scrape_series_added back to 0).
    const deadline = Date.now() + 20_000;
    for (;;) {
      const added = await prometheus.query('scrape_series_added');
      if (added.length === 4 && added.every((r) => r.value[1] === '0')) break;
      if (Date.now() > deadline) throw new Error(`Prometheus did not scrape every job twice: ${JSON.stringify(added)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 60_000);

  afterAll(async () => {
    for (const j of jobs) j.close();
    await prometheus?.stop();
    await exporter?.stop();
    await app?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function collectTwice(job: string): Promise<CollectedSample[]> {
    const source = jobs.find((j) => j.name === `scrape:${job}`);
    if (source === undefined) throw new Error(`no job ${job}`);
    await source.collect(Date.now());
    return source.collect(Date.now() + 1);
  }

  it.each(['app-text', 'app-om', 'app-honor'])('%s: the same series, labels and values (NaN, +-Inf, escapes, histogram, summary)', async (job) => {
    const ours = fromCollector(await collectTwice(job));
    // honor_labels: the app's own job="inner" wins, and its job="" leaves a series with no job at all.
    const selector = job === 'app-honor' ? `{job=~"app-honor|inner|",instance="127.0.0.1:${app.port}"}` : `{job="${job}"}`;
    const theirs = fromPrometheus(await prometheus.query(selector));
    expect([...ours.keys()].map(readable).sort()).toEqual([...theirs.keys()].map(readable).sort());
    for (const [key, value] of theirs) {
      if (key.startsWith('scrape_duration_seconds\u0000')) continue;
      // Same float (Go writes -1.5e-07 where JS writes -1.5e-7); NaN equals NaN here.
      expect(`${readable(key)} = ${Number(ours.get(key))}`).toBe(`${readable(key)} = ${Number(value)}`);
    }
    // The cases this test is about are really there.
    const keys = [...ours.keys()].map(readable);
    expect(keys.some((k) => k.startsWith('http_request_duration_seconds_bucket ') && k.includes('le=+Inf'))).toBe(true);
    expect(keys.some((k) => k.startsWith('rpc_duration_seconds ') && k.includes('quantile=0.99'))).toBe(true);
    expect(keys.some((k) => k.includes('note=C:\\dir "quoted"\nnext'))).toBe(true);
    expect([...ours.values()]).toEqual(expect.arrayContaining(['NaN', '+Inf', '-Inf']));
  });

  it('node_exporter: the same series and label sets, and the same values for the ones that do not move', async () => {
    const ours = fromCollector(await collectTwice('node'));
    const theirs = fromPrometheus(await prometheus.query('{job="node"}'));
    const ourKeys = [...ours.keys()].map(readable).sort();
    const theirKeys = [...theirs.keys()].map(readable).sort();
    expect(ourKeys.length).toBeGreaterThan(200);
    expect(ourKeys).toEqual(theirKeys);
    const stable = /^(node_uname_info|node_memory_MemTotal_bytes|node_filesystem_size_bytes|node_exporter_build_info|node_cpu_seconds_total|up) /;
    let compared = 0;
    for (const [key, value] of theirs) {
      if (!stable.test(readable(key))) continue;
      const ourValue = Number(ours.get(key));
      if (readable(key).startsWith('node_cpu_seconds_total')) {
        // A counter read a moment apart: ours is at most a few seconds of CPU time ahead.
        expect(ourValue).toBeGreaterThanOrEqual(Number(value));
        expect(ourValue - Number(value)).toBeLessThan(10);
      } else {
        expect(`${readable(key)} = ${Number(ours.get(key))}`).toBe(`${readable(key)} = ${Number(value)}`);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
