import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { startTestServer, type TestServer } from '../../../test/http-test-server.js';
import type { ScrapeJobConfig } from '../../config/sections/scrape-config.js';
import type { CollectedSample } from '../source.js';
import { buildScrapeTarget } from './build-scrape-target.js';
import { MemorySink } from '../../sinks/memory-sink.js';
import { ScrapeJobSource } from './scrape-job-source.js';
import { isStaleMarker } from './stale-marker.js';

const NOW = 1_700_000_000_000;

function job(overrides: Partial<ScrapeJobConfig>): ScrapeJobConfig {
  return {
    job: 'svc',
    intervalMs: 10_000,
    timeoutMs: 1000,
    scheme: 'http',
    metricsPath: '/metrics',
    params: {},
    honorLabels: false,
    honorTimestamps: true,
    sampleLimit: 0,
    followRedirects: true,
    bearerToken: undefined,
    basicAuth: undefined,
    staticConfigs: [],
    fileSdConfigs: [],
    ...overrides,
  };
}

async function until(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('buildScrapeTarget', () => {
  it('builds the URL from scheme, address, metrics_path and params; group labels may override them; __ labels dropped', () => {
    const j = job({ scheme: 'https', metricsPath: '/probe', params: { module: ['http_2xx'], target: ['a', 'b'] } });
    expect(buildScrapeTarget(j, 'example.com', { env: 'prod' })).toMatchObject({
      url: 'https://example.com/probe?module=http_2xx&target=a&target=b', // the URL drops the default port; instance keeps it
      labels: { job: 'svc', env: 'prod', instance: 'example.com:443' },
    });
    const t = buildScrapeTarget(j, '[::1]:9100', { __scheme__: 'http', __metrics_path__: '/m', __param_target: 'x', job: 'renamed', instance: 'mine' });
    expect(t.url).toBe('http://[::1]:9100/m?module=http_2xx&target=x&target=b');
    expect(t.labels).toEqual({ job: 'renamed', instance: 'mine' });
    expect(t.job).toBe('renamed');
  });
});

describe('ScrapeJobSource with a sink', () => {
  it('writes each target\'s samples to the sink as its scrape ends and returns nothing to the scheduler', async () => {
    const servers = await Promise.all([1, 2].map((i) => startTestServer((_req, _body, res) => res.end(`m{i="${i}"} ${i}\n`))));
    try {
      const sink = new MemorySink();
      const source = new ScrapeJobSource(job({ staticConfigs: [{ targets: servers.map((s) => `127.0.0.1:${s.port}`), labels: {} }] }), captureLogger().logger, sink);
      expect(await source.collect(NOW)).toEqual([]);
      expect(sink.samples.filter((s) => s.name === 'm').map((s) => s.value).sort()).toEqual([1, 2]);
      expect(sink.samples.filter((s) => s.name === 'up').map((s) => s.value)).toEqual([1, 1]);
      expect(sink.samples.every((s) => s.timestamp === NOW)).toBe(true);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});

describe('ScrapeJobSource with file_sd', () => {
  let dir: string;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'file-sd-'));
    mkdirSync(join(dir, 'sd'));
    for (let i = 0; i < 3; i++) servers.push(await startTestServer((_req, _body, res) => res.end(`app_requests_total{route="/r${i}"} ${i}\n`)));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes static and file targets, reloads files on change, keeps the last good list of a broken file and marks removed targets stale', async () => {
    const addr = (i: number): string => `127.0.0.1:${servers[i].port}`;
    const jsonFile = join(dir, 'sd', 'web.json');
    const yamlFile = join(dir, 'sd', 'more.yaml');
    writeFileSync(jsonFile, JSON.stringify([{ targets: [addr(0), addr(1)], labels: { team: 'web' } }]));
    writeFileSync(yamlFile, `- targets: ['${addr(2)}']\n  labels: { team: yaml }\n`);
    writeFileSync(join(dir, 'sd', 'ignored.txt'), 'not a target file');
    const { logger, lines } = captureLogger();
    const source = new ScrapeJobSource(
      job({ staticConfigs: [{ targets: [addr(0)], labels: { team: 'static' } }], fileSdConfigs: [{ files: [join(dir, 'sd', '*.json'), yamlFile], refreshIntervalMs: 60_000 }] }),
      logger,
    );
    try {
      const ups = (out: CollectedSample[]): string[] =>
        out.filter((s) => s.name === 'up' && !isStaleMarker(s.value)).map((s) => `${s.labels.instance} ${s.labels.team} ${s.value}`).sort();
      const first = await source.collect(NOW);
      expect(ups(first)).toEqual([`${addr(0)} static 1`, `${addr(0)} web 1`, `${addr(1)} web 1`, `${addr(2)} yaml 1`].sort());
      expect(first.find((s) => s.name === 'app_requests_total' && s.labels.instance === addr(1))?.labels).toEqual({
        route: '/r1',
        job: 'svc',
        team: 'web',
        instance: addr(1),
      });

      // Drop target 1 from the JSON file: picked up through fs.watch (the refresh interval is a minute).
      writeFileSync(jsonFile, JSON.stringify([{ targets: [addr(0)], labels: { team: 'web' } }]));
      await until('the JSON change', () => source.targets().size === 3);
      const second = await source.collect(NOW + 10_000);
      expect(ups(second)).toEqual([`${addr(0)} static 1`, `${addr(0)} web 1`, `${addr(2)} yaml 1`].sort());
      const stale = second.filter((s) => isStaleMarker(s.value));
      expect(stale.every((s) => s.labels.instance === addr(1) && s.timestamp === NOW + 10_000)).toBe(true);
      expect(stale.map((s) => s.name).sort()).toEqual(
        ['app_requests_total', 'scrape_duration_seconds', 'scrape_samples_post_metric_relabeling', 'scrape_samples_scraped', 'scrape_series_added', 'up'].sort(),
      );
      expect(lines.some((l) => l.msg === 'scrape target removed; its series are marked stale' && l.instance === addr(1))).toBe(true);

      // A broken file keeps its last good list, and the log names the file and the reason, once.
      writeFileSync(jsonFile, '[{"targets": ["oops"');
      await until('the broken-file warning', () => lines.some((l) => l.msg.startsWith(`file_sd: cannot use ${jsonFile}: JSON syntax error`)));
      expect(source.targets().size).toBe(3);
      writeFileSync(jsonFile, '[{"targets": ["oops"'); // same content, same reason: no second line
      await new Promise((r) => setTimeout(r, 200));
      expect(lines.filter((l) => l.msg.startsWith('file_sd: cannot use')).length).toBe(1);
      writeFileSync(jsonFile, JSON.stringify([{ targets: ['http://bad/metrics'] }]));
      await until('the invalid-target warning', () => lines.some((l) => /\[0\]\.targets\[0\]: "http:\/\/bad\/metrics" is not a host:port address/.test(String(l.reason))));
      expect(source.targets().size).toBe(3);

      // A deleted file takes its targets with it.
      unlinkSync(yamlFile);
      await until('the deletion', () => source.targets().size === 2);
      const third = await source.collect(NOW + 20_000);
      expect(ups(third)).toEqual([`${addr(0)} static 1`, `${addr(0)} web 1`].sort());
      expect(third.filter((s) => isStaleMarker(s.value) && s.labels.team === 'yaml').length).toBeGreaterThan(0);
    } finally {
      source.close();
    }
  });
});
