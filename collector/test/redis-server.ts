import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, startServerProcess, type RunningServer } from './child-process-server.js';
import { unusedPort } from './http-test-server.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface TempRedisServerOptions {
  /** `--maxmemory`, e.g. '8mb' (default: none). */
  readonly maxmemory?: string;
  /** `--maxmemory-policy`, e.g. 'volatile-lru' (default: Redis's noeviction). */
  readonly maxmemoryPolicy?: string;
  /** `--requirepass`: clients must AUTH with it. */
  readonly password?: string;
  /** Start as a replica of this server (`--replicaof`, with `--masterauth` when it has a password). */
  readonly replicaOf?: TempRedisServer;
  /** Listen on this port (default: a free one). */
  readonly port?: number;
  /** Any further `--name value` arguments. */
  readonly args?: readonly string[];
}

export interface TempRedisServer extends RunningServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `127.0.0.1:<port>` */
  readonly address: string;
  readonly password: string | undefined;
  /** Its working directory (removed by stop()). */
  readonly dir: string;
}

/**
 * Starts Debian's redis-server on 127.0.0.1 and a free port, in a temp dir, with no persistence (`--save ''`,
 * no AOF), and resolves once it answers PING (an answer of NOAUTH counts). stop() ends it and removes the dir.
 */
export async function startRedisServer(options: TempRedisServerOptions = {}): Promise<TempRedisServer> {
  requireBinary(REDIS_SERVER, 'redis-server');
  const port = options.port ?? (await unusedPort());
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''];
  if (options.maxmemory !== undefined) args.push('--maxmemory', options.maxmemory);
  if (options.maxmemoryPolicy !== undefined) args.push('--maxmemory-policy', options.maxmemoryPolicy);
  if (options.password !== undefined) args.push('--requirepass', options.password);
  const primary = options.replicaOf;
  if (primary !== undefined) {
    args.push('--replicaof', primary.host, String(primary.port));
    if (primary.password !== undefined) args.push('--masterauth', primary.password);
  }
  args.push(...(options.args ?? []));
  let server: RunningServer;
  try {
    server = await startServerProcess(REDIS_SERVER, args, () => answersPing(port));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...server,
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    password: options.password,
    dir,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when something on the port answers a RESP PING (+PONG, or an error such as -NOAUTH / -LOADING). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => done(d[0] === 0x2b /* + */ || d[0] === 0x2d /* - */));
  });
}
