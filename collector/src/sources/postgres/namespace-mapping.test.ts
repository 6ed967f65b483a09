import { describe, expect, it } from 'vitest';
import { mapNamespaceRows, toLabelValue, toSampleValue, type MetricNamespace } from './namespace-mapping.js';
import { LOCKS, STAT_BGWRITER, STAT_DATABASE, STAT_REPLICATION } from './postgres-namespaces.js';

const server = { server: '127.0.0.1:5432' };
const T = 1_700_000_000_000;
const fields = (row: Record<string, unknown>): { name: string }[] => Object.keys(row).map((name) => ({ name }));
const byName = (samples: ReturnType<typeof mapNamespaceRows>): Record<string, { labels: Record<string, string>; value: number }> =>
  Object.fromEntries(samples.map((s) => [s.name, { labels: s.labels, value: s.value }]));

describe('toSampleValue (postgres_exporter dbToFloat64 on node-postgres values)', () => {
  it.each([
    ['an int4', 42, 42],
    ['a float8', 0.25, 0.25],
    ['an int8 (pg returns a string)', '9007199254740993', 9007199254740992],
    ['a numeric string', '1234.5', 1234.5],
    ['an exponent', '1e-3', 0.001],
    ['a negative', '-1', -1],
    ['true', true, 1],
    ['false', false, 0],
    ['a timestamp', new Date('2026-01-02T03:04:05.999Z'), 1767323045],
    ['NULL', null, NaN],
    ['numeric NaN', 'NaN', NaN],
    ['Infinity', 'Infinity', Infinity],
    ['-Infinity', '-Infinity', -Infinity],
  ])('reads %s', (_what, input, expected) => {
    expect(toSampleValue(input)).toBe(expected);
  });

  it.each([
    ['text', 'streaming'],
    ['an LSN', '0/3000060'],
    ['an interval object', { milliseconds: 3 }],
    ['an array', [1, 2]],
    ['a blank string', ''],
  ])('gives no value for %s', (_what, input) => {
    expect(toSampleValue(input)).toBeUndefined();
  });
});

describe('toLabelValue (postgres_exporter dbToString)', () => {
  it.each([
    ['text', 'postgres', 'postgres'],
    ['an oid', 16384, '16384'],
    ['true', true, 'true'],
    ['a timestamp', new Date('1970-01-01T00:01:40Z'), '100'],
    ['NULL', null, ''],
    ['an object', { a: 1 }, ''],
  ])('prints %s', (_what, input, expected) => {
    expect(toLabelValue(input)).toBe(expected);
  });
});

describe('mapNamespaceRows', () => {
  it('maps a pg_stat_database row as postgres_exporter does: labels, counters, unknown columns, NULL as NaN', () => {
    const row = {
      datid: 16384,
      datname: 'shop',
      numbackends: 3,
      xact_commit: '1200',
      xact_rollback: '7',
      blks_read: '55',
      blks_hit: '9000',
      tup_returned: '100',
      tup_fetched: '90',
      tup_inserted: '2000',
      tup_updated: '100',
      tup_deleted: '100',
      conflicts: '0',
      temp_files: '1',
      temp_bytes: '1400000',
      deadlocks: '1',
      checksum_failures: null,
      checksum_last_failure: null,
      blk_read_time: 0,
      blk_write_time: 0,
      session_time: 1234.5,
      sessions: '12',
      stats_reset: null,
    };
    const out = byName(mapNamespaceRows(STAT_DATABASE, { fields: fields(row), rows: [row] }, server, T));
    const labels = { server: '127.0.0.1:5432', datid: '16384', datname: 'shop' };
    expect(out.pg_stat_database_numbackends).toEqual({ labels, value: 3 });
    expect(out.pg_stat_database_xact_commit).toEqual({ labels, value: 1200 });
    expect(out.pg_stat_database_temp_bytes).toEqual({ labels, value: 1400000 });
    expect(out.pg_stat_database_deadlocks).toEqual({ labels, value: 1 });
    // Columns the exporter has no mapping for (PostgreSQL 14's session statistics) come out as they are.
    expect(out.pg_stat_database_session_time).toEqual({ labels, value: 1234.5 });
    expect(out.pg_stat_database_sessions).toEqual({ labels, value: 12 });
    expect(out.pg_stat_database_checksum_failures.value).toBeNaN();
    expect(out.pg_stat_database_stats_reset.value).toBeNaN();
    expect(out.pg_stat_database_datid).toBeUndefined();
    expect(out.pg_stat_database_datname).toBeUndefined();
    expect(Object.keys(out)).toHaveLength(Object.keys(row).length - 2);
  });

  it('leaves out a NULL label (the shared-objects row of pg_stat_database has datname NULL)', () => {
    const row = { datid: 0, datname: null, numbackends: 0 };
    const [sample] = mapNamespaceRows(STAT_DATABASE, { fields: fields(row), rows: [row] }, server, T);
    expect(sample).toEqual({ name: 'pg_stat_database_numbackends', labels: { server: '127.0.0.1:5432', datid: '0' }, value: 0, timestamp: T });
  });

  it('gives one sample per row with that row’s labels', () => {
    const rows = [
      { datname: 'shop', mode: 'accessexclusivelock', count: '1' },
      { datname: 'shop', mode: 'rowsharelock', count: '0' },
    ];
    const out = mapNamespaceRows(LOCKS, { fields: fields(rows[0]), rows }, server, T);
    expect(out).toEqual([
      { name: 'pg_locks_count', labels: { ...server, datname: 'shop', mode: 'accessexclusivelock' }, value: 1, timestamp: T },
      { name: 'pg_locks_count', labels: { ...server, datname: 'shop', mode: 'rowsharelock' }, value: 0, timestamp: T },
    ]);
  });

  it('skips discarded columns and values that are not numbers, and leaves out a label column the query lacks', () => {
    const row = {
      pid: 3111,
      usename: 'postgres',
      application_name: 'walreceiver',
      client_addr: '127.0.0.1',
      state: 'streaming',
      sent_lsn: '0/3000060',
      write_lag: { milliseconds: 1 },
      reply_time: new Date('2026-11-24T20:00:00Z'),
      pg_current_wal_lsn: '0/3000060',
      pg_current_wal_lsn_bytes: 50331744,
      pg_wal_lsn_diff: 0,
    };
    const out = mapNamespaceRows(STAT_REPLICATION, { fields: fields(row), rows: [row] }, server, T);
    const labels = { ...server, application_name: 'walreceiver', client_addr: '127.0.0.1', state: 'streaming' };
    expect(out).toEqual([
      { name: 'pg_stat_replication_reply_time', labels, value: 1795550400, timestamp: T },
      { name: 'pg_stat_replication_pg_current_wal_lsn_bytes', labels, value: 50331744, timestamp: T },
      { name: 'pg_stat_replication_pg_wal_lsn_diff', labels, value: 0, timestamp: T },
    ]);
  });

  it('names bgwriter counters from the query’s aliases, stats_reset in Unix seconds', () => {
    const row = { checkpoints_timed_total: '4', buffers_alloc_total: '213', stats_reset_total: new Date('2026-11-24T00:00:00Z') };
    const out = byName(mapNamespaceRows(STAT_BGWRITER, { fields: fields(row), rows: [row] }, server, T));
    expect(out).toEqual({
      pg_stat_bgwriter_checkpoints_timed_total: { labels: server, value: 4 },
      pg_stat_bgwriter_buffers_alloc_total: { labels: server, value: 213 },
      pg_stat_bgwriter_stats_reset_total: { labels: server, value: 1795478400 },
    });
  });

  it('gives no samples for no rows (pg_stat_replication on a server without standbys)', () => {
    const ns: MetricNamespace = STAT_REPLICATION;
    expect(mapNamespaceRows(ns, { fields: [{ name: 'pid' }], rows: [] }, server, T)).toEqual([]);
  });
});
