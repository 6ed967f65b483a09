import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { startTestServer, unusedPort, type TestServer } from '../../../test/http-test-server.js';
import type { CollectedSample } from '../source.js';
import { SCRAPE_ACCEPT_HEADER, ScrapeSource, instanceOf } from './scrape-source.js';

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
      expect(out.map((s) => s.name).sort()).toEqual(['scrape_duration_seconds', 'scrape_samples_scraped', 'up']);
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
