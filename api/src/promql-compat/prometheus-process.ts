import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real Prometheus (Debian's 2.42 at /usr/bin/prometheus) on 127.0.0.1, for side-by-side tests and the bench. */
export interface PrometheusProcess {
  readonly url: string;
  /** Its output so far (for error messages). */
  log(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes the temp dir it created. */
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  /** An existing TSDB directory (e.g. made by `promtool tsdb create-blocks-from`); a fresh temp dir by default. */
  readonly tsdbPath?: string;
  readonly remoteWriteReceiver?: boolean;
  readonly binary?: string;
  /** Extra flags, e.g. `--query.max-samples=...`. */
  readonly flags?: readonly string[];
  /** The prometheus.yml text (e.g. rule_files with absolute paths, evaluation_interval); `global: {}` by default. */
  readonly config?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(opts: StartPrometheusOptions = {}): Promise<PrometheusProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'prometheus-'));
  await writeFile(path.join(dir, 'prometheus.yml'), opts.config ?? 'global: {}\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${opts.tsdbPath ?? path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // blocks made by promtool may be far in the past: keep them
    '--storage.tsdb.retention.time=3650d',
    ...(opts.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ...(opts.flags ?? []),
  ];
  let output = '';
  const child: ChildProcess = spawn(opts.binary ?? '/usr/bin/prometheus', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${output}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready in 30 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => output, stop };
}
