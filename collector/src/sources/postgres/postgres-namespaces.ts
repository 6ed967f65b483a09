import type { ColumnUsage, MetricNamespace } from './namespace-mapping.js';

/**
 * The queries of postgres_exporter 0.11 (Debian's prometheus-postgres-exporter), with its column mappings, for
 * PostgreSQL 10 and later: its built-in metric maps and query overrides (cmd/postgres_exporter/queries.go and
 * postgres_exporter.go), its `database` and `bgwriter` collectors (collector/pg_database.go,
 * pg_stat_bgwriter.go), and two queries of ours that postgres_exporter runs from a queries.yaml (see CONFIG.md):
 * `pg_replication` and `pg_stat_statements`.
 */

const counters = (...names: string[]): Record<string, ColumnUsage> => Object.fromEntries(names.map((n) => [n, 'counter' as const]));
const discard = (...names: string[]): Record<string, ColumnUsage> => Object.fromEntries(names.map((n) => [n, 'discard' as const]));

export const STAT_DATABASE: MetricNamespace = {
  namespace: 'pg_stat_database',
  query: 'SELECT * FROM pg_stat_database',
  columns: {
    datid: 'label',
    datname: 'label',
    numbackends: 'gauge',
    ...counters(
      'xact_commit',
      'xact_rollback',
      'blks_read',
      'blks_hit',
      'tup_returned',
      'tup_fetched',
      'tup_inserted',
      'tup_updated',
      'tup_deleted',
      'conflicts',
      'temp_files',
      'temp_bytes',
      'deadlocks',
      'blk_read_time',
      'blk_write_time',
      'stats_reset',
    ),
  },
};

export const STAT_DATABASE_CONFLICTS: MetricNamespace = {
  namespace: 'pg_stat_database_conflicts',
  query: 'SELECT * FROM pg_stat_database_conflicts',
  columns: {
    datid: 'label',
    datname: 'label',
    ...counters('confl_tablespace', 'confl_lock', 'confl_snapshot', 'confl_bufferpin', 'confl_deadlock'),
  },
};

export const LOCKS: MetricNamespace = {
  namespace: 'pg_locks',
  query: `SELECT pg_database.datname, tmp.mode, COALESCE(count, 0) AS count
    FROM (VALUES ('accesssharelock'), ('rowsharelock'), ('rowexclusivelock'), ('shareupdateexclusivelock'), ('sharelock'),
                 ('sharerowexclusivelock'), ('exclusivelock'), ('accessexclusivelock'), ('sireadlock')) AS tmp(mode)
    CROSS JOIN pg_database
    LEFT JOIN (SELECT database, lower(mode) AS mode, count(*) AS count FROM pg_locks WHERE database IS NOT NULL
               GROUP BY database, lower(mode)) AS tmp2
      ON tmp.mode = tmp2.mode AND pg_database.oid = tmp2.database
    ORDER BY 1`,
  columns: { datname: 'label', mode: 'label', count: 'gauge' },
};

export const STAT_ACTIVITY: MetricNamespace = {
  namespace: 'pg_stat_activity',
  query: `SELECT pg_database.datname, tmp.state, COALESCE(count, 0) AS count, COALESCE(max_tx_duration, 0) AS max_tx_duration
    FROM (VALUES ('active'), ('idle'), ('idle in transaction'), ('idle in transaction (aborted)'), ('fastpath function call'),
                 ('disabled')) AS tmp(state)
    CROSS JOIN pg_database
    LEFT JOIN (SELECT datname, state, count(*) AS count, MAX(EXTRACT(EPOCH FROM now() - xact_start))::float AS max_tx_duration
               FROM pg_stat_activity GROUP BY datname, state) AS tmp2
      ON tmp.state = tmp2.state AND pg_database.datname = tmp2.datname`,
  columns: { datname: 'label', state: 'label', count: 'gauge', max_tx_duration: 'gauge' },
};

/** On a primary: one row per connected standby (empty elsewhere). */
export const STAT_REPLICATION: MetricNamespace = {
  namespace: 'pg_stat_replication',
  query: `SELECT *,
      (CASE pg_is_in_recovery() WHEN 't' THEN NULL ELSE pg_current_wal_lsn() END) AS pg_current_wal_lsn,
      (CASE pg_is_in_recovery() WHEN 't' THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), pg_lsn('0/0'))::float END) AS pg_current_wal_lsn_bytes,
      (CASE pg_is_in_recovery() WHEN 't' THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float END) AS pg_wal_lsn_diff
    FROM pg_stat_replication`,
  columns: {
    application_name: 'label',
    client_addr: 'label',
    state: 'label',
    slot_name: 'label',
    pg_current_wal_lsn_bytes: 'gauge',
    pg_wal_lsn_diff: 'gauge',
    ...discard(
      'pid',
      'usesysid',
      'usename',
      'client_hostname',
      'client_port',
      'backend_start',
      'backend_xmin',
      'sent_lsn',
      'write_lsn',
      'flush_lsn',
      'replay_lsn',
      'sync_priority',
      'sync_state',
      'plugin',
      'slot_type',
      'datoid',
      'database',
      'active',
      'active_pid',
      'xmin',
      'catalog_xmin',
      'restart_lsn',
      'pg_current_wal_lsn',
      'confirmed_flush_lsn',
      'write_lag',
      'flush_lag',
      'replay_lag',
    ),
  },
};

export const REPLICATION_SLOTS: MetricNamespace = {
  namespace: 'pg_replication_slots',
  query: 'SELECT slot_name, database, active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots',
  columns: { slot_name: 'label', database: 'label', active: 'gauge', pg_wal_lsn_diff: 'gauge' },
};

export const STAT_ARCHIVER: MetricNamespace = {
  namespace: 'pg_stat_archiver',
  query: 'SELECT *, extract(epoch from now() - last_archived_time) AS last_archive_age FROM pg_stat_archiver',
  columns: {
    archived_count: 'counter',
    failed_count: 'counter',
    last_archive_age: 'gauge',
    ...discard('last_archived_wal', 'last_archived_time', 'last_failed_wal', 'last_failed_time', 'stats_reset'),
  },
};

/** postgres_exporter's `database` collector: pg_database_size_bytes{datname}. */
export const DATABASE_SIZE: MetricNamespace = {
  namespace: 'pg_database',
  query: 'SELECT pg_database.datname, pg_database_size(pg_database.datname) AS size_bytes FROM pg_database',
  columns: { datname: 'label', size_bytes: 'gauge' },
};

/** postgres_exporter's `bgwriter` collector: its names end in `_total`; stats_reset is in Unix seconds. */
export const STAT_BGWRITER: MetricNamespace = {
  namespace: 'pg_stat_bgwriter',
  query: `SELECT checkpoints_timed AS checkpoints_timed_total, checkpoints_req AS checkpoints_req_total,
      checkpoint_write_time AS checkpoint_write_time_total, checkpoint_sync_time AS checkpoint_sync_time_total,
      buffers_checkpoint AS buffers_checkpoint_total, buffers_clean AS buffers_clean_total,
      maxwritten_clean AS maxwritten_clean_total, buffers_backend AS buffers_backend_total,
      buffers_backend_fsync AS buffers_backend_fsync_total, buffers_alloc AS buffers_alloc_total,
      stats_reset AS stats_reset_total
    FROM pg_stat_bgwriter`,
  columns: {},
};

/**
 * Replication lag in seconds on a standby (0 on a primary, and 0 when the standby has replayed all it received,
 * so an idle primary does not look like lag), and whether this server is a standby. Names as in the queries.yaml
 * that Debian ships with postgres_exporter (`pg_replication_lag`) and later postgres_exporter releases
 * (`pg_replication_is_replica`).
 */
export const REPLICATION: MetricNamespace = {
  namespace: 'pg_replication',
  query: `SELECT
      CASE WHEN NOT pg_is_in_recovery() THEN 0
           WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
           ELSE GREATEST(0, EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp()))) END AS lag,
      CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END AS is_replica`,
  columns: { lag: 'gauge', is_replica: 'gauge' },
};

/** The namespaces every collection runs, in order. */
export const DEFAULT_NAMESPACES: readonly MetricNamespace[] = [
  STAT_DATABASE,
  STAT_DATABASE_CONFLICTS,
  LOCKS,
  STAT_ACTIVITY,
  STAT_REPLICATION,
  REPLICATION_SLOTS,
  STAT_ARCHIVER,
  DATABASE_SIZE,
  STAT_BGWRITER,
  REPLICATION,
];

/**
 * pg_stat_statements summed per database and user (not one series per statement, which would be unbounded):
 * pg_stat_statements_{calls,seconds,rows,block_read_seconds,block_write_seconds}_total{datname,user}. The names
 * are those of later postgres_exporter releases' stat_statements collector, whose per-query series sum to these.
 * `serverVersionNum` picks the columns of the extension's version (PostgreSQL 13 renamed total_time, 17 split
 * blk_read_time into shared and local).
 */
export function statStatementsNamespace(serverVersionNum: number): MetricNamespace {
  const execTime = serverVersionNum >= 130000 ? 'total_exec_time' : 'total_time';
  const readTime = serverVersionNum >= 170000 ? 's.shared_blk_read_time + s.local_blk_read_time' : 's.blk_read_time';
  const writeTime = serverVersionNum >= 170000 ? 's.shared_blk_write_time + s.local_blk_write_time' : 's.blk_write_time';
  return {
    namespace: 'pg_stat_statements',
    query: `SELECT d.datname, r.rolname AS "user",
        sum(s.calls) AS calls_total,
        sum(s.${execTime}) / 1000 AS seconds_total,
        sum(s.rows) AS rows_total,
        sum(${readTime}) / 1000 AS block_read_seconds_total,
        sum(${writeTime}) / 1000 AS block_write_seconds_total
      FROM pg_stat_statements s
      JOIN pg_roles r ON r.oid = s.userid
      JOIN pg_database d ON d.oid = s.dbid
      GROUP BY d.datname, r.rolname`,
    columns: {
      datname: 'label',
      user: 'label',
      calls_total: 'counter',
      seconds_total: 'counter',
      rows_total: 'counter',
      block_read_seconds_total: 'counter',
      block_write_seconds_total: 'counter',
    },
  };
}
