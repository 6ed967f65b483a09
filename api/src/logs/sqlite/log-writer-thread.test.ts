import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import type { LogRecord } from '../log-record.js';
import { parseLogQuery } from '../query/parse-log-query.js';
import { openLogDatabase } from './log-schema.js';
import { LogWriterThread } from './log-writer-thread.js';
import { SqliteLogStore } from './sqlite-log-store.js';

const T0 = 1_767_225_600_000;
const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'log-writer-thread-'));
  dirs.push(d);
  return d;
}

const rec = (id: string, ts: number, message = `line ${id}`): LogRecord => ({ id, timestamp: ts, level: 'info', message });

describe('LogWriterThread', () => {
  it('rejects what it could not write as unavailable, naming why, and starts a new thread for the next request', async () => {
    const dir = path.join(tempDir(), 'not-yet');
    const file = path.join(dir, 'logs.db');
    const writer = new LogWriterThread({ file, sync: 'normal' }, pino({ level: 'silent' }));
    closers.push(() => writer.close());
    const failed = await writer.append([rec('a', T0)]).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).code).toBe('unavailable');
    expect((failed as AppError).message).toMatch(/^log store writer stopped \(exit code 1\): Cannot open database because the directory does not exist;/);

    fs.mkdirSync(dir);
    openLogDatabase(file, 'normal').close();
    expect(await writer.append([rec('a', T0), rec('b', T0)])).toEqual({ accepted: 2, duplicates: 0, duplicateIndexes: [] });
    expect(await writer.append([rec('b', T0), rec('c', T0 + 1)])).toEqual({ accepted: 1, duplicates: 1, duplicateIndexes: [0] });
  });

  it('answers a bad record as bad_data, as the inline writer does, and stores nothing of that batch', async () => {
    const store = SqliteLogStore.open({ dataDir: tempDir(), retentionIntervalMs: 0, sync: 'normal' });
    closers.push(() => store.close());
    const err = await store.append([rec('ok', T0), rec('bad', -5)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_data');
    expect((err as AppError).message).toBe('record 1: timestamp -5 is out of range');
    expect((await store.stats()).records).toBe(0);
    expect(await store.append([rec('ok', T0)])).toEqual({ accepted: 1, duplicates: 0, duplicateIndexes: [] });
  });

  it('keeps the event loop free while a large batch is written, and the batch is searchable once acknowledged', async () => {
    const store = SqliteLogStore.open({ dataDir: tempDir(), retentionIntervalMs: 0, sync: 'normal' });
    closers.push(() => store.close());
    await store.append([rec('warm', T0)]); // the thread is up
    const records = Array.from({ length: 30_000 }, (_, i) => rec(`r${i}`, T0 + 1 + Math.floor(i / 10), `request ${i} completed for customer ${i % 97}`));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      expect(await store.append(records)).toEqual({ accepted: 30_000, duplicates: 0, duplicateIndexes: [] });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
    const found = await store.search({ query: parseLogQuery('"request 29999"'), start: T0, end: T0 + 10_000, limit: 5 });
    expect(found.records.map((r) => r.id)).toEqual(['r29999']);
  });
});
