import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/capture-logger.js';
import { fastClock } from '../../test/fast-clock.js';
import { startTestServer, type TestServer } from '../../test/http-test-server.js';
import type { CollectedSample } from '../sources/source.js';
import { HttpLineProtocolTransport } from './http-line-protocol-transport.js';
import { BatchingSink } from './batching-sink.js';
import { lineProtocolEncoding } from './line-protocol-encoder.js';

const retry = { initialDelayMs: 100, maxDelayMs: 10_000, multiplier: 2, jitter: 0 };

interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  lines: string[];
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A write endpoint that answers with `statuses` in turn (then 204), recording every request. */
async function writeEndpoint(statuses: Array<number | { status: number; body?: string; retryAfter?: string }>): Promise<{ server: TestServer; requests: Received[]; accepted: string[] }> {
  const requests: Received[] = [];
  const accepted: string[] = [];
  const s = await startTestServer((req, body, res) => {
    const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString('utf8') : body.toString('utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    requests.push({ url: req.url ?? '', headers: req.headers, lines });
    const next = statuses.shift() ?? 204;
    const spec = typeof next === 'number' ? { status: next } : next;
    if (spec.status === 204) accepted.push(...lines);
    res.statusCode = spec.status;
    if (spec.retryAfter !== undefined) res.setHeader('retry-after', spec.retryAfter);
    res.end(spec.body ?? '');
  });
  server = s;
  return { server: s, requests, accepted };
}

function samples(n: number, from = 0): CollectedSample[] {
  return Array.from({ length: n }, (_, i) => ({ name: 'test_metric', labels: { i: String(from + i) }, value: from + i, timestamp: 1_700_000_000_000 + from + i }));
}

function makeSink(url: string, opts: { batchSize?: number; maxBufferSamples?: number; token?: string } = {}) {
  const { logger, lines } = captureLogger();
  const clock = fastClock();
  const transport = new HttpLineProtocolTransport({ kind: 'api', url: `${url}/api/v2/write`, precision: 'ms', token: opts.token, timeoutMs: 2000 });
  const sink = new BatchingSink({
    transport,
    encoding: lineProtocolEncoding('ms'),
    batchSize: opts.batchSize ?? 5,
    flushIntervalMs: 1000,
    maxBufferSamples: opts.maxBufferSamples ?? 100,
    retry,
    clock,
    logger,
  });
  return { sink, clock, logs: lines };
}

describe('BatchingSink with line protocol', () => {
  it('retries 503s with growing backoff and delivers every sample exactly once, gzip, in batches', async () => {
    const { requests, accepted, server: s } = await writeEndpoint([503, 503, 503]);
    const { sink, clock, logs } = makeSink(s.url, { token: 's3cret' });
    await sink.write(samples(12));
    await sink.flush();
    expect(accepted.sort()).toEqual(samples(12).map((x) => `test_metric,i=${x.labels.i} value=${x.value} ${x.timestamp}`).sort());
    expect(new Set(accepted).size).toBe(12);
    expect(requests.length).toBe(3 + 3); // 3 failed tries of the first batch, then 3 batches (5, 5, 2)
    expect(requests.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(requests[0].url).toBe('/api/v2/write?precision=ms');
    expect(requests[0].headers.authorization).toBe('Bearer s3cret');
    expect(requests.slice(3).map((r) => r.lines.length)).toEqual([5, 5, 2]);
    const backoffs = clock.sleeps.filter((ms) => ms !== 1000);
    expect(backoffs).toEqual([100, 200, 400]);
    expect(sink.stats()).toMatchObject({ sentSamples: 12, rejectedSamples: 0, bufferedSamples: 0, retries: 3 });
    expect(logs.filter((l) => l.level === 40 && l.msg.startsWith('sink write failed'))).toHaveLength(1);
    expect(logs.some((l) => l.msg === 'sink reachable again')).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('s3cret');
    await sink.close();
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const { accepted, server: s } = await writeEndpoint([{ status: 429, retryAfter: '3' }]);
    const { sink, clock } = makeSink(s.url);
    await sink.write(samples(5));
    await sink.flush();
    expect(accepted).toHaveLength(5);
    expect(clock.sleeps.filter((ms) => ms !== 1000)).toEqual([3000]);
    await sink.close();
  });

  it('does not retry a 400 (partial write): logs the reason and drops that batch as rejected', async () => {
    const { requests, accepted, server: s } = await writeEndpoint([{ status: 400, body: '{"error":"partial write: line 2: bad field"}' }]);
    const { sink, logs } = makeSink(s.url);
    await sink.write(samples(10));
    await sink.flush();
    expect(requests).toHaveLength(2);
    expect(accepted).toHaveLength(5);
    expect(sink.stats()).toMatchObject({ sentSamples: 5, rejectedSamples: 5, retries: 0, bufferedSamples: 0 });
    const err = logs.find((l) => l.msg.startsWith('sink rejected a batch'));
    expect(err?.reason).toContain('partial write: line 2: bad field');
    expect(err?.status).toBe(400);
    await sink.close();
  });

  it('when the buffer is full, write() waits (logged once) and nothing is dropped', async () => {
    let healthy = false;
    const accepted: string[] = [];
    let requests = 0;
    server = await startTestServer((_req, body, res) => {
      requests++;
      if (!healthy) {
        res.statusCode = 503;
        return res.end();
      }
      accepted.push(...gunzipSync(body).toString().split('\n'));
      res.statusCode = 204;
      res.end();
    });
    const { sink, logs } = makeSink(server.url, { batchSize: 5, maxBufferSamples: 10 });
    await sink.write(samples(10)); // fills the buffer exactly
    for (let i = 0; i < 400 && sink.stats().retries === 0; i++) await new Promise((r) => setTimeout(r, 5)); // a send has failed
    let resolved = false;
    const pending = sink.write(samples(5, 10)).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(requests).toBeGreaterThan(2); // it keeps retrying meanwhile (fast clock: 2 ms per backoff)
    expect(resolved).toBe(false);
    expect(sink.buffered).toBe(10);
    const full = logs.filter((l) => l.msg.includes('buffer full'));
    expect(full).toHaveLength(1);
    expect(full[0].msg).toBe('sink unreachable, buffer full (10 samples): waiting, nothing dropped');

    healthy = true;
    await pending;
    expect(logs.filter((l) => l.msg.startsWith('sink buffer has room again'))).toHaveLength(1);
    await sink.flush();
    expect(accepted.map((l) => Number(/value=(\d+)/.exec(l)?.[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(sink.stats()).toMatchObject({ sentSamples: 15, rejectedSamples: 0 });
    await sink.close();
  });

  it('flushes a partial batch after flushInterval and counts samples line protocol cannot carry', async () => {
    const { accepted, server: s } = await writeEndpoint([]);
    const { sink, clock, logs } = makeSink(s.url, { batchSize: 1000, maxBufferSamples: 1000 });
    await sink.write([...samples(3), { name: 'nan_metric', labels: {}, value: NaN, timestamp: 1 }]);
    await sink.write([{ name: 'inf_metric', labels: {}, value: -Infinity, timestamp: 1 }]);
    // One warning with the count, then at most one a minute (the second drop is only counted).
    const dropped = logs.filter((l) => l.msg.includes('samples dropped: InfluxDB line protocol cannot carry them'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0].droppedSamples).toBe(1);
    // No flush(): the partial batch goes out once flushInterval (1000ms, fast clock) has passed.
    for (let i = 0; i < 100 && accepted.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(accepted).toHaveLength(3);
    expect(clock.sleeps).toContain(1000);
    await sink.close();
    expect(sink.stats().unencodableSamples).toBe(2);
    await expect(sink.write(samples(1))).rejects.toThrow(/closed/);
  });

  it('abort() gives up at once: waiting writers are released and flush/close no longer wait', async () => {
    const { server: s } = await writeEndpoint(Array.from({ length: 10_000 }, () => 503));
    const { sink } = makeSink(s.url, { batchSize: 5, maxBufferSamples: 5 });
    await sink.write(samples(5));
    const blocked = sink.write(samples(5, 5));
    await new Promise((r) => setTimeout(r, 30));
    sink.abort();
    await expect(blocked).rejects.toThrow(/closed/);
    await sink.flush();
    await sink.close();
    expect(sink.stats()).toMatchObject({ bufferedSamples: 5, sentSamples: 0 });
  });
});
