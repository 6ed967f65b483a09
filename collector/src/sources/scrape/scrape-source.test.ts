import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { startTestServer, unusedPort, type TestServer } from '../../../test/http-test-server.js';
import type { CollectedSample } from '../source.js';
import { REPORT_SERIES, SCRAPE_ACCEPT_HEADER, ScrapeSource, instanceOf } from './scrape-source.js';
import { isStaleMarker } from './stale-marker.js';

const NOW = 1_700_000_000_000;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function find(samples: CollectedSample[], name: string): CollectedSample | undefined {
  return samples.find((s) => s.name === name);
}

describe('ScrapeSource', () => {
  it('adds job and instance, keeps clashing scraped labels as exported_*, and reports up 1', async () => {
    let accept: string | undefined;
    let authorization: string | undefined;
    server = await startTestServer((req, _body, res) => {
      accept = req.headers.accept;
      authorization = req.headers.authorization;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE reqs_total counter\nreqs_total{code="200",job="inner"} 7\nold 1 1600000000000\nempty{a=""} 2\n');
    });
    const { logger, lines } = captureLogger();
    const src = new ScrapeSource({ job: 'api', url: `${server.url}/metrics`, timeoutMs: 2000, labels: { env: 'test' }, bearerToken: 'tk' }, logger);
    const out = await src.collect(NOW);
    const instance = `127.0.0.1:${server.port}`;
    expect(accept).toBe(SCRAPE_ACCEPT_HEADER);
    expect(authorization).toBe('Bearer tk');
    expect(find(out, 'reqs_total')).toEqual({
      name: 'reqs_total',
      labels: { code: '200', exported_job: 'inner', env: 'test', job: 'api', instance },
      value: 7,
      timestamp: NOW,
    });
    expect(find(out, 'old')?.timestamp).toBe(1600000000000);
    expect(find(out, 'empty')?.labels).toEqual({ env: 'test', job: 'api', instance });
    expect(find(out, 'up')).toEqual({ name: 'up', labels: { env: 'test', job: 'api', instance }, value: 1, timestamp: NOW });
    expect(find(out, 'scrape_samples_scraped')?.value).toBe(3);
    expect(find(out, 'scrape_samples_post_metric_relabeling')?.value).toBe(3);
    expect(find(out, 'scrape_series_added')?.value).toBe(3);
    const duration = find(out, 'scrape_duration_seconds')?.value ?? -1;
    expect(duration).toBeGreaterThan(0);
    expect(duration).toBeLessThan(2);
    expect(lines.filter((l) => l.msg.startsWith('scrape target'))).toHaveLength(1);
  });

  it('a down target gives up 0 and one log line per change of state, never a throw', async () => {
    const port = await unusedPort();
    const { logger, lines } = captureLogger();
    const src = new ScrapeSource({ job: 'svc', url: `http://127.0.0.1:${port}/metrics`, timeoutMs: 1000, labels: {} }, logger);
    for (let i = 0; i < 3; i++) {
      const out = await src.collect(NOW + i);
      expect(out.map((s) => s.name).sort()).toEqual([
        'scrape_duration_seconds',
        'scrape_samples_post_metric_relabeling',
        'scrape_samples_scraped',
        'scrape_series_added',
        'up',
      ]);
      expect(find(out, 'up')?.value).toBe(0);
      expect(find(out, 'scrape_samples_scraped')?.value).toBe(0);
    }
    const downLogs = lines.filter((l) => l.msg.startsWith('scrape target is down'));
    expect(downLogs).toHaveLength(1);
    expect(String(downLogs[0].reason)).toMatch(/ECONNREFUSED/);

  });

  it('malformed output gives up 0 and the line number in the logged reason, once', async () => {
    server = await startTestServer((_req, _body, res) => res.end('good 1\nalso_good{a="b"} 2\nbad{a="b" 3\n'));
    const { logger, lines } = captureLogger();
    const src = new ScrapeSource({ job: 'svc', url: `${server.url}/metrics`, timeoutMs: 1000, labels: {} }, logger);
    const out = await src.collect(NOW);
    expect(find(out, 'up')?.value).toBe(0);
    expect(find(out, 'good')).toBeUndefined();
    await src.collect(NOW + 10_000);
    const down = lines.filter((l) => l.msg.startsWith('scrape target is down'));
    expect(down).toHaveLength(1);
    expect(down[0].reason).toMatch(/line 3:/);
  });

  it('an HTTP error or a timeout is up 0; recovery is logged once as "up again"', async () => {
    let mode: 'error' | 'slow' | 'ok' = 'error';
    server = await startTestServer((_req, _body, res) => {
      if (mode === 'error') {
        res.statusCode = 500;
        res.end('boom');
      } else if (mode === 'slow') {
        setTimeout(() => res.end('x 1\n'), 800);
      } else {
        res.end('x 1\n');
      }
    });
    const { logger, lines } = captureLogger();
    const src = new ScrapeSource({ job: 'svc', url: `${server.url}/metrics`, timeoutMs: 300, labels: {} }, logger);
    expect(find(await src.collect(NOW), 'up')?.value).toBe(0);
    mode = 'slow';
    expect(find(await src.collect(NOW), 'up')?.value).toBe(0);
    mode = 'ok';
    expect(find(await src.collect(NOW), 'up')?.value).toBe(1);
    expect(find(await src.collect(NOW), 'up')?.value).toBe(1);
    const stateLines = lines.filter((l) => l.msg.startsWith('scrape target'));
    expect(stateLines.map((l) => l.msg)).toEqual([
      'scrape target is down (up 0); next log line when it changes',
      'scrape target is up again',
    ]);
    expect(stateLines[0].reason).toMatch(/HTTP status 500/);
  });

  it('derives instance as host:port with the default port made explicit', () => {
    expect(instanceOf(new URL('http://example.com/metrics'))).toBe('example.com:80');
    expect(instanceOf(new URL('https://example.com/metrics'))).toBe('example.com:443');
    expect(instanceOf(new URL('http://[::1]:9100/metrics'))).toBe('[::1]:9100');
  });
});

describe('ScrapeSource: formats, labels and staleness', () => {
  const NOW2 = NOW + 10_000;

  it('parses by the Content-Type the target answers with: OpenMetrics (seconds timestamps, # EOF) or text 0.0.4 (ms)', async () => {
    let mode: 'om' | 'text' | 'om-broken' = 'om';
    server = await startTestServer((_req, _body, res) => {
      if (mode === 'text') {
        res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
        res.end('# TYPE c counter\nc_total 2 1600000000123\n');
      } else {
        res.setHeader('content-type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
        res.end(mode === 'om' ? '# TYPE c counter\nc_total 1 1600000000.123 # {trace_id="abc"} 1\nc_created 1500000000\n# EOF\n' : '# TYPE c counter\nc_total 1\n');
      }
    });
    const { logger, lines } = captureLogger();
    const src = new ScrapeSource({ job: 'j', url: `${server.url}/metrics`, timeoutMs: 1000, labels: {} }, logger);
    const om = await src.collect(NOW);
    expect(find(om, 'c_total')).toMatchObject({ value: 1, timestamp: 1600000000123 });
    expect(find(om, 'c_created')).toMatchObject({ value: 1500000000, timestamp: NOW });
    mode = 'text';
    expect(find(await src.collect(NOW), 'c_total')).toMatchObject({ value: 2, timestamp: 1600000000123 });
    mode = 'om-broken';
    const broken = await src.collect(NOW);
    expect(find(broken, 'up')?.value).toBe(0);
    expect(lines.find((l) => l.msg.startsWith('scrape target is down'))?.reason).toMatch(/^invalid exposition: line 2: data does not end with # EOF/);
  });

  it('marks series stale when they disappear, all of them when the target fails, and everything on stop()', async () => {
    let body = 'a 1\nb{x="1"} 2\nwith_ts 3 1600000000000\n';
    let status = 200;
    server = await startTestServer((_req, _body, res) => {
      res.statusCode = status;
      res.end(body);
    });
    const src = new ScrapeSource({ job: 'j', url: `${server.url}/metrics`, timeoutMs: 1000, labels: {} }, captureLogger().logger);
    const stale = (out: CollectedSample[]): string[] =>
      out.filter((s) => isStaleMarker(s.value)).map((s) => `${s.name}${JSON.stringify(s.labels)}@${s.timestamp - NOW}`);

    expect(stale(await src.collect(NOW))).toEqual([]);
    body = 'a 1\nnew_one 5\n';
    const second = await src.collect(NOW2);
    const instance = `127.0.0.1:${server.port}`;
    // b is gone: marked at this run's time. with_ts had its own timestamp: not tracked, as in Prometheus.
    expect(stale(second)).toEqual([`b{"instance":"${instance}","job":"j","x":"1"}@10000`]);
    expect(find(second, 'scrape_series_added')?.value).toBe(1);
    expect(Number.isNaN(find(second, 'a')?.value)).toBe(false);
    status = 503;
    const failed = await src.collect(NOW2 + 10_000);
    expect(stale(failed).sort()).toEqual([`a{"instance":"${instance}","job":"j"}@20000`, `new_one{"instance":"${instance}","job":"j"}@20000`]);
    expect(find(failed, 'up')?.value).toBe(0);
    expect(stale(await src.collect(NOW2 + 20_000))).toEqual([]); // nothing left to mark
    status = 200;
    expect(stale(await src.collect(NOW2 + 30_000))).toEqual([]);
    const stopped = src.stop(NOW2 + 40_000);
    expect(stopped.every((s) => isStaleMarker(s.value) && s.timestamp === NOW2 + 40_000)).toBe(true);
    expect(stopped.map((s) => s.name).sort()).toEqual(['a', 'new_one', ...REPORT_SERIES].sort());
  });

  it('honor_labels false renames clashing labels exported_*, true keeps them; honor_timestamps false uses the scrape time', async () => {
    server = await startTestServer((_req, _body, res) => res.end('m{job="inner",env="",instance="x",exported_job="e"} 1 1600000000000\n'));
    const base = { job: 'outer', url: `${server.url}/metrics`, timeoutMs: 1000, labels: { env: 'prod' } };
    const instance = `127.0.0.1:${server.port}`;
    const plain = find(await new ScrapeSource(base, captureLogger().logger).collect(NOW), 'm');
    expect(plain).toEqual({
      name: 'm',
      labels: { exported_exported_job: 'inner', exported_instance: 'x', exported_job: 'e', env: 'prod', job: 'outer', instance },
      value: 1,
      timestamp: 1600000000000,
    });
    const honored = find(await new ScrapeSource({ ...base, honorLabels: true, honorTimestamps: false }, captureLogger().logger).collect(NOW), 'm');
    // The scraped empty env counts as present (Prometheus 2.42): the target's env does not fill it, so no env.
    expect(honored).toEqual({ name: 'm', labels: { job: 'inner', instance: 'x', exported_job: 'e' }, value: 1, timestamp: NOW });
  });

  it('fails a scrape over sample_limit and sends basic auth', async () => {
    let authorization: string | undefined;
    server = await startTestServer((req, _body, res) => {
      authorization = req.headers.authorization;
      res.end('a 1\nb 2\nc 3\n');
    });
    const { logger, lines } = captureLogger();
    const src = new ScrapeSource({ job: 'j', url: `${server.url}/metrics`, timeoutMs: 1000, labels: {}, sampleLimit: 2, basicAuth: { username: 'u', password: 'p w' } }, logger);
    const out = await src.collect(NOW);
    expect(find(out, 'up')?.value).toBe(0);
    expect(find(out, 'a')).toBeUndefined();
    expect(authorization).toBe(`Basic ${Buffer.from('u:p w').toString('base64')}`);
    expect(lines.find((l) => l.msg.startsWith('scrape target is down'))?.reason).toMatch(/sample limit exceeded: 3 samples, sample_limit 2/);
  });
});
