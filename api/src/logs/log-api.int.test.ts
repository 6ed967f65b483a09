// The log API in the real api process: records posted while the process is killed with SIGKILL are all there
// after a restart if they were acknowledged, and re-sending everything stores nothing twice (the collector's
// at-least-once delivery relies on both).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from './log-record.js';
import type { LogIngestResponse, LogSearchResponse } from './http/log-api-schemas.js';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverTs = path.join(apiDir, 'src', 'server.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startApi(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', serverTs], {
    cwd: apiDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', API_TOKENS: '', CONFIG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`api not ready: ${stderr}`);
}

const T0 = Date.now() - 600_000;

function batch(n: number): LogRecord[] {
  return Array.from({ length: 100 }, (_, i) => ({
    id: `crash:${n}:${i}`,
    timestamp: T0 + n * 100 + i,
    level: i % 10 === 0 ? 'error' : 'info',
    message: `request ${n}.${i} served`,
    service: 'shop',
    attributes: { batch: String(n) },
  }));
}

async function post(base: string, records: LogRecord[]): Promise<LogIngestResponse['data']> {
  const r = await fetch(`${base}/api/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  if (r.status !== 200) throw new Error(`POST answered ${r.status}`);
  return ((await r.json()) as LogIngestResponse).data;
}

describe('log API in the api process', () => {
  it('keeps every acknowledged record across kill -9 and stores nothing twice when everything is re-sent', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'log-api-crash-'));
    dirs.push(dataDir);
    const first = await startApi(dataDir);
    const acknowledged = new Set<number>();
    let n = 0;
    const writer = (async () => {
      for (;;) {
        const i = n++;
        try {
          await post(first.base, batch(i));
          acknowledged.add(i);
        } catch {
          return; // the process is gone
        }
      }
    })();
    while (acknowledged.size < 30) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await writer;

    const second = await startApi(dataDir);
    const search = async (query: string, limit: number): Promise<LogSearchResponse['data']> => {
      const params = new URLSearchParams({ query, limit: String(limit), start: String(T0 / 1000 - 1), end: String(Date.now() / 1000) });
      return ((await (await fetch(`${second.base}/api/v1/logs?${params.toString()}`)).json()) as LogSearchResponse).data;
    };
    for (const i of acknowledged) {
      const r = await search(`batch:${i}`, 200);
      expect(r.records).toHaveLength(100);
    }
    let stored = 0;
    for (let i = 0; i < n; i++) stored += (await search(`batch:${i}`, 200)).records.length;

    let accepted = 0;
    let duplicates = 0;
    for (let i = 0; i < n; i++) {
      const r = await post(second.base, batch(i));
      accepted += r.accepted;
      duplicates += r.duplicates;
    }
    expect(duplicates).toBe(stored);
    expect(accepted + duplicates).toBe(n * 100);
    const errors = await search('level:error request', 5000);
    expect(errors.records).toHaveLength(n * 10);
    expect(new Set(errors.records.map((r) => r.id)).size).toBe(n * 10);
  });
});
