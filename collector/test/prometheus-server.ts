import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, startServerProcess } from './child-process-server.js';
import { unusedPort } from './http-test-server.js';

const PROMETHEUS = '/usr/bin/prometheus';

export interface PrometheusSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  /** Instant query at the current time; `data.result`. */
  query(expr: string): Promise<PrometheusSample[]>;
  stop(): Promise<void>;
}

/** A real Prometheus (Debian's 2.42) on 127.0.0.1 and a free port with `config` as prometheus.yml, in a temp dir. */
export async function startPrometheusServer(config: string): Promise<PrometheusServer> {
  requireBinary(PROMETHEUS, 'prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'collector-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await unusedPort();
  const url = `http://127.0.0.1:${port}`;
  try {
    const server = await startServerProcess(
      PROMETHEUS,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      async () => (await fetch(`${url}/-/ready`)).status === 200,
      30_000,
    );
    return {
      url,
      async query(expr) {
        const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
        const json = (await res.json()) as { status: string; error?: string; data: { result: PrometheusSample[] } };
        if (json.status !== 'success') throw new Error(`prometheus query ${expr}: ${json.error ?? res.status}`);
        return json.data.result;
      },
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
