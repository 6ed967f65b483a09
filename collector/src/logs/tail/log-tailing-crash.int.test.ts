// The collector process for real (main.ts): tailing a file into a stand-in of POST /api/v1/logs that enforces
// the contract, killed with SIGKILL mid-stream and restarted: every line arrives at least once and, counted
// by id, exactly once. Then a clean stop (SIGTERM) and restart repeats nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startLogApiTestServer, type LogApiTestServer } from '../../../test/log-api-test-server.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'main.ts');

let server: LogApiTestServer | undefined;
let dir: string | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function startCollector(config: string, port: number): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--config', config], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), COLLECTOR_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-50_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-50_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function waitFor(cond: () => boolean, what: string, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const line = (i: number): string => `${JSON.stringify({ level: 30, time: 1_732_449_600_000 + i, pid: 7, hostname: 'h', seq: i, msg: `line ${i}` })}\n`;

describe('collector log tailing across crashes', () => {
  it('SIGKILL mid-stream twice, then restart: every line at least once, exactly once by id; a clean restart repeats nothing', async () => {
    server = await startLogApiTestServer();
    dir = mkdtempSync(join(tmpdir(), 'log-crash-'));
    const logFile = join(dir, 'app.log');
    writeFileSync(logFile, '');
    const config = join(dir, 'collector.yaml');
    writeFileSync(
      config,
      [
        'interval: 1h',
        'host: { enabled: false }',
        'scrape: { selfScrape: false }',
        'logs:',
        `  files: [{ paths: ['${join(dir, '*.log')}'] }]`,
        `  checkpointDir: ${join(dir, 'state')}`,
        '  pollInterval: 20ms',
        '  batchSize: 40',
        '  flushInterval: 20ms',
        'sink: { retry: { initialDelay: 20ms, maxDelay: 200ms } }',
        '',
      ].join('\n'),
    );
    const TOTAL = 3000;
    let written = 0;
    const writer = setInterval(() => {
      let chunk = '';
      for (let i = 0; i < 25 && written < TOTAL; i++) chunk += line(written++);
      if (chunk !== '') appendFileSync(logFile, chunk);
      if (written >= TOTAL) clearInterval(writer);
    }, 10);
    try {
      for (const killAt of [400, 1500]) {
        const c = startCollector(config, server.port);
        await waitFor(() => server!.stored.size >= killAt, `${killAt} records before the kill`, c.output);
        c.child.kill('SIGKILL');
        expect(await c.exited).toBe(null);
      }
      const last = startCollector(config, server.port);
      await waitFor(() => written >= TOTAL && server!.stored.size >= TOTAL, `all ${TOTAL} lines`, last.output);
      await new Promise((r) => setTimeout(r, 200));

      // Exactly once by id: one stored record per line, and every line there.
      const seqs = [...server.stored.values()].map((r) => Number(r.attributes?.seq));
      expect(seqs.length).toBe(TOTAL);
      expect(new Set(seqs).size).toBe(TOTAL);
      expect(Math.min(...seqs)).toBe(0);
      expect(Math.max(...seqs)).toBe(TOTAL - 1);
      // At least once on the wire: re-sent records (after a kill) came with the same ids.
      const deliveries = [...server.received.values()].reduce((a, b) => a + b, 0);
      expect(deliveries).toBeGreaterThanOrEqual(TOTAL);

      // A clean stop saves the offsets: the restart sends only the new lines.
      last.child.kill('SIGTERM');
      expect(await last.exited).toBe(0);
      expect(last.output()).toContain('log tailing stopped; offsets saved');
      for (let i = TOTAL; i < TOTAL + 100; i++) appendFileSync(logFile, line(i));
      const again = startCollector(config, server.port);
      await waitFor(() => server!.stored.size === TOTAL + 100, 'the 100 new lines', again.output);
      await new Promise((r) => setTimeout(r, 200));
      expect([...server.received.values()].reduce((a, b) => a + b, 0)).toBe(deliveries + 100);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      clearInterval(writer);
    }
  }, 90_000);
});
