// Tests scripts/start.mjs (the `npm start` launcher) with two small stand-in processes, so the ordering of the
// shutdown, the log prefixes and the exit codes are checked without building the real api and collector.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const startScript = path.join(root, 'scripts', 'start.mjs');

const FAKE_API = `
import http from 'node:http';
import { appendFileSync } from 'node:fs';
const order = process.env.ORDER_FILE;
if (process.env.FAKE_API_FAIL) { console.error('cannot open store'); process.exit(2); }
const server = http.createServer((req, res) => { res.statusCode = req.url === '/readyz' ? 200 : 404; res.end('{}'); });
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('api listening\\nsecond line'));
process.on('SIGTERM', () => { appendFileSync(order, 'api\\n'); console.log('api stopping'); server.close(() => process.exit(0)); });
process.on('SIGINT', () => appendFileSync(order, 'api-got-SIGINT\\n'));
`;

const FAKE_COLLECTOR = `
import { appendFileSync } from 'node:fs';
const order = process.env.ORDER_FILE;
console.log('collector running ' + process.env.PORT);
console.log(JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 1, 12, 0, 1, 123), pid: 1, component: 'sink', samples: 5, msg: 'sink slow' }));
console.error('collector warning');
const keep = setInterval(() => {}, 1000);
if (process.env.FAKE_COLLECTOR_CRASH) setTimeout(() => process.exit(3), 300);
process.on('SIGTERM', () => { appendFileSync(order, 'collector\\n'); setTimeout(() => { console.log('collector flushed'); clearInterval(keep); process.exit(0); }, 200); });
process.on('SIGINT', () => appendFileSync(order, 'collector-got-SIGINT\\n'));
`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  orderFile: string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function start(extraEnv: Record<string, string> = {}): Promise<Started> {
  const dir = mkdtempSync(path.join(tmpdir(), 'start-mjs-'));
  writeFileSync(path.join(dir, 'api.mjs'), FAKE_API);
  writeFileSync(path.join(dir, 'collector.mjs'), FAKE_COLLECTOR);
  const orderFile = path.join(dir, 'order.txt');
  writeFileSync(orderFile, '');
  const child = spawn(process.execPath, [startScript], {
    env: {
      ...process.env,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      ORDER_FILE: orderFile,
      START_API_ENTRY: path.join(dir, 'api.mjs'),
      START_COLLECTOR_ENTRY: path.join(dir, 'collector.mjs'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited, orderFile };
}

async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('scripts/start.mjs', () => {
  it('starts the collector once the api is ready, prefixes every line, and on SIGINT stops collector then api, exit 0', async () => {
    const s = await start();
    await waitFor(() => s.out().includes('[collector] collector running'));
    expect(s.out()).toContain('[api] api listening\n[api] second line\n');
    expect(s.err()).toContain('[collector] collector warning\n');
    expect(s.out().indexOf('[api] api listening')).toBeLessThan(s.out().indexOf('[collector] collector running'));
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(readFileSync(s.orderFile, 'utf8')).toBe('collector\napi\n');
    expect(s.out()).toContain('[collector] collector flushed');
    expect(s.out()).toContain('[api] api stopping');
  });

  it('with LOG_FORMAT=pretty turns pino JSON lines into time, level, prefix, message and fields', async () => {
    const s = await start({ LOG_FORMAT: 'pretty' });
    await waitFor(() => s.out().includes('sink slow'));
    expect(s.out()).toContain('12:00:01.123 WARN  [collector] sink slow  component=sink samples=5\n');
    expect(s.out()).toContain('[api] api listening\n'); // plain lines pass through
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('on SIGTERM does the same', async () => {
    const s = await start();
    await waitFor(() => s.out().includes('[collector] collector running'));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(readFileSync(s.orderFile, 'utf8')).toBe('collector\napi\n');
  });

  it('when the collector dies, stops the api and exits non-zero with a message', async () => {
    const s = await start({ FAKE_COLLECTOR_CRASH: '1' });
    const code = await s.exited;
    expect(code).not.toBe(0);
    expect(s.out()).toMatch(/\[start\] collector exited unexpectedly \(code 3\)/);
    expect(readFileSync(s.orderFile, 'utf8')).toBe('api\n');
  });

  it('when the api cannot start, exits non-zero without starting the collector', async () => {
    const s = await start({ FAKE_API_FAIL: '1' });
    const code = await s.exited;
    expect(code).not.toBe(0);
    expect(s.err()).toContain('[api] cannot open store');
    expect(s.out()).toMatch(/api exited unexpectedly \(code 2\)/);
    expect(s.out()).not.toContain('[collector]');
    expect(existsSync(s.orderFile) && readFileSync(s.orderFile, 'utf8')).toBe('');
  });
});
