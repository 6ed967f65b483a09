import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeLabels, type Labels } from '../labels.js';
import type { Sample } from '../metric-store.js';
import { isStaleMarker, STALE_NAN } from '../stale-marker.js';
import { SqliteMetricStore, type SqliteMetricStoreOptions } from './sqlite-metric-store.js';
import { CRASH_SERIES, CRASH_T0 } from './test-fixtures/crash-test-data.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = 1_700_006_400_000; // a multiple of 2 h
const ALL = { start: -8.64e15, end: 8.64e15 };
const NAME = (n: string): { name: string; type: '='; value: string } => ({ name: '__name__', type: '=', value: n });

const dirs: string[] = [];
const stores: SqliteMetricStore[] = [];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-metric-store-'));
  dirs.push(d);
  return d;
}

function openStore(opts: SqliteMetricStoreOptions): SqliteMetricStore {
  const s = SqliteMetricStore.open({ maintenanceIntervalMs: 0, ...opts });
  stores.push(s);
  return s;
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function series(n: number, name = 'metric'): Labels[] {
  return Array.from({ length: n }, (_, i) => normalizeLabels({ __name__: name, instance: `host-${i}`, job: i % 2 ? 'odd' : 'even' }));
}

/** `count` samples for each series, every `step` ms from `from`, value = index * 10 + series number. */
function samplesFor(labels: Labels[], from: number, count: number, step = 10_000): Sample[] {
  const out: Sample[] = [];
  for (let k = 0; k < count; k++) labels.forEach((l, i) => out.push({ labels: l, timestamp: from + k * step, value: k * 10 + i }));
  return out;
}

function chunkRows(dir: string): number {
  const db = new Database(path.join(dir, 'metrics.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SqliteMetricStore', () => {
  it('keeps head samples, chunks and staleness markers across a reopen', async () => {
    const dataDir = tempDir();
    const labels = series(3);
    let store = openStore({ dataDir, clock: () => T0 });
    // 4 h of data: the first block closes into chunks, the rest stays in the head.
    await store.append(samplesFor(labels, T0, 4 * 360));
    store.compact();
    await store.append([{ labels: labels[0], timestamp: T0 + 5 * HOUR, value: STALE_NAN }]);
    const before = await store.select([NAME('metric')], ALL);
    const statsBefore = await store.stats();
    expect(statsBefore.blockSamples).toBe(3 * 720);
    expect(statsBefore.headSamples).toBe(3 * 720 + 1);
    await store.close();

    store = openStore({ dataDir, clock: () => T0 });
    const after = await store.select([NAME('metric')], ALL);
    expect(after.map((s) => s.labels)).toEqual(before.map((s) => s.labels));
    for (let i = 0; i < before.length; i++) {
      expect(Array.from(after[i].timestamps)).toEqual(Array.from(before[i].timestamps));
      expect(Buffer.from(after[i].values.buffer, after[i].values.byteOffset, after[i].values.byteLength)).toEqual(
        Buffer.from(before[i].values.buffer, before[i].values.byteOffset, before[i].values.byteLength),
      );
    }
    const s0 = after.find((s) => s.labels.instance === 'host-0');
    expect(s0?.timestamps.length).toBe(4 * 360 + 1);
    expect(isStaleMarker(s0?.values[4 * 360] ?? 0)).toBe(true);
    const stats = await store.stats();
    expect(stats).toMatchObject({ series: 3, blockSamples: statsBefore.blockSamples, headSamples: statsBefore.headSamples });
    // Series created after the reopen get fresh ids and are found by label.
    await store.append([{ labels: normalizeLabels({ __name__: 'new_one' }), timestamp: T0, value: 7 }]);
    expect((await store.select([NAME('new_one')], ALL))[0].values[0]).toBe(7);
  });

  it('closes a block only once the head spans 1.5 blocks, one chunk row per series per block', async () => {
    const dataDir = tempDir();
    const labels = series(4);
    const store = openStore({ dataDir, clock: () => T0 });
    // 3 h: head spans 3 h but the first block [T0, T0+2h) needs samples at T0+3h to close.
    await store.append(samplesFor(labels, T0, 3 * 360));
    store.compact();
    expect((await store.stats()).blockSamples).toBe(0);
    expect(chunkRows(dataDir)).toBe(0);
    await store.append(samplesFor(labels, T0 + 3 * HOUR, 1));
    store.compact();
    expect((await store.stats()).blockSamples).toBe(4 * 720);
    expect(chunkRows(dataDir)).toBe(4);

    // Reads spanning chunk and head are seamless and the range stays inclusive.
    const [s] = await store.select([NAME('metric'), { name: 'instance', type: '=', value: 'host-1' }], {
      start: T0 + 2 * HOUR - 20_000,
      end: T0 + 2 * HOUR + 10_000,
    });
    expect(Array.from(s.timestamps)).toEqual([T0 + 2 * HOUR - 20_000, T0 + 2 * HOUR - 10_000, T0 + 2 * HOUR, T0 + 2 * HOUR + 10_000]);
    expect(Array.from(s.values)).toEqual([718 * 10 + 1, 719 * 10 + 1, 720 * 10 + 1, 721 * 10 + 1]);
  });

  it('accepts samples for a closed block and merges them, last write winning', async () => {
    const dataDir = tempDir();
    const [a] = series(1);
    const store = openStore({ dataDir, clock: () => T0 });
    await store.append(samplesFor([a], T0, 4 * 360));
    store.compact();
    expect((await store.stats()).blockSamples).toBe(720);
    // An overwrite and a new sample inside the closed block, then close that block again.
    await store.append([
      { labels: a, timestamp: T0 + 10_000, value: -1 },
      { labels: a, timestamp: T0 + 15_000, value: -2 },
    ]);
    let [s] = await store.select([NAME('metric')], { start: T0, end: T0 + 20_000 });
    expect(Array.from(s.timestamps)).toEqual([T0, T0 + 10_000, T0 + 15_000, T0 + 20_000]);
    expect(Array.from(s.values)).toEqual([0, -1, -2, 20]);
    store.compact();
    expect(chunkRows(dataDir)).toBe(2);
    [s] = await store.select([NAME('metric')], { start: T0, end: T0 + 20_000 });
    expect(Array.from(s.values)).toEqual([0, -1, -2, 20]);
    const all = (await store.select([NAME('metric')], ALL))[0];
    expect(all.timestamps.length).toBe(4 * 360 + 1);
    for (let i = 1; i < all.timestamps.length; i++) expect(all.timestamps[i]).toBeGreaterThan(all.timestamps[i - 1]);
  });

  it('enforces retention: old chunks, old head samples and empty series go, disk space is reclaimed', async () => {
    const dataDir = tempDir();
    let now = T0;
    const old = series(50, 'old_metric');
    const fresh = series(2, 'fresh_metric');
    const store = openStore({ dataDir, clock: () => now, retentionMs: DAY });
    for (let h = 0; h < 8; h++) await store.append(samplesFor(old, T0 + h * HOUR, 360));
    await store.append(samplesFor(fresh, T0 + 20 * HOUR, 360));
    store.compact();
    const before = await store.stats();
    expect(before.series).toBe(52);
    expect(before.blockSamples).toBeGreaterThan(0);

    now = T0 + DAY + 5 * HOUR; // everything of old_metric before T0+5h is past retention
    store.enforceRetention();
    const mid = await store.select([NAME('old_metric')], ALL);
    expect(mid).toHaveLength(50);
    for (const s of mid) expect(s.timestamps[0]).toBeGreaterThanOrEqual(T0 + 4 * HOUR); // chunk granularity

    now = T0 + DAY + 9 * HOUR + 1;
    store.enforceRetention();
    expect(await store.select([NAME('old_metric')], ALL)).toEqual([]);
    expect(await store.labelValues('__name__', [], ALL)).toEqual(['fresh_metric']);
    const after = await store.stats();
    expect(after.series).toBe(2);
    expect(after.diskBytes).toBeLessThan(before.diskBytes);

    // A removed series can come back.
    await store.append([{ labels: old[0], timestamp: now, value: 42 }]);
    expect((await store.select([NAME('old_metric')], ALL))[0].values[0]).toBe(42);
  });

  it('applies retention when opening', async () => {
    const dataDir = tempDir();
    const labels = series(2);
    let store = openStore({ dataDir, clock: () => T0 });
    await store.append(samplesFor(labels, T0, 10));
    await store.close();
    store = openStore({ dataDir, clock: () => T0 + 16 * DAY });
    expect(await store.stats()).toMatchObject({ series: 0, headSamples: 0 });
  });

  it('runs compaction and retention on its maintenance timer', async () => {
    const dataDir = tempDir();
    const labels = series(2);
    const store = openStore({ dataDir, clock: () => T0, maintenanceIntervalMs: 20 });
    await store.append(samplesFor(labels, T0, 4 * 360));
    expect((await store.stats()).blockSamples).toBe(0);
    for (let waited = 0; waited < 5000 && (await store.stats()).blockSamples === 0; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await store.stats()).blockSamples).toBe(2 * 720);
  });

  it('rejects an invalid regular expression as bad data', async () => {
    const store = openStore({ dataDir: tempDir() });
    await store.append(samplesFor(series(1), T0, 1));
    await expect(store.select([{ name: 'job', type: '=~', value: '(' }], ALL)).rejects.toMatchObject({ code: 'bad_data' });
  });

  it('rejects invalid timestamps without writing anything', async () => {
    const store = openStore({ dataDir: tempDir() });
    const [a] = series(1, 'bad');
    await expect(store.append([{ labels: a, timestamp: T0, value: 1 }, { labels: a, timestamp: NaN, value: 1 }])).rejects.toThrow(/timestamp/);
    expect(await store.stats()).toMatchObject({ series: 0, headSamples: 0 });
  });

  it('loses no acknowledged sample when the writer is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures/append-until-killed.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAcked = -1;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      const timeout = setTimeout(() => reject(new Error(`child made no progress: ${stderr}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^acked (\d+)$/.exec(line);
          if (m) lastAcked = Number(m[1]);
        }
        // Past a few compactions (blocks of 20 rounds), kill mid-stream.
        if (lastAcked >= 150) {
          clearTimeout(timeout);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timeout);
        if (lastAcked < 150) reject(new Error(`child exited early: ${stderr}`));
      });
    });
    await exited;
    expect(lastAcked).toBeGreaterThanOrEqual(150);

    const store = openStore({ dataDir, blockDurationMs: 20_000, clock: () => CRASH_T0 });
    const got = await store.select([NAME('crash_test')], ALL);
    expect(got).toHaveLength(CRASH_SERIES);
    expect((await store.stats()).blockSamples).toBeGreaterThan(0);
    for (const s of got) {
      const i = Number(s.labels.series);
      expect(s.timestamps.length).toBeGreaterThanOrEqual(lastAcked + 1);
      for (let r = 0; r <= lastAcked; r++) {
        expect(s.timestamps[r]).toBe(CRASH_T0 + r * 1000);
        expect(s.values[r]).toBe(r * 1000 + i);
      }
    }
  });
});
