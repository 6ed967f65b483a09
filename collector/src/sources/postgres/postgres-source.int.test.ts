import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { requireBinary, startServerProcess, type RunningServer } from '../../../test/child-process-server.js';
import { unusedPort } from '../../../test/http-test-server.js';
import { startTempPostgres, type TempPostgres } from '../../../test/postgres-server.js';
import { parsePrometheusText } from '../scrape/text-format-parser.js';
import type { CollectedSample } from '../source.js';
import type { MetricNamespace } from './namespace-mapping.js';
import { REPLICATION, statStatementsNamespace } from './postgres-namespaces.js';
import { APPLICATION_NAME, PostgresSource } from './postgres-source.js';

/**
 * The postgres source against Debian's real postgres_exporter 0.11 on the same PostgreSQL 15 primary and its
 * streaming standby, read one after the other: exporter, ours, exporter again.
 *
 * The exporter runs with a queries.yaml holding our two extra queries (pg_replication and the pg_stat_statements
 * totals: the queries.yaml CONFIG.md gives), so those families are compared too.
 *
 * Exporter series deliberately left out (LEFT_OUT): go_*, process_*, promhttp_*, postgres_exporter_build_info
 * (the exporter process itself), pg_exporter_* and pg_scrape_collector_* (the exporter's own scrape bookkeeping;
 * the collector reports its own health). pg_stat_replication's `slot_name` label: the exporter fills it with
 * the row's first column (the walsender's pid, as pg_stat_replication has no slot_name column); we leave it
 * out, so it is removed from the exporter's series before comparing.
 *
 * Values: every series read by us must lie between the exporter's read before and after ("between"): exact for
 * what does not move (settings, sizes, lock and connection counts, pg_static), and the only correct answer for
 * counters, which only grow while the three reads happen one after the other. Wider only where noted in SLACK.
 */
const EXPORTER = '/usr/bin/prometheus-postgres-exporter';
const PASSWORD = 'S3cret-Pa55word';

const LEFT_OUT = /^(go_|process_|promhttp_|postgres_exporter_build_info$|pg_exporter_|pg_scrape_collector_)/;

/** Allowed distance outside [min(before, after), max(before, after)], and why. */
const SLACK: Readonly<Record<string, number>> = {
  // Each reader's own query is an 'active' transaction a few milliseconds old when it reads pg_stat_activity.
  pg_stat_activity_max_tx_duration: 0.5,
  // The exporter runs its two collectors at once on two connections: when it reads pg_stat_activity its second
  // connection is sometimes 'active' rather than 'idle'. One connection moves between the two states; the
  // number of connections per database is compared exactly (activityTotals).
  pg_stat_activity_count: 1,
  // The standby may be a WAL record behind at the instant of a read (the bgwriter logs a running-xacts record
  // every 15 s): bytes of WAL not yet replayed.
  pg_stat_replication_pg_wal_lsn_diff: 65536,
  pg_replication_slots_pg_wal_lsn_diff: 65536,
};

/**
 * Series whose value is the reading session's own, not the server's: lib/pq (the exporter's driver) sets
 * extra_float_digits=2 when it connects, node-postgres leaves the server's default (1). Compared with what a
 * fresh session shows instead.
 */
const SESSION_VALUES = new Set(['pg_settings_extra_float_digits']);

/** Names the issue asks for: they must be on both sides. */
const REQUIRED_PRIMARY = [
  'pg_up',
  'pg_static',
  'pg_stat_database_numbackends',
  'pg_stat_database_xact_commit',
  'pg_stat_database_xact_rollback',
  'pg_stat_database_blks_read',
  'pg_stat_database_blks_hit',
  'pg_stat_database_tup_returned',
  'pg_stat_database_tup_fetched',
  'pg_stat_database_tup_inserted',
  'pg_stat_database_tup_updated',
  'pg_stat_database_tup_deleted',
  'pg_stat_database_conflicts',
  'pg_stat_database_deadlocks',
  'pg_stat_database_temp_bytes',
  'pg_stat_activity_count',
  'pg_stat_activity_max_tx_duration',
  'pg_settings_max_connections',
  'pg_database_size_bytes',
  'pg_locks_count',
  'pg_stat_bgwriter_buffers_alloc_total',
  'pg_stat_bgwriter_checkpoints_timed_total',
  'pg_stat_replication_pg_wal_lsn_diff',
  'pg_replication_slots_pg_wal_lsn_diff',
  'pg_replication_lag',
  'pg_replication_is_replica',
  'pg_stat_statements_calls_total',
  'pg_stat_statements_seconds_total',
  'pg_stat_statements_rows_total',
];

type SeriesMap = Map<string, { name: string; labels: Record<string, string>; value: number }>;

function key(name: string, labels: Record<string, string>): string {
  const rest = Object.entries(labels)
    .filter(([k]) => k !== 'job' && k !== 'instance')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${rest.join(',')}}`;
}

function fromOurs(samples: readonly CollectedSample[]): SeriesMap {
  const out: SeriesMap = new Map();
  for (const s of samples) out.set(key(s.name, s.labels), { name: s.name, labels: s.labels, value: s.value });
  return out;
}

async function scrapeExporter(url: string): Promise<SeriesMap> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const out: SeriesMap = new Map();
  for (const s of parsePrometheusText(await res.text()).samples) {
    if (LEFT_OUT.test(s.name)) continue;
    // Prometheus drops empty labels at scrape time (a NULL datname is "" in the exposition).
    const labels = Object.fromEntries(
      Object.entries(s.labels).filter(([k, v]) => v !== '' && !(k === 'slot_name' && s.name.startsWith('pg_stat_replication_'))),
    );
    out.set(key(s.name, labels), { name: s.name, labels, value: s.value });
  }
  return out;
}

/** Connections per database, all states together. */
function activityTotals(series: SeriesMap): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of series.values()) {
    if (s.name === 'pg_stat_activity_count') out[s.labels.datname] = (out[s.labels.datname] ?? 0) + s.value;
  }
  return out;
}

function names(series: SeriesMap): string[] {
  return [...new Set([...series.values()].map((s) => s.name))].sort();
}

/** Every difference between our read and the exporter's reads before and after it, as readable lines. */
function differences(before: SeriesMap, ours: SeriesMap, after: SeriesMap): string[] {
  const problems: string[] = [];
  const oursNames = names(ours);
  const theirNames = names(before);
  for (const n of theirNames) if (!oursNames.includes(n)) problems.push(`missing metric ${n}`);
  for (const n of oursNames) if (!theirNames.includes(n)) problems.push(`extra metric ${n}`);
  for (const k of before.keys()) if (!ours.has(k) && after.has(k)) problems.push(`missing series ${k}`);
  for (const k of ours.keys()) if (!before.has(k) && !after.has(k)) problems.push(`extra series ${k}`);
  for (const [k, o] of ours) {
    const b = before.get(k);
    const a = after.get(k);
    if (b === undefined || a === undefined) continue;
    if (Number.isNaN(b.value) || Number.isNaN(a.value) || Number.isNaN(o.value)) {
      if (!(Number.isNaN(b.value) && Number.isNaN(a.value) && Number.isNaN(o.value))) problems.push(`${k}: ours ${o.value}, exporter ${b.value} then ${a.value}`);
      continue;
    }
    if (SESSION_VALUES.has(o.name)) continue;
    const slack = SLACK[o.name] ?? 0;
    const lo = Math.min(a.value, b.value);
    const hi = Math.max(a.value, b.value);
    // Sums of floats (pg_stat_statements seconds) may be added in another order by each query.
    const eps = 1e-9 * Math.max(1, Math.abs(hi));
    if (o.value < lo - slack - eps || o.value > hi + slack + eps) problems.push(`${k}: ours ${o.value}, exporter ${b.value} then ${a.value} (slack ${slack})`);
  }
  return problems;
}

async function startExporter(dsn: string, queriesFile: string): Promise<{ server: RunningServer; url: string }> {
  const port = await unusedPort();
  const server = await startServerProcess(
    '/usr/bin/env',
    [`DATA_SOURCE_NAME=${dsn}`, EXPORTER, `--web.listen-address=127.0.0.1:${port}`, `--extend.query-path=${queriesFile}`, '--log.level=warn'],
    async () => (await fetch(`http://127.0.0.1:${port}/`)).ok,
  );
  return { server, url: `http://127.0.0.1:${port}/metrics` };
}

/** A postgres_exporter queries.yaml entry for one of our namespaces (JSON is YAML). */
function exporterQuery(ns: MetricNamespace): Record<string, unknown> {
  return {
    [ns.namespace]: {
      query: ns.query,
      master: true,
      metrics: Object.entries(ns.columns).map(([column, usage]) => ({ [column]: { usage: usage.toUpperCase(), description: column } })),
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('postgres source against postgres_exporter 0.11 on PostgreSQL 15', () => {
  let primary: TempPostgres;
  let replica: TempPostgres;
  let exporterPrimary: { server: RunningServer; url: string };
  let exporterReplica: { server: RunningServer; url: string };
  const clients: pg.Client[] = [];
  const sources: PostgresSource[] = [];

  const connect = async (dsn: string): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: dsn });
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };
  const source = (dsn: string, instance: string, log = captureLogger().logger): PostgresSource => {
    const s = new PostgresSource({ dsn, labels: { job: 'postgres', instance }, timeoutMs: 5000 }, log);
    sources.push(s);
    return s;
  };

  beforeAll(async () => {
    requireBinary(EXPORTER, 'prometheus-postgres-exporter');
    primary = await startTempPostgres({
      settings: { shared_preload_libraries: "'pg_stat_statements'", autovacuum: 'off', deadlock_timeout: "'50ms'" },
      hba: ['host all pw_user 127.0.0.1/32 scram-sha-256'],
    });
    const admin = await connect(primary.dsn());
    await admin.query('CREATE EXTENSION pg_stat_statements');
    await admin.query(`CREATE ROLE pw_user NOLOGIN PASSWORD '${PASSWORD}'`);
    await admin.query('CREATE DATABASE shop');
    replica = await startTempPostgres({ replicaOf: primary, replicationSlot: 'standby1' });

    // Activity: inserts, updates, deletes, a rollback, a sort spilling to a temp file, a deadlock.
    const shop = await connect(primary.dsn('shop'));
    await shop.query('CREATE TABLE orders (id int PRIMARY KEY, total numeric)');
    await shop.query('INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 2000) g');
    await shop.query('UPDATE orders SET total = total + 1 WHERE id <= 100');
    await shop.query('DELETE FROM orders WHERE id > 1900');
    await shop.query('BEGIN');
    await shop.query('INSERT INTO orders VALUES (99999, 1)');
    await shop.query('ROLLBACK');
    await shop.query("SET work_mem = '64kB'");
    await shop.query('SELECT g FROM generate_series(1, 50000) g ORDER BY g DESC');
    const other = await connect(primary.dsn('shop'));
    await shop.query('BEGIN');
    await other.query('BEGIN');
    await shop.query('UPDATE orders SET total = 0 WHERE id = 1');
    await other.query('UPDATE orders SET total = 0 WHERE id = 2');
    const first = shop.query('UPDATE orders SET total = 0 WHERE id = 2').catch((e: Error) => e);
    const second = other.query('UPDATE orders SET total = 0 WHERE id = 1').catch((e: Error) => e);
    const outcomes = await Promise.all([first, second]);
    expect(outcomes.some((o) => o instanceof Error && /deadlock/.test(o.message))).toBe(true);
    await shop.query('ROLLBACK');
    await other.query('ROLLBACK');
    // PostgreSQL 15 backends flush their statistics at most once a second: flush now, at the next transaction's end.
    for (const c of [shop, other]) {
      await c.query('SELECT pg_stat_force_next_flush()');
      await c.query('SELECT 1');
    }
    // A lock held during the comparison: an 'idle in transaction' session holding an AccessExclusiveLock.
    await other.query('BEGIN');
    await other.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');

    const queriesFile = join(primary.dir, 'exporter-queries.yaml');
    writeFileSync(queriesFile, JSON.stringify({ ...exporterQuery(REPLICATION), ...exporterQuery(statStatementsNamespace(150000)) }, null, 2));
    [exporterPrimary, exporterReplica] = await Promise.all([startExporter(primary.dsn(), queriesFile), startExporter(replica.dsn(), queriesFile)]);
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.close()));
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await exporterPrimary?.server.stop();
    await exporterReplica?.server.stop();
    await replica?.stop();
    await primary?.stop();
  });

  const caughtUp = async (): Promise<void> => {
    const admin = clients[0];
    await waitFor('the standby to replay all WAL', async () => {
      const r = await admin.query<{ diff: string | null }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS diff FROM pg_stat_replication');
      return r.rows.length === 1 && Number(r.rows[0].diff) === 0;
    });
  };

  const value = (ours: SeriesMap, name: string, labels: Record<string, string>): number | undefined => ours.get(key(name, labels))?.value;

  const compare = async (server: TempPostgres, url: string): Promise<{ ours: SeriesMap; samples: CollectedSample[] }> => {
    const src = source(server.dsn(), server.address);
    // Warm-up: both sides open their connections (the exporter holds two), so numbackends is the same for all reads.
    await scrapeExporter(url);
    await src.collect(Date.now());
    await scrapeExporter(url);
    await caughtUp();
    const before = await scrapeExporter(url);
    const samples = await src.collect(Date.now());
    const after = await scrapeExporter(url);
    const ours = fromOurs(samples);
    expect(differences(before, ours, after)).toEqual([]);
    expect(activityTotals(ours)).toEqual(activityTotals(before));
    expect(activityTotals(ours)).toEqual(activityTotals(after));
    const fresh = await connect(server.dsn());
    const digits = (await fresh.query<{ extra_float_digits: string }>('SHOW extra_float_digits')).rows[0].extra_float_digits;
    expect(value(ours, 'pg_settings_extra_float_digits', { server: server.address })).toBe(Number(digits));
    for (const s of samples) {
      expect(s.labels.job).toBe('postgres');
      expect(s.labels.instance).toBe(server.address);
      if (s.name !== 'pg_up') expect(s.labels.server).toBe(server.address);
    }
    return { ours, samples };
  };

  it('gives the same series and values as postgres_exporter on the primary', async () => {
    const { ours } = await compare(primary, exporterPrimary.url);
    const names_ = names(ours);
    for (const n of REQUIRED_PRIMARY) expect(names_, n).toContain(n);
    const server = primary.address;
    const shopOid = (await clients[0].query<{ oid: number }>("SELECT oid FROM pg_database WHERE datname = 'shop'")).rows[0].oid;
    const shop = { server, datid: String(shopOid), datname: 'shop' };
    // The activity above is visible with the right labels.
    expect(value(ours, 'pg_stat_database_tup_inserted', shop)).toBeGreaterThanOrEqual(2000);
    expect(value(ours, 'pg_stat_database_tup_deleted', shop)).toBeGreaterThanOrEqual(100);
    expect(value(ours, 'pg_stat_database_xact_rollback', shop)).toBeGreaterThanOrEqual(2);
    expect(value(ours, 'pg_stat_database_deadlocks', shop)).toBe(1);
    expect(value(ours, 'pg_stat_database_temp_bytes', shop)).toBeGreaterThan(0);
    expect(value(ours, 'pg_locks_count', { server, datname: 'shop', mode: 'accessexclusivelock' })).toBeGreaterThanOrEqual(1);
    expect(value(ours, 'pg_stat_activity_count', { server, datname: 'shop', state: 'idle in transaction' })).toBe(1);
    expect(value(ours, 'pg_stat_activity_max_tx_duration', { server, datname: 'shop', state: 'idle in transaction' })).toBeGreaterThan(0);
    expect(value(ours, 'pg_settings_max_connections', { server })).toBe(30);
    expect(value(ours, 'pg_settings_shared_buffers_bytes', { server })).toBe(16 * 1024 * 1024);
    expect(value(ours, 'pg_database_size_bytes', { server, datname: 'shop' })).toBeGreaterThan(1_000_000);
    expect(value(ours, 'pg_replication_is_replica', { server })).toBe(0);
    expect(value(ours, 'pg_replication_lag', { server })).toBe(0);
    expect(value(ours, 'pg_replication_slots_active', { server, slot_name: 'standby1' })).toBe(1);
    expect(value(ours, 'pg_stat_statements_calls_total', { server, datname: 'shop', user: 'postgres' })).toBeGreaterThan(5);
    expect(value(ours, 'pg_up', {})).toBe(1);
  });

  it('gives the same series and values as postgres_exporter on a streaming standby, with replication lag', async () => {
    const { ours } = await compare(replica, exporterReplica.url);
    const server = replica.address;
    expect(value(ours, 'pg_replication_is_replica', { server })).toBe(1);
    expect(value(ours, 'pg_replication_lag', { server })).toBe(0);
    expect(value(ours, 'pg_up', {})).toBe(1);
  });

  it('reports pg_up 0 for an unreachable server, logs once per change, never the password, and goes on', async () => {
    const port = await unusedPort();
    const { logger, lines } = captureLogger();
    const src = source(`postgresql://alice:${PASSWORD}@127.0.0.1:${port}/postgres`, `127.0.0.1:${port}`, logger);
    for (let i = 0; i < 3; i++) {
      const samples = await src.collect(1000 + i);
      expect(samples).toEqual([{ name: 'pg_up', labels: { job: 'postgres', instance: `127.0.0.1:${port}` }, value: 0, timestamp: 1000 + i }]);
    }
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/postgres is down/);
    expect(String(warnings[0].reason)).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
  });

  it('reports a server that accepts but never answers as down after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const { logger, lines } = captureLogger();
      const src = new PostgresSource({ dsn: `postgresql://u@127.0.0.1:${port}/x`, labels: { job: 'postgres', instance: 'silent' }, timeoutMs: 300 }, logger);
      const started = Date.now();
      expect((await src.collect(1)).map((s) => [s.name, s.value])).toEqual([['pg_up', 0]]);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(String(lines.find((l) => l.level === 40)?.reason)).toMatch(/timeout/i);
      await src.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports a refused login as down without the password, and up again once the login works', async () => {
    const { logger, lines } = captureLogger();
    const dsn = `host=127.0.0.1 port=${primary.port} user=pw_user password='${PASSWORD}' dbname=postgres sslmode=disable`;
    const src = source(dsn, primary.address, logger);
    expect((await src.collect(1)).map((s) => [s.name, s.value])).toEqual([['pg_up', 0]]);
    await clients[0].query('ALTER ROLE pw_user LOGIN');
    const up = await src.collect(2);
    expect(up.find((s) => s.name === 'pg_up')?.value).toBe(1);
    expect(up.length).toBeGreaterThan(100);
    await clients[0].query('ALTER ROLE pw_user NOLOGIN');
    expect(lines.map((l) => l.msg)).toEqual(['postgres is down (pg_up 0); next log line when it changes', 'postgres is up again']);
    expect(String(lines[0].reason)).toMatch(/pw_user/);
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
  });

  it('keeps an exporter label that clashes with a configured label as exported_<name>, as a Prometheus scrape does', async () => {
    const src = new PostgresSource({ dsn: primary.dsn(), labels: { job: 'pg', instance: 'db-eu-1', server: 'primary' }, timeoutMs: 5000 }, captureLogger().logger);
    sources.push(src);
    const samples = await src.collect(1);
    expect(samples.find((s) => s.name === 'pg_static')?.labels).toMatchObject({ job: 'pg', instance: 'db-eu-1', server: 'primary', exported_server: primary.address });
    expect(samples.find((s) => s.name === 'pg_up')?.labels).toEqual({ job: 'pg', instance: 'db-eu-1', server: 'primary' });
  });

  it('reconnects within the same run when the server closed its kept connection', async () => {
    const { logger, lines } = captureLogger();
    const src = source(primary.dsn(), primary.address, logger);
    expect((await src.collect(1)).find((s) => s.name === 'pg_up')?.value).toBe(1);
    const killed = await clients[0].query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [APPLICATION_NAME],
    );
    expect(killed.rows.length).toBeGreaterThanOrEqual(1);
    expect((await src.collect(2)).find((s) => s.name === 'pg_up')?.value).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual(['postgres is up']);
  });
});
