// The api process for real: spawned with its SQLite store in a temp DATA_DIR, killed with SIGKILL mid-ingest,
// restarted, and required to serve every sample it acknowledged. Also start refusal and clean Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverTs = path.join(apiDir, 'src', 'server.ts');

interface Proc {
  child: ChildProcess;
  port: number;
  log: () => string;
  exited: Promise<number | null>;
}

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const c of procs.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
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

async function spawnApi(env: Record<string, string>): Promise<Proc> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, ['--import', 'tsx', serverTs], {
    cwd: apiDir,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', API_TOKENS: '', CONFIG: '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, log: () => log, exited };
}

async function waitReady(p: Proc, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (p.child.exitCode !== null) throw new Error(`api exited early:\n${p.log()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${p.port}/readyz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`api not ready:\n${p.log()}`);
}

const SERIES = 50;
const BASE_S = Math.floor(Date.now() / 1000) - 3600;

function batch(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < SERIES; i++) lines.push(`crash_test,series=s${i} value=${n} ${BASE_S + n}`);
  return lines.join('\n');
}

describe('api process', () => {
  it('keeps every acknowledged sample across kill -9', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'api-crash-'));
    const first = await spawnApi({ DATA_DIR: dataDir });
    await waitReady(first);

    const acked: number[] = [];
    let next = 0;
    let killed = false;
    const writer = async (): Promise<void> => {
      while (!killed) {
        const n = next++;
        try {
          const r = await fetch(`http://127.0.0.1:${first.port}/write?db=crash&precision=s`, { method: 'POST', body: batch(n) });
          if (r.status === 204) acked.push(n);
          else await r.text();
        } catch {
          return; // connection reset by the kill: not acknowledged
        }
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    // Let it ingest for a while (at least 1 s and 50 acknowledged batches, so a loaded machine still tests something).
    const started = Date.now();
    while (Date.now() - started < 1000 || (acked.length < 50 && Date.now() - started < 20_000)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    expect(await first.exited).toBeNull();
    expect(acked.length).toBeGreaterThanOrEqual(50);
    expect(next - acked.length).toBeLessThanOrEqual(4); // only requests in flight at the kill went unacknowledged

    const second = await spawnApi({ DATA_DIR: dataDir });
    await waitReady(second);
    const url = new URL(`http://127.0.0.1:${second.port}/api/v1/query`);
    url.searchParams.set('query', `crash_test[${next + 10}s]`);
    url.searchParams.set('time', String(BASE_S + next + 1));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
    expect(body.data.resultType).toBe('matrix');
    const stored = new Map<string, Set<number>>();
    for (const s of body.data.result) stored.set(s.metric.series, new Set(s.values.map(([t]) => t - BASE_S)));
    const missing: string[] = [];
    for (const n of acked) {
      for (let i = 0; i < SERIES; i++) if (!stored.get(`s${i}`)?.has(n)) missing.push(`s${i}@${n}`);
    }
    expect(missing).toEqual([]);
    // values too: sample n of every series is n
    for (const s of body.data.result) for (const [t, v] of s.values) expect(Number(v)).toBe(t - BASE_S);

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('on SIGINT finishes, closes the store, exits 0, and the data is there on restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'api-sigint-'));
    const p = await spawnApi({ DATA_DIR: dataDir });
    await waitReady(p);
    const w = await fetch(`http://127.0.0.1:${p.port}/write?db=x&precision=s`, { method: 'POST', body: `sigint_test value=42 ${BASE_S}` });
    expect(w.status).toBe(204);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.log()).toContain('metric store closed; bye');

    const again = await spawnApi({ DATA_DIR: dataDir });
    await waitReady(again);
    const r = await fetch(`http://127.0.0.1:${again.port}/api/v1/query?query=sigint_test&time=${BASE_S + 1}`);
    expect(await r.json()).toMatchObject({ data: { result: [{ value: [BASE_S + 1, '42'] }] } });
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('refuses to start open on HOST=0.0.0.0 without tokens', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'api-open-'));
    const p = await spawnApi({ DATA_DIR: dataDir, HOST: '0.0.0.0' });
    expect(await p.exited).toBe(2);
    expect(p.log()).toMatch(/refusing to start: HOST=0\.0\.0\.0 is not a loopback address and no API tokens are configured/);
  });

  it('reports a store that cannot open and exits non-zero', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'api-badstore-'));
    const file = path.join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const p = await spawnApi({ DATA_DIR: file });
    expect(await p.exited).toBe(2);
    expect(p.log()).toContain(`the metric store in ${file} failed to open`);
  });

  it('reports a bad config file with its path and exits non-zero', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'api-badconf-'));
    const conf = path.join(dir, 'api.yaml');
    writeFileSync(conf, 'query:\n  lookbackDelta: five minutes\n');
    const p = await spawnApi({ DATA_DIR: dir, CONFIG: conf });
    expect(await p.exited).toBe(2);
    expect(p.log()).toContain(`config file ${conf}:2: query.lookbackDelta: not a valid duration string`);
  });
});
