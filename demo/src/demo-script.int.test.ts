// End-to-end test of `npm run demo` (scripts/demo.mjs, what the npm script runs after its `predemo` build): the
// real api, collector, shop and traffic generator on free ports with a temporary DATA_DIR. It waits until the
// api answers PromQL for the shop's orders_total (scraped), the shop's OTLP metrics and its tailed log lines,
// then sends SIGINT and checks that every process stopped cleanly and nothing listens any more.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRIES: Record<string, string> = {
  api: 'api/dist/server.js',
  collector: 'collector/dist/main.js',
  demo: 'demo/dist/shop/main.js',
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Vector {
  status: string;
  data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run demo (scripts/demo.mjs)', () => {
  it('brings the shop\'s orders into the api via the collector, then stops everything cleanly on SIGINT', async () => {
    // The processes run from dist, as after `npm run build` (the predemo step); build a workspace that was not built.
    for (const [workspace, entry] of Object.entries(ENTRIES)) {
      if (!existsSync(path.join(root, entry))) execFileSync('npm', ['run', 'build', '-w', workspace], { cwd: root, stdio: 'ignore' });
    }
    const [port, shopPort, otlpPort] = [await freePort(), await freePort(), await freePort()];
    dataDir = mkdtempSync(path.join(tmpdir(), 'demo-e2e-'));
    child = spawn(process.execPath, [path.join(root, 'scripts', 'demo.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        SHOP_PORT: String(shopPort),
        OTLP_PORT: String(otlpPort),
        DATA_DIR: dataDir,
        LOG_FORMAT: 'json',
        TRAFFIC_RATE: '6',
        TRAFFIC_THINK_TIME_MS: '50',
        OTEL_METRIC_EXPORT_INTERVAL: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    const api = `http://127.0.0.1:${port}`;
    const query = async (promql: string): Promise<Vector['data']['result']> => {
      try {
        const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
        if (res.status !== 200) return [];
        return ((await res.json()) as Vector).data.result;
      } catch {
        return [];
      }
    };
    const deadline = Date.now() + 90_000;
    let orders: Vector['data']['result'] = [];
    let otlp: Vector['data']['result'] = [];
    let down: Vector['data']['result'] = [];
    let logs = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      orders = await query('orders_total{job="shop",status="completed"}');
      otlp = await query('shop_orders_total{job="shop"}');
      down = await query('pg_up or redis_up');
      try {
        const res = await fetch(`${api}/api/v1/logs?query=${encodeURIComponent('service:shop "order placed"')}&limit=5`);
        if (res.status === 200) logs = ((await res.json()) as { data: { records: unknown[] } }).data.records.length;
      } catch {
        logs = 0;
      }
      if (orders.some((s) => Number(s.value[1]) > 0) && otlp.length > 0 && down.length === 2 && logs > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(child.exitCode, out).toBeNull();
    // Scraped from the shop's /metrics (job shop, instance = the shop's address).
    expect(orders.map((s) => s.metric), out).toEqual([
      { __name__: 'orders_total', instance: `127.0.0.1:${shopPort}`, job: 'shop', status: 'completed' },
    ]);
    expect(Number(orders[0].value[1])).toBeGreaterThan(0);
    // Through the OTLP receiver (the SDK's counter shop.orders), and the shop's log lines through the log tailer.
    expect(otlp.length, out).toBeGreaterThan(0);
    expect(logs, out).toBeGreaterThan(0);
    // PostgreSQL and Redis sources are on for their default ports: up or down, each reports its up series.
    expect(down.map((s) => s.metric.__name__).sort()).toEqual(['pg_up', 'redis_up']);

    child.kill('SIGINT');
    expect(await exited, out).toBe(0);
    expect(out).toContain('[demo] SIGINT: stopping the traffic, the shop, the collector, then the api');
    expect(out).toContain('[demo] stopped cleanly');
    expect(out).not.toMatch(/exited unexpectedly|killing it|while stopping/);
    // Stopped in order: traffic before shop before collector's flush.
    const at = (s: string): number => out.indexOf(s);
    expect(at('traffic stopped')).toBeGreaterThan(-1);
    expect(at('traffic stopped')).toBeLessThan(at('SIGTERM: stopping the shop'));
    expect(at('SIGTERM: stopping the shop')).toBeLessThan(at('collector stopped; sink flushed'));
    for (const p of [port, shopPort, otlpPort]) expect(await listening(p), `port ${p}`).toBe(false);
  });
});
