import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface RunningServer {
  readonly process: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Fails with the provisioning hint when a Debian package binary the integration tests need is missing. */
export function requireBinary(path: string, debianPackage: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: install Debian's ${debianPackage} by running the test provisioning (bash scripts/provision-test-deps.sh, or npm run test:all)`,
    );
  }
}

/** Starts a server process and waits until `ready()` resolves true (polled), or fails with its output. */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  ready: () => Promise<boolean>,
  timeoutMs = 20_000,
  spawnOptions: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (exited) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${command} exited before it was ready:\n${out}`);
    if (await ready().catch(() => false)) return { process: child, output: () => out, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${command} not ready after ${timeoutMs}ms:\n${out}`);
}
