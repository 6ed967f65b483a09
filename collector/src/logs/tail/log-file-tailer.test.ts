import { appendFileSync, copyFileSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { startLogApiTestServer, type LogApiTestServer } from '../../../test/log-api-test-server.js';
import { HttpLogSink } from '../../sinks/http-log-sink.js';
import { systemClock } from '../../time/clock.js';
import type { LogRecord } from '../log-record.js';
import type { LogFileConfig } from './log-file-config.js';
import { LogFileTailer, type LogFileTailerOptions } from './log-file-tailer.js';

const FAST_RETRY = { initialDelayMs: 20, maxDelayMs: 100, multiplier: 2, jitter: 0 };

let dir: string;
let server: LogApiTestServer;
const running: Array<{ tailer: LogFileTailer; sink: HttpLogSink }> = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'log-tailer-'));
  server = await startLogApiTestServer();
});
afterEach(async () => {
  for (const r of running.splice(0)) await stop(r);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function fileConfig(paths: string[], extra: Partial<LogFileConfig> = {}): LogFileConfig {
  return {
    paths,
    exclude: [],
    format: 'auto',
    service: undefined,
    attributes: {},
    startAt: 'beginning',
    multiline: { enabled: true, startPattern: undefined, maxLines: 500, timeoutMs: 300 },
    ...extra,
  };
}

async function start(files: LogFileConfig[], extra: Partial<LogFileTailerOptions> = {}): Promise<{ tailer: LogFileTailer; sink: HttpLogSink; logs: ReturnType<typeof captureLogger>['lines'] }> {
  const { logger, lines } = captureLogger();
  const sink = new HttpLogSink({ url: `${server.url}/api/v1/logs`, token: undefined, timeoutMs: 2000, maxRecordsPerRequest: 500, retry: FAST_RETRY, clock: systemClock, logger });
  const tailer = new LogFileTailer({
    files,
    checkpointPath: join(dir, 'state', 'log-offsets.json'),
    pollIntervalMs: 30,
    batchSize: 100,
    flushIntervalMs: 20,
    maxBufferRecords: 1000,
    rotateWaitMs: 200,
    maxLineBytes: 4096,
    hostname: 'test-host',
    sink,
    clock: systemClock,
    logger,
    readChunkBytes: 4096,
    ...extra,
  });
  await tailer.start();
  const r = { tailer, sink };
  running.push(r);
  return { ...r, logs: lines };
}

async function stop(r: { tailer: LogFileTailer; sink: HttpLogSink }): Promise<void> {
  const i = running.indexOf(r);
  if (i >= 0) running.splice(i, 1);
  await Promise.race([r.tailer.stop(), new Promise((res) => setTimeout(res, 1000))]);
  await r.sink.close();
  await r.tailer.stop();
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const messages = (): string[] => [...server.stored.values()].map((r) => r.message);
const byMessage = (m: string): LogRecord | undefined => [...server.stored.values()].find((r) => r.message === m);
const pino = (i: number, msg = `line ${i}`): string => `${JSON.stringify({ level: 30, time: 1_732_449_600_000 + i, pid: 1, hostname: 'app-host', msg })}\n`;

describe('LogFileTailer', () => {
  it('ships every line of a file as a parsed record with a stable id; a partial last line waits for its newline', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, pino(1) + 'plain WARN line\n' + pino(3) + '{"level":30,"msg":"par');
    const { tailer } = await start([fileConfig([join(dir, '*.log')], { service: 'shop', attributes: { env: 'test' } })]);
    await waitFor(() => server.stored.size === 3, '3 records');
    await new Promise((r) => setTimeout(r, 150));
    expect(server.stored.size).toBe(3); // the partial line is not shipped
    const first = byMessage('line 1');
    expect(first).toMatchObject({ level: 'info', timestamp: 1_732_449_600_001, host: 'app-host', service: 'shop', attributes: { pid: '1', env: 'test', 'log.file.path': file } });
    const plain = byMessage('plain WARN line');
    expect(plain).toMatchObject({ level: 'warn', host: 'test-host' });
    expect(first?.id).toMatch(/^[0-9a-f]{16}-0$/);
    expect(plain?.id).toBe(`${first?.id.split('-')[0]}-${Buffer.byteLength(pino(1))}`);
    appendFileSync(file, 'tial"}\n');
    await waitFor(() => server.stored.size === 4, 'the completed line');
    expect(messages()).toContain('partial');
    await waitFor(() => tailer.stats().sentRecords === 4, 'the acknowledgement');
  });

  it('picks up new files matching the glob, and not files that do not match', async () => {
    await start([fileConfig([join(dir, 'svc-*.log')])]);
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(join(dir, 'svc-a.log'), pino(1, 'from a'));
    writeFileSync(join(dir, 'other.txt'), pino(2, 'from other'));
    await waitFor(() => messages().includes('from a'), 'the first new file');
    writeFileSync(join(dir, 'svc-b.log'), pino(3, 'from b'));
    await waitFor(() => messages().includes('from b'), 'the second new file');
    await new Promise((r) => setTimeout(r, 100));
    expect(messages().sort()).toEqual(['from a', 'from b']);
  });

  it('startAt end skips what a file held at start-up, but a file created later is read from its start', async () => {
    writeFileSync(join(dir, 'old.log'), pino(1, 'old line'));
    await start([fileConfig([join(dir, '*.log')], { startAt: 'end' })]);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(join(dir, 'old.log'), pino(2, 'appended'));
    writeFileSync(join(dir, 'new.log'), pino(3, 'in a new file'));
    await waitFor(() => server.stored.size === 2, 'the appended line and the new file');
    await new Promise((r) => setTimeout(r, 100));
    expect(messages().sort()).toEqual(['appended', 'in a new file']);
  });

  it('joins a stack trace written across reads into one record', async () => {
    const file = join(dir, 'java.log');
    const trace = ['2024-11-24T12:00:00Z ERROR boom', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)'];
    writeFileSync(file, `${trace[0]}\n${trace[1]}\n`);
    await start([fileConfig([file])]);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(file, `${trace[2]}\n2024-11-24T12:00:01Z INFO next\n`);
    await waitFor(() => server.stored.size === 2, 'two records (the second after the multiline timeout)');
    expect(byMessage(`boom\n${trace[1]}\n${trace[2]}`)).toMatchObject({ level: 'error', timestamp: Date.UTC(2024, 10, 24, 12) });
    expect(byMessage('next')).toBeDefined();
  });

  it('follows a rotation by rename while lines are being written: every line once, the old file read to its end', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, '');
    const { logs } = await start([fileConfig([file])]);
    let fd = openSync(file, 'a');
    let n = 0;
    const write = (count: number): void => {
      for (let i = 0; i < count; i++) writeSync(fd, pino(n, `line ${n++}`));
    };
    for (let round = 0; round < 3; round++) {
      write(150);
      await new Promise((r) => setTimeout(r, 30));
      renameSync(file, `${file}.${round + 1}`);
      write(20); // the writer has not reopened yet: these land in the renamed file
      await new Promise((r) => setTimeout(r, 60));
      closeSync(fd);
      fd = openSync(file, 'a');
      write(100);
      // Rotation intervals are far longer than the poll interval: the new file is seen before it is rotated.
      await waitFor(() => logs.filter((l) => l.msg.startsWith('tailing log file')).length === round + 2, 'the new file picked up');
    }
    closeSync(fd);
    await waitFor(() => server.stored.size === n, `all ${n} lines`);
    const got = messages();
    expect(new Set(got).size).toBe(n);
    expect([...server.received.values()].every((c) => c === 1)).toBe(true);
    await waitFor(() => logs.filter((l) => l.msg === 'log file read to its end and closed').length === 3, 'the rotated files closed');
  });

  it('copytruncate: a file that shrinks is read again from the start, with new ids', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, pino(1, 'before 1') + pino(2, 'before 2'));
    const { logs } = await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 2, 'the first lines');
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(file, pino(1, 'after 1'));
    await waitFor(() => server.stored.size === 3, 'the line after the truncation');
    appendFileSync(file, pino(2, 'after 2') + pino(3, 'after 3'));
    await waitFor(() => server.stored.size === 5, 'all lines');
    expect(messages().sort()).toEqual(['after 1', 'after 2', 'after 3', 'before 1', 'before 2']);
    expect(byMessage('after 1')?.id).not.toBe(byMessage('before 1')?.id);
    expect(logs.some((l) => l.msg.startsWith('log file truncated'))).toBe(true);
  });

  it('copytruncate to the same size or larger is noticed by the first line changing', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, pino(1, 'old first'));
    await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 1, 'the first line');
    truncateSync(file, 0);
    appendFileSync(file, pino(1, 'new first line, longer than the old one') + pino(2, 'new second'));
    await waitFor(() => server.stored.size === 3, 'both new lines');
    expect(messages().sort()).toEqual(['new first line, longer than the old one', 'new second', 'old first']);
  });

  it('a restart resumes at the acknowledged offset: nothing lost, nothing repeated', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, pino(1) + pino(2));
    const first = await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 2, 'the first lines');
    await stop(first);
    appendFileSync(file, pino(3) + pino(4));
    const saved = JSON.parse(readFileSync(join(dir, 'state', 'log-offsets.json'), 'utf8')) as { files: Array<{ offset: number; path: string }> };
    expect(saved.files).toEqual([expect.objectContaining({ path: file, offset: Buffer.byteLength(pino(1) + pino(2)) })]);
    await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 4, 'the new lines');
    await new Promise((r) => setTimeout(r, 100));
    expect([...server.received.values()]).toEqual([1, 1, 1, 1]);
  });

  it('a file rotated while the tailer was stopped is read to its end from the saved offset', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, pino(1));
    const first = await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 1, 'the first line');
    await stop(first);
    appendFileSync(file, pino(2, 'written before rotation'));
    renameSync(file, `${file}.1`);
    writeFileSync(file, pino(3, 'in the new file'));
    await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 3, 'all three lines');
    expect(messages().sort()).toEqual(['in the new file', 'line 1', 'written before rotation']);
    expect([...server.received.values()]).toEqual([1, 1, 1]);
  });

  it('while the api is down nothing is lost and the offsets do not advance; lines arrive once it is back', async () => {
    const file = join(dir, 'app.log');
    server.down = true;
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => pino(i)).join(''));
    const first = await start([fileConfig([file])]);
    await waitFor(() => server.requests >= 3, 'retries');
    await stop(first);
    expect(server.stored.size).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'state', 'log-offsets.json'), 'utf8')) as { files: Array<{ offset: number }> };
    expect(saved.files.map((f) => f.offset)).toEqual([0]);
    server.down = false;
    await start([fileConfig([file])]);
    await waitFor(() => server.stored.size === 50, 'every line after the api is back');
  });

  it('reading pauses at maxBufferRecords while the api is down and resumes without loss', async () => {
    const file = join(dir, 'app.log');
    server.down = true;
    writeFileSync(file, Array.from({ length: 2000 }, (_, i) => pino(i)).join(''));
    const { tailer } = await start([fileConfig([file])], { maxBufferRecords: 200, batchSize: 100 });
    await new Promise((r) => setTimeout(r, 300));
    const perChunk = Math.ceil(4096 / pino(1).length);
    expect(tailer.stats().bufferedRecords).toBeGreaterThanOrEqual(200);
    expect(tailer.stats().bufferedRecords).toBeLessThanOrEqual(200 + perChunk);
    server.down = false;
    await waitFor(() => server.stored.size === 2000, 'all 2000 lines');
  });
});
