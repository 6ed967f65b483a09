// SSE benchmark: the real api process (api/src/server.ts under tsx, stores in a temp dir) holding BENCH_SSE_CLIENTS
// (default 5,000) concurrent GET /api/v1/events streams opened from BENCH_SSE_PROCS (default 2) child processes
// (bench/sse-clients.ts); then one log line is POSTed to /api/v1/logs every 1/BENCH_SSE_RATE s (default 20/s) for
// BENCH_SSE_SECONDS (default 5) and each line's `log` event is timed from before its POST to its arrival at every
// client. Figures: clients held (and the api's sse_clients), delivery latency p50/p99 over all (event, client) pairs,
// p50/p99 of the time for an event to reach the last client, api RSS and CPU (from /proc), and the time from SIGTERM
// to exit with every stream open. Needs about 5,000 file descriptors in the api and 2,500 per client process: the
// children are started with their soft `ulimit -n` raised to the hard limit. Standalone: `npx tsx bench/sse.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './bench-row.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const API_SERVER = join(ROOT, 'api', 'src', 'server.ts');
const CLIENTS_SCRIPT = join(ROOT, 'bench', 'sse-clients.ts');
const CLK_TCK = 100;

const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns `node args` with the soft file-descriptor limit raised to the hard one (`exec` keeps the pid). */
function spawnNode(args: string[], env: Record<string, string>, ipc: boolean): ChildProcess {
  return spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null; exec "$0" "$@"', process.execPath, ...args], {
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
}

interface ProcStats {
  readonly rssBytes: number;
  /** user + system CPU seconds so far. */
  readonly cpuSeconds: number;
}

function procStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime field 14, stime field 15 (1-based, man proc).
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKb * 1024, cpuSeconds: cpuTicks / CLK_TCK };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function request<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve(reply as T));
    child.once('exit', (code) => reject(new Error(`client process exited (${code})`)));
    child.send(message);
  });
}

async function metricValue(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function benchSse(): Promise<BenchRow[]> {
  const clients = envInt('BENCH_SSE_CLIENTS', 5000);
  const procs = envInt('BENCH_SSE_PROCS', 2);
  const rate = envInt('BENCH_SSE_RATE', 20);
  const seconds = envInt('BENCH_SSE_SECONDS', 5);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sse-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawnNode(['--import', 'tsx', API_SERVER], { HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'warn', API_TOKENS: '', CONFIG: '' }, false);
  let apiOutput = '';
  api.stdout?.on('data', (d: Buffer) => (apiOutput = (apiOutput + d.toString()).slice(-10_000)));
  api.stderr?.on('data', (d: Buffer) => (apiOutput = (apiOutput + d.toString()).slice(-10_000)));
  const apiExited = new Promise<number>((resolve) => api.once('exit', () => resolve(performance.now())));
  const children: ChildProcess[] = [];
  try {
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
      if (api.exitCode !== null || Date.now() > deadline) throw new Error(`api did not start:\n${apiOutput}`);
      await sleep(100);
    }
    const pid = api.pid as number;
    const idle = procStats(pid);

    // Connect: each child opens its share of the streams (logs topic: the events this bench publishes).
    for (let i = 0; i < procs; i++) children.push(spawnNode(['--import', 'tsx', CLIENTS_SCRIPT], {}, true));
    await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
    const connectStart = performance.now();
    const shares = children.map((_, i) => Math.floor(clients / procs) + (i < clients % procs ? 1 : 0));
    const connected = await Promise.all(
      children.map((child, i) => request<{ connected: number; failed: number }>(child, { cmd: 'connect', url: `${base}/api/v1/events?topics=logs`, count: shares[i] })),
    );
    const connectMs = performance.now() - connectStart;
    const held = connected.reduce((n, c) => n + c.connected, 0);
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    await sleep(1000);
    const sseClients = await metricValue(base, 'sse_clients');
    const withClients = procStats(pid);
    console.error(`sse: ${held} clients connected in ${Math.round(connectMs)} ms (${failed} failed); api sse_clients ${sseClients}`);

    // Publish: one log line per POST, its send time in the message.
    const events = rate * seconds;
    const before = procStats(pid);
    const t0 = performance.now();
    const postMs: number[] = [];
    for (let seq = 0; seq < events; seq++) {
      const due = t0 + (seq * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.timeOrigin + performance.now();
      const record = { id: `sse-bench-${seq}`, timestamp: Date.now(), level: 'info', service: 'bench', message: `sse-bench ${seq} ${sentAt.toFixed(3)}` };
      const res = await fetch(`${base}/api/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [record] }) });
      if (!res.ok) throw new Error(`POST /api/v1/logs answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      postMs.push(performance.timeOrigin + performance.now() - sentAt);
    }
    const publishWall = (performance.now() - t0) / 1000;
    const after = procStats(pid);
    await sleep(2000);

    const reports = await Promise.all(children.map((c) => request<{ latencies: Array<[number, number[]]>; closedByServer: number }>(c, { cmd: 'report' })));
    const perEvent = new Map<number, number[]>();
    for (const r of reports) for (const [seq, list] of r.latencies) perEvent.set(seq, [...(perEvent.get(seq) ?? []), ...list]);
    const all = [...perEvent.values()].flat().sort((a, b) => a - b);
    const toLast = [...perEvent.values()].map((l) => Math.max(...l)).sort((a, b) => a - b);
    const spread = [...perEvent.values()].map((l) => Math.max(...l) - Math.min(...l)).sort((a, b) => a - b);
    const deliveries = all.length;
    const expected = events * held;
    console.error(`sse: ${deliveries} of ${expected} deliveries; ${reports.reduce((n, r) => n + r.closedByServer, 0)} streams closed by the server`);

    // Shutdown with every stream open: SIGTERM to exit.
    const sigterm = performance.now();
    const sigtermAt = performance.timeOrigin + sigterm;
    api.kill('SIGTERM');
    const exitMs = (await apiExited) - sigterm;
    const afterExit = await Promise.all(children.map((c) => request<{ closedByServer: number; lastClosedAt: number }>(c, { cmd: 'report' })));
    const streamsClosed = afterExit.reduce((n, r) => n + r.closedByServer, 0);
    const streamsClosedMs = Math.max(...afterExit.map((r) => r.lastClosedAt)) - sigtermAt;
    console.error(`sse: SIGTERM: ${streamsClosed} streams closed, the last ${Math.round(streamsClosedMs)} ms after the signal; process exit after ${Math.round(exitMs)} ms`);

    return [
      { name: 'SSE clients held (sse_clients)', value: Math.min(held, sseClients), unit: 'clients', target: '>= 5000' },
      { name: 'connect all clients', value: connectMs, unit: 'ms', target: '' },
      { name: `events delivered (${events} events x ${held} clients)`, value: (deliveries / expected) * 100, unit: '%', target: '>= 100' },
      { name: 'delivery latency p50 (POST to client)', value: percentile(all, 50), unit: 'ms', target: '' },
      { name: 'delivery latency p99', value: percentile(all, 99), unit: 'ms', target: '' },
      { name: 'POST /api/v1/logs round trip p50 (commit + fan-out)', value: percentile(postMs.sort((a, b) => a - b), 50), unit: 'ms', target: '' },
      { name: 'fan-out spread p50 (first to last client of an event)', value: percentile(spread, 50), unit: 'ms', target: '' },
      { name: 'fan-out spread p99', value: percentile(spread, 99), unit: 'ms', target: '' },
      { name: 'event to all clients p50', value: percentile(toLast, 50), unit: 'ms', target: '' },
      { name: 'event to all clients p99', value: percentile(toLast, 99), unit: 'ms', target: '' },
      { name: 'api RSS idle', value: idle.rssBytes / 2 ** 20, unit: 'MiB', target: '' },
      { name: `api RSS with ${held} clients`, value: withClients.rssBytes / 2 ** 20, unit: 'MiB', target: '' },
      { name: `api RSS after ${events} events`, value: after.rssBytes / 2 ** 20, unit: 'MiB', target: '' },
      { name: `api CPU while publishing ${rate}/s`, value: ((after.cpuSeconds - before.cpuSeconds) / publishWall) * 100, unit: '% of a core', target: '' },
      { name: 'api CPU per event (POST, commit, fan-out)', value: ((after.cpuSeconds - before.cpuSeconds) / events) * 1000, unit: 'ms', target: '' },
      { name: 'all streams ended after SIGTERM', value: streamsClosedMs, unit: 'ms', target: '<= 2000' },
      { name: 'api exit after SIGTERM with all streams open (stores closed)', value: exitMs, unit: 'ms', target: '' },
    ];
  } finally {
    for (const c of children) if (c.connected) c.send({ cmd: 'close' });
    if (api.exitCode === null && api.signalCode === null) {
      api.kill('SIGKILL');
      await apiExited;
    }
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchSse();
  for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.target ? ` (target ${r.target})` : ''}`);
}
