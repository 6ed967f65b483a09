import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import snappy from 'snappyjs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/http-test-server.js';
import { decodeWriteRequest } from './sinks/remote-write/prompb.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');

let server: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('collector process (main.ts)', () => {
  it('scrapes the api and the host into the api remote_write endpoint, then stops cleanly on SIGTERM', async () => {
    const lines: string[] = [];
    const auth: Array<string | undefined> = [];
    const paths: string[] = [];
    server = await startTestServer((req, body, res) => {
      if (req.url === '/metrics') {
        auth.push(req.headers.authorization);
        res.end('# TYPE http_requests_total counter\nhttp_requests_total{route="/healthz"} 3\n');
        return;
      }
      auth.push(req.headers.authorization);
      paths.push(req.url ?? '');
      // Each series as `name{label="value",...} value timestamp`, labels sorted as remote_write sends them.
      for (const ts of decodeWriteRequest(snappy.uncompress(body)).timeseries) {
        const name = ts.labels.find((l) => l.name === '__name__')?.value ?? '';
        const labels = ts.labels.filter((l) => l.name !== '__name__').map((l) => `${l.name}="${l.value}"`);
        for (const smp of ts.samples) lines.push(`${name}{${labels.join(',')}} ${smp.value} ${Number(smp.timestamp)}`);
      }
      res.statusCode = 204;
      res.end();
    });
    dir = mkdtempSync(join(tmpdir(), 'collector-main-'));
    writeFileSync(join(dir, 'collector.yaml'), 'interval: 1s\nsink:\n  flushInterval: 100ms\n');
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--config', join(dir, 'collector.yaml')], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(server.port), COLLECTOR_TOKEN: 'tkn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 20_000;
    const has = (re: RegExp): boolean => lines.some((l) => re.test(l));
    while (Date.now() < deadline && !(has(/^up\{instance="127\.0\.0\.1:\d+",job="api"\} 1 /) && has(/^node_cpu_seconds_total\{cpu="0",instance="[^"]+",job="node",mode="idle"\} /))) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(has(/^http_requests_total\{instance="127\.0\.0\.1:\d+",job="api",route="\/healthz"\} 3 \d+$/), out).toBe(true);
    expect(has(/^node_cpu_seconds_total\{cpu="0",instance="[^"]+",job="node",mode="idle"\} [\d.]+ \d+000$/), out).toBe(true); // aligned to whole seconds
    expect(paths.filter((p) => p !== '/metrics').every((p) => p === '/api/v1/write')).toBe(true);
    expect(auth.every((a) => a === 'Bearer tkn')).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logs = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; component?: string });
    expect(logs.map((l) => l.msg)).toContain('collector stopped; sink flushed');
    expect(logs.some((l) => l.component === 'scrape' && l.msg === 'scrape target is up')).toBe(true);
    expect(out).not.toContain('tkn');
  });
});
