import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess, type RunningServer } from './child-process-server.js';
import { unusedPort } from './http-test-server.js';

const API_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'api');

export interface ApiProcess {
  readonly base: string;
  /** `/api/v1/query` at `time` (Unix ms); the `data.result` array. */
  query(expr: string, time: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

/** The real api (api/src/server.ts under tsx) on 127.0.0.1, a free port and a temp DATA_DIR, no auth. */
export async function startApiProcess(): Promise<ApiProcess> {
  const port = await unusedPort();
  const dataDir = mkdtempSync(join(tmpdir(), 'collector-api-'));
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, API_TOKENS: '', CONFIG: '', LOG_LEVEL: 'warn' };
  let server: RunningServer;
  try {
    server = await startServerProcess(process.execPath, ['--import', 'tsx', join(API_DIR, 'src', 'server.ts')], async () => (await fetch(`${base}/readyz`)).status === 200, 30_000, { cwd: API_DIR, env });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    base,
    async query(expr, time) {
      const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}&time=${time / 1000}`);
      const json = (await res.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      if (json.status !== 'success') throw new Error(`query ${expr}: ${json.error ?? res.status}`);
      return json.data.result;
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
