import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './child-process-server.js';
import { unusedPort } from './http-test-server.js';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries (package postgresql-15). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
/** The OS user that owns the cluster when the tests run as root (PostgreSQL refuses to run as root). */
const OS_USER = 'postgres';

export interface TempPostgresOptions {
  /** Extra postgresql.conf settings, e.g. `{ shared_preload_libraries: "'pg_stat_statements'" }` (values as written in the file). */
  readonly settings?: Readonly<Record<string, string>>;
  /** pg_hba.conf lines put before initdb's `trust` lines, e.g. `host all alice 127.0.0.1/32 scram-sha-256`. */
  readonly hba?: readonly string[];
  /** Start as a streaming standby of this server (pg_basebackup -R), with a physical replication slot of this name if given. */
  readonly replicaOf?: TempPostgres;
  readonly replicationSlot?: string;
}

export interface TempPostgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `127.0.0.1:<port>`, postgres_exporter's `server` label for a DSN on this server. */
  readonly address: string;
  /** Temp dir: data/ (PGDATA), the unix socket, server.log. Removed by stop(). */
  readonly dir: string;
  /** The superuser `postgres` (no password: trust on 127.0.0.1) on database `postgres` (or `database`). */
  dsn(database?: string): string;
  /** The server log so far, for failure messages. */
  log(): string;
  /** pg_ctl stop (fast) and remove the temp dir; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL 15 on 127.0.0.1 and a free port: initdb (or pg_basebackup from `replicaOf`) into
 * a temp dir owned by the `postgres` OS user when running as root, unix socket in that dir, fsync off, then
 * `pg_ctl start -w`. Runs the binaries through `runuser -u postgres --` when the process is root.
 */
export async function startTempPostgres(options: TempPostgresOptions = {}): Promise<TempPostgres> {
  requireBinary(join(POSTGRES_BIN, 'pg_ctl'), 'postgresql-15');
  const port = await unusedPort();
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', OS_USER]);
    const { stdout: gid } = await run('id', ['-g', OS_USER]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  const pgRun = async (bin: string, args: readonly string[]): Promise<string> => {
    const file = join(POSTGRES_BIN, bin);
    const { stdout } = asRoot ? await run('runuser', ['-u', OS_USER, '--', file, ...args]) : await run(file, [...args]);
    return stdout;
  };
  let started = false;
  const stop = async (): Promise<void> => {
    if (started) {
      started = false;
      await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primary = options.replicaOf;
    if (primary === undefined) {
      await pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
      if (options.hba !== undefined && options.hba.length > 0) {
        const hbaFile = join(data, 'pg_hba.conf');
        writeFileSync(hbaFile, `${options.hba.join('\n')}\n${readFileSync(hbaFile, 'utf8')}`);
      }
    } else {
      const slot = options.replicationSlot !== undefined ? ['-C', '-S', options.replicationSlot] : [];
      await pgRun('pg_basebackup', ['-h', primary.host, '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync', ...slot]);
    }
    const settings: Record<string, string> = {
      listen_addresses: "'127.0.0.1'",
      port: String(port),
      unix_socket_directories: `'${dir}'`,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '30',
      shared_buffers: "'16MB'",
      logging_collector: 'off',
      ...options.settings,
    };
    // Later lines win, also over what pg_basebackup copied from the primary.
    appendFileSync(join(data, 'postgresql.conf'), `\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
    await pgRun('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', 'start']);
    started = true;
  } catch (err) {
    const log = readLog(logFile);
    await stop();
    throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    dir,
    dsn: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}?sslmode=disable`,
    log: () => readLog(logFile),
    stop,
  };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-20_000);
  } catch {
    return '';
  }
}
