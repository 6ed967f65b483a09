import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/capture-logger.js';
import { startLogApiTestServer, type LogApiTestServer } from '../../test/log-api-test-server.js';
import { startTestServer, unusedPort } from '../../test/http-test-server.js';
import type { LogRecord } from '../logs/log-record.js';
import { systemClock } from '../time/clock.js';
import { HttpLogSink, LogSinkClosedError, rejectedRecords, type HttpLogSinkOptions } from './http-log-sink.js';

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const FAST_RETRY = { initialDelayMs: 10, maxDelayMs: 50, multiplier: 2, jitter: 0 };

function records(n: number, from = 0): LogRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r-${from + i}`,
    timestamp: 1_732_449_600_000 + i,
    level: 'info' as const,
    message: `line ${from + i}`,
    host: 'h',
    attributes: { 'log.file.path': '/var/log/x.log' },
  }));
}

let server: LogApiTestServer | undefined;
let sink: HttpLogSink | undefined;
afterEach(async () => {
  await sink?.close();
  await server?.close();
  sink = undefined;
  server = undefined;
});

function makeSink(url: string, extra: Partial<HttpLogSinkOptions> = {}): { sink: HttpLogSink; lines: ReturnType<typeof captureLogger>['lines'] } {
  const { logger, lines } = captureLogger();
  sink = new HttpLogSink({ url, token: 'tkn', timeoutMs: 2000, maxRecordsPerRequest: 100, retry: FAST_RETRY, clock: systemClock, logger, ...extra });
  return { sink, lines };
}

describe('HttpLogSink', () => {
  it('POSTs gzip JSON with the bearer token; send resolves once stored; a re-send is counted as duplicates', async () => {
    server = await startLogApiTestServer({ token: 'tkn' });
    const { sink } = makeSink(`${server.url}/api/v1/logs`);
    await sink.send(records(250));
    expect(server.stored.size).toBe(250);
    expect(server.requests).toBe(3); // 100 + 100 + 50
    await sink.send(records(10));
    expect(sink.stats()).toMatchObject({ acceptedRecords: 260, duplicateRecords: 10, rejectedRecords: 0 });
    expect(server.stored.size).toBe(250);
  });

  it('while the api answers 503, send waits and retries; it resolves when the api is back (one line each way)', async () => {
    server = await startLogApiTestServer();
    server.down = true;
    const { sink, lines } = makeSink(`${server.url}/api/v1/logs`);
    let resolved = false;
    const sent = sink.send(records(5)).then(() => (resolved = true));
    await waitFor(() => server!.requests >= 3, 'retries');
    expect(resolved).toBe(false);
    expect(server.stored.size).toBe(0);
    server.down = false;
    await sent;
    expect(server.stored.size).toBe(5);
    expect(lines.filter((l) => l.msg.startsWith('log api unreachable'))).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'log api reachable again')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('tkn');
  });

  it('retries a wrong token (401) instead of dropping: the records wait for a fixed token', async () => {
    server = await startLogApiTestServer({ token: 'right' });
    const { sink } = makeSink(`${server.url}/api/v1/logs`);
    const sent = sink.send(records(1));
    await waitFor(() => server!.requests >= 3, 'retries');
    await sink.close();
    await expect(sent).rejects.toBeInstanceOf(LogSinkClosedError);
    expect(sink.stats().rejectedRecords).toBe(0);
  });

  it('a 400 naming bad records drops those (logged with their id) and acknowledges the rest', async () => {
    server = await startLogApiTestServer({ validate: (r) => (r.message === 'line 3' || r.message === 'line 7' ? { index: 0, field: 'message', error: 'not allowed' } : undefined) });
    const { sink, lines } = makeSink(`${server.url}/api/v1/logs`);
    await sink.send(records(10));
    expect([...server.stored.keys()].sort()).toEqual(['r-0', 'r-1', 'r-2', 'r-4', 'r-5', 'r-6', 'r-8', 'r-9']);
    expect(sink.stats()).toMatchObject({ acceptedRecords: 8, rejectedRecords: 2 });
    const rejected = lines.filter((l) => l.msg === 'log api rejected a record; it is dropped');
    expect(rejected.map((l) => [l.id, l.field])).toEqual([
      ['r-3', 'message'],
      ['r-7', 'message'],
    ]);
    expect(server.requests).toBe(1); // not retried
  });

  it('a 413 splits the request until the api takes it', async () => {
    const got: number[] = [];
    const big = await startTestServer((_req, body, res) => {
      const n = (JSON.parse(gunzipSync(body).toString()) as { records: unknown[] }).records.length;
      if (n > 30) {
        res.statusCode = 413;
        return void res.end('{"status":"error","errorType":"bad_data","error":"too large"}');
      }
      got.push(n);
      res.end(JSON.stringify({ status: 'success', data: { accepted: n, duplicates: 0 } }));
    });
    try {
      const { sink } = makeSink(`${big.url}/api/v1/logs`);
      await sink.send(records(100));
      expect(got.reduce((a, b) => a + b, 0)).toBe(100);
      expect(Math.max(...got)).toBeLessThanOrEqual(30);
    } finally {
      await big.close();
    }
  });

  it('a network error (nothing listening) is retried; close makes the pending send reject', async () => {
    const port = await unusedPort();
    const { sink, lines } = makeSink(`http://127.0.0.1:${port}/api/v1/logs`);
    const sent = sink.send(records(3));
    await new Promise((r) => setTimeout(r, 100));
    await sink.close();
    await expect(sent).rejects.toBeInstanceOf(LogSinkClosedError);
    expect(lines.some((l) => l.msg.startsWith('log api unreachable') && String(l.reason).includes('ECONNREFUSED'))).toBe(true);
    await expect(sink.send(records(1))).rejects.toBeInstanceOf(LogSinkClosedError);
  });
});

describe('rejectedRecords', () => {
  it('finds the list under data or at the top level, ignores indexes outside the request and repeats', () => {
    expect(rejectedRecords({ data: { rejected: [{ index: 1, field: 'level', error: 'bad' }] } }, 3)).toEqual([{ index: 1, field: 'level', reason: 'bad' }]);
    expect(rejectedRecords({ details: [{ index: 0, path: '/records/0/id', message: 'm' }, { index: 0 }, { index: 9 }] }, 3)).toEqual([
      { index: 0, field: '/records/0/id', reason: 'm' },
    ]);
    expect(rejectedRecords({ status: 'error', error: 'bad body' }, 3)).toBeUndefined();
    // The api's shape (api/src/logs/http/log-api-schemas.ts LogIngestPartialErrorSchema).
    const api = { status: 'error', errorType: 'bad_data', error: '1 of 2 records rejected', data: { accepted: 1, duplicates: 0, rejected: [{ index: 1, field: 'attributes.x', message: 'must be a string' }] } };
    expect(rejectedRecords(api, 2)).toEqual([{ index: 1, field: 'attributes.x', reason: 'must be a string' }]);
  });
});
