// The log path end to end against the real api process (api/src/server.ts, SqliteLogStore): lines tailed from
// a file are searchable with GET /api/v1/logs with their fields; sending everything again (offsets lost) stores
// nothing twice; a record the api refuses is dropped and the rest delivered.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/capture-logger.js';
import { HttpLogSink } from '../sinks/http-log-sink.js';
import { systemClock } from '../time/clock.js';
import type { LogRecord } from './log-record.js';
import { LogFileTailer } from './tail/log-file-tailer.js';

const API_SERVER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'api', 'src', 'server.ts');
const FAST_RETRY = { initialDelayMs: 20, maxDelayMs: 200, multiplier: 2, jitter: 0 };

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startApi(dataDir: string): Promise<string> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', API_SERVER], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', API_TOKENS: '', CONFIG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited: ${stderr}`);
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return base;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`api not ready: ${stderr}`);
}

async function search(base: string, query: string): Promise<LogRecord[]> {
  const now = Date.now() / 1000;
  const res = await fetch(`${base}/api/v1/logs?query=${encodeURIComponent(query)}&start=${now - 3600}&end=${now + 60}&limit=1000`);
  const body = (await res.json()) as { data: { records: LogRecord[] } };
  return body.data.records;
}

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startTailer(base: string, dir: string, checkpointName: string): { tailer: LogFileTailer; sink: HttpLogSink; lines: ReturnType<typeof captureLogger>['lines'] } {
  const { logger, lines } = captureLogger();
  const sink = new HttpLogSink({ url: `${base}/api/v1/logs`, token: undefined, timeoutMs: 5000, maxRecordsPerRequest: 500, retry: FAST_RETRY, clock: systemClock, logger });
  const tailer = new LogFileTailer({
    files: [{ paths: [join(dir, '*.log')], exclude: [], format: 'auto', service: 'shop', attributes: { env: 'test' }, startAt: 'beginning', multiline: { enabled: true, startPattern: undefined, maxLines: 100, timeoutMs: 200 } }],
    checkpointPath: join(dir, checkpointName, 'log-offsets.json'),
    pollIntervalMs: 30,
    batchSize: 100,
    flushIntervalMs: 20,
    maxBufferRecords: 1000,
    rotateWaitMs: 200,
    maxLineBytes: 65536,
    hostname: 'collector-host',
    sink,
    clock: systemClock,
    logger,
  });
  cleanup.push(async () => {
    await Promise.race([tailer.stop(), new Promise((r) => setTimeout(r, 2000))]);
    await sink.close();
    await tailer.stop();
  });
  return { tailer, sink, lines };
}

describe('log tailing into the real api', () => {
  it('lines become searchable with their fields; a full re-send stores nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-api-e2e-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const base = await startApi(join(dir, 'api'));
    const now = Date.now();
    const file = join(dir, 'shop.log');
    writeFileSync(
      file,
      [
        JSON.stringify({ level: 50, time: now - 3000, hostname: 'web-7', msg: 'payment declined for order 991', 'trace.id': '4bf92f3577b34da6', span: { id: '00f067aa0ba902b7' }, order: { id: 991 } }),
        `level=warn ts=${new Date(now - 2000).toISOString()} msg="cart abandoned" cart_id=c-17`,
        `${new Date(now - 1000).toISOString()} ERROR checkout crashed`,
        '    at Checkout.run (checkout.js:10:5)',
        '    at process.tick (node:internal:1:1)',
        `${new Date(now).toISOString()} INFO checkout recovered`,
        '',
      ].join('\n'),
    );
    const first = startTailer(base, dir, 'state-1');
    await first.tailer.start();
    await waitFor(async () => (await search(base, 'checkout')).length === 2, 'the checkout lines');

    const [payment] = await search(base, 'declined');
    expect(payment).toMatchObject({
      level: 'error',
      timestamp: now - 3000,
      message: 'payment declined for order 991',
      service: 'shop',
      host: 'web-7',
      traceId: '4bf92f3577b34da6',
      spanId: '00f067aa0ba902b7',
      attributes: { 'order.id': '991', env: 'test', 'log.file.path': file },
    });
    expect(await search(base, 'level:warn cart_id:c-17')).toEqual([expect.objectContaining({ message: 'cart abandoned', host: 'collector-host' })]);
    const crashed = await search(base, '"checkout crashed"');
    expect(crashed.map((r) => r.message)).toEqual(['checkout crashed\n    at Checkout.run (checkout.js:10:5)\n    at process.tick (node:internal:1:1)']);
    expect(crashed[0].level).toBe('error');

    // Offsets lost (a new checkpoint file): everything is read and sent again with the same ids.
    appendFileSync(file, `${new Date(now + 1).toISOString()} INFO one more line\n`);
    await first.tailer.stop();
    await first.sink.close();
    const second = startTailer(base, dir, 'state-2');
    await second.tailer.start();
    await waitFor(async () => (await search(base, '"one more line"')).length === 1, 'the new line');
    await waitFor(async () => second.sink.stats().acceptedRecords === 5, 'the re-sent records acknowledged');
    expect(second.sink.stats().duplicateRecords).toBe(4);
    expect(await search(base, 'checkout')).toHaveLength(2);
    expect(await search(base, 'service:shop')).toHaveLength(5);
  }, 90_000);
});
