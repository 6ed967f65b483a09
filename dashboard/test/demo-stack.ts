// The real stack for the demo-stack browser test, started as users start it: `node scripts/demo.mjs` (the api, the
// collector with demo/collector.yaml, the demo shop and its traffic) on free ports in a temp DATA_DIR, pointed at a
// throwaway PostgreSQL 15 and redis-server (the collector's own test helpers start those), plus a little cache
// traffic on that Redis so its hit ratio has something to show. Built dist files are used (each workspace is built
// first when its entry is missing or older than its sources, as `npm run demo`'s predemo step would).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTempPostgres, type TempPostgres } from '../../collector/test/postgres-server.js';
import { startRedisServer, type TempRedisServer } from '../../collector/test/redis-server.js';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Workspaces the demo runs from dist: the entry each needs, and the sources it is built from. */
const BUILDS: ReadonlyArray<{ readonly workspace: string; readonly entry: string; readonly src: string }> = [
  { workspace: 'api', entry: 'api/dist/server.js', src: 'api/src' },
  { workspace: 'collector', entry: 'collector/dist/main.js', src: 'collector/src' },
  { workspace: 'demo', entry: 'demo/dist/shop/main.js', src: 'demo/src' },
  // The api serves dashboard/dist at /.
  { workspace: 'dashboard', entry: 'dashboard/dist/index.html', src: 'dashboard/src' },
];

/** The demo's settings for a test: a faster traffic and OTLP export, carts abandoned after 5 s. */
const DEMO_ENV: Readonly<Record<string, string>> = {
  LOG_FORMAT: 'json',
  TRAFFIC_RATE: '6',
  TRAFFIC_THINK_TIME_MS: '100',
  TRAFFIC_DAY_PERIOD_MS: '0',
  TRAFFIC_BURSTS: 'false',
  SHOP_CART_TTL_MS: '5000',
  OTEL_METRIC_EXPORT_INTERVAL: '2000',
};

export interface DemoStack {
  /** The api (and dashboard) base URL, `http://127.0.0.1:<port>`. */
  readonly base: string;
  readonly shopPort: number;
  readonly postgres: TempPostgres;
  readonly redis: TempRedisServer;
  /** What scripts/demo.mjs printed so far (its own lines and its children's), for failure messages. */
  output(): string;
  /** True while scripts/demo.mjs runs. */
  running(): boolean;
  /** SIGINT to the demo (it stops traffic, shop, collector, api in order), SIGKILL after 40 s; then PostgreSQL and Redis. Resolves the demo's exit code. */
  stop(): Promise<number | null>;
}

function newerThan(dir: string, ms: number): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => statSync(path.join(dir, f)).mtimeMs > ms);
}

/** Builds every workspace whose dist entry is missing or older than a file of its sources (asynchronously: a synchronous build would block the worker's messages to vitest). */
export async function buildStale(): Promise<string[]> {
  const built: string[] = [];
  for (const b of BUILDS) {
    const entry = path.join(REPO_DIR, b.entry);
    if (existsSync(entry) && !newerThan(path.join(REPO_DIR, b.src), statSync(entry).mtimeMs)) continue;
    await promisify(execFile)('npm', ['run', 'build', '-w', b.workspace], { cwd: REPO_DIR, maxBuffer: 16 * 1024 * 1024 });
    built.push(b.workspace);
  }
  return built;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Every 250 ms: a SET, a GET that hits and a GET that misses, on one connection (replies read and dropped). */
function cacheTraffic(port: number): { stop(): void } {
  let socket: Socket | undefined;
  let n = 0;
  const open = (): void => {
    socket = connect({ host: '127.0.0.1', port });
    socket.on('data', () => undefined);
    socket.on('error', () => (socket = undefined));
  };
  open();
  const timer = setInterval(() => {
    if (socket === undefined || socket.destroyed) open();
    n++;
    socket?.write(`SET demo:key:${n % 20} v${n}\r\nGET demo:key:${n % 20}\r\nGET demo:missing:${n}\r\n`);
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      socket?.destroy();
    },
  };
}

/** Starts PostgreSQL, Redis and `node scripts/demo.mjs`; resolves once the api answers /readyz. */
export async function startDemoStack(): Promise<DemoStack> {
  const [postgres, redis] = await Promise.all([startTempPostgres(), startRedisServer()]);
  const traffic = cacheTraffic(redis.port);
  const [port, shopPort, otlpPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'demo-stack-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_DIR, 'scripts', 'demo.mjs')], {
    cwd: REPO_DIR,
    env: {
      ...process.env,
      ...DEMO_ENV,
      HOST: '127.0.0.1',
      PORT: String(port),
      SHOP_PORT: String(shopPort),
      OTLP_PORT: String(otlpPort),
      DATA_DIR: dataDir,
      DEMO_POSTGRES_DSN: postgres.dsn(),
      DEMO_REDIS_ADDRESS: redis.address,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  let stopped: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> => {
    stopped ??= (async () => {
      traffic.stop();
      let code: number | null = child.exitCode;
      if (running()) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
        code = await exited;
        clearTimeout(timer);
      }
      await Promise.all([postgres.stop(), redis.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    })();
    return stopped;
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running()) {
      await stop();
      throw new Error(`scripts/demo.mjs exited (${child.exitCode ?? child.signalCode}) before the api was ready:\n${out}`);
    }
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && out.includes('demo running')) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the demo did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, shopPort, postgres, redis, output: () => out, running, stop };
}
