// GET /api/v1/events through the real api process (server.ts wiring): a POSTed log line arrives on the stream, and
// Ctrl-C (SIGINT) ends open streams, including one whose client does not read, so the process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../logs/log-record.js';
import { SseTestClient } from './sse-test-client.js';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverTs = path.join(apiDir, 'src', 'server.ts');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('api process live events', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'api-events-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams a POSTed log line and exits on SIGINT with streams open', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, ['--import', 'tsx', serverTs], {
      cwd: apiDir,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', API_TOKENS: '', CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let log = '';
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`api did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const stream = await SseTestClient.connect(`${base}/api/v1/events?topics=logs`);
    const stuck = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => stuck.once('connect', resolve));
    stuck.write(`GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    stuck.pause();

    const record: LogRecord = { id: 'live-1', timestamp: Date.now(), level: 'warn', message: 'disk almost full', service: 'db' };
    const res = await fetch(`${base}/api/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [record] }) });
    expect(res.status).toBe(200);
    await stream.waitFor(() => stream.named('log').length === 1, 5000, 'the log line');
    expect(JSON.parse(stream.named('log')[0].data)).toEqual(record);

    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    await stream.closed;
    expect(stream.ended).toBe(true);
    stuck.destroy();
  }, 60_000);
});
