import { parseGoFloat, parseKeyValueList, type InfoField } from './info-parser.js';
import { INFO_COUNTERS, INFO_GAUGES } from './metric-names.js';
import { redisMetric, type RedisMetric } from './redis-metric.js';

export interface InfoMetricsOptions {
  /** Number of databases (`CONFIG GET databases`, else 16): each gets `redis_db_keys`, 0 when absent from INFO. */
  readonly dbCount: number;
  /** Wall clock in Unix milliseconds, for `redis_start_time_seconds` (now - uptime). */
  readonly nowMs: number;
}

const MASTER_HOST = /^master(_[0-9]+)?_host/;
const MASTER_PORT = /^master(_[0-9]+)?_port/;
const MASTER_LINK_STATUS = /^master(_[0-9]+)?_link_status/;
const MASTER_DIRECT = /^(master(_[0-9]+)?_(last_io_seconds_ago|sync_in_progress)|slave_repl_offset)/;
const REPLICA_LINE = /^slave\d+/;

/**
 * The metrics redis_exporter 1.45 derives from `INFO ALL`, with its names, labels and units:
 * - mapped fields of every section (INFO_GAUGES, INFO_COUNTERS, and anything starting with `cluster_`), values
 *   `ok`/`true` as 1 and `err`/`fail`/`false` as 0, `latest_fork_usec` as `redis_latest_fork_seconds`;
 * - Keyspace: `redis_db_keys`, `redis_db_keys_expiring`, `redis_db_avg_ttl_seconds` (avg_ttl ms / 1000) and
 *   `redis_db_keys_cached` (KeyDB) with `db="db0"`; databases up to `dbCount` missing from INFO get 0 keys;
 * - Commandstats: `redis_commands_total`, `redis_commands_duration_seconds_total` (usec / 1e6),
 *   `redis_commands_rejected_calls_total`, `redis_commands_failed_calls_total`, label `cmd` (`config|get`);
 * - Latencystats: the summary `redis_latency_percentiles_usec{cmd,quantile}` with `_sum` (usec) and `_count`;
 * - Errorstats: `redis_errors_total{err}`;
 * - Replication: `redis_connected_slave_offset_bytes` / `_lag_seconds{slave_ip,slave_port,slave_state}` on a
 *   master, `redis_master_link_up`, `redis_master_last_io_seconds_ago`, `redis_master_sync_in_progress`,
 *   `redis_slave_repl_offset{master_host,master_port}` and `redis_slave_info` on a replica;
 * - `redis_start_time_seconds`, `redis_instance_info{role,redis_version,...}`.
 */
export function infoMetrics(fields: readonly InfoField[], options: InfoMetricsOptions): RedisMetric[] {
  const out: RedisMetric[] = [];
  const values = new Map<string, string>();
  const handledDbs = new Set<string>();
  const cmdCount = new Map<string, number>();
  const cmdSumUsec = new Map<string, number>();
  const cmdLatency = new Map<string, Map<string, number>>();
  let masterHost = '';
  let masterPort = '';

  for (const { section, key, value } of fields) {
    values.set(key, value);
    if (MASTER_HOST.test(key)) masterHost = value;
    if (MASTER_PORT.test(key)) masterPort = value;

    switch (section) {
      case 'Replication':
        if (replicationMetric(out, key, value, masterHost, masterPort)) continue;
        break;
      case 'Server':
        if (key === 'uptime_in_seconds') {
          const uptime = parseGoFloat(value);
          if (uptime !== undefined) out.push(redisMetric('start_time_seconds', Math.floor(options.nowMs / 1000) - uptime));
        }
        break;
      case 'Commandstats': {
        const stats = commandStats(key, value);
        if (stats) {
          const cmd = { cmd: stats.cmd };
          out.push(redisMetric('commands_total', stats.calls, cmd));
          out.push(redisMetric('commands_duration_seconds_total', stats.usec / 1e6, cmd));
          if (stats.rejected !== undefined && stats.failed !== undefined) {
            out.push(redisMetric('commands_rejected_calls_total', stats.rejected, cmd));
            out.push(redisMetric('commands_failed_calls_total', stats.failed, cmd));
          }
          cmdCount.set(stats.cmd, stats.calls);
          cmdSumUsec.set(stats.cmd, stats.usec);
        }
        continue;
      }
      case 'Latencystats': {
        const latency = latencyPercentiles(key, value);
        if (latency) cmdLatency.set(latency.cmd, latency.percentiles);
        continue;
      }
      case 'Errorstats': {
        if (key.startsWith('errorstat_')) {
          const count = valueAfterEquals(value);
          if (count !== undefined) out.push(redisMetric('errors_total', count, { err: key.slice('errorstat_'.length) }));
        }
        continue;
      }
      case 'Keyspace': {
        const ks = keyspace(key, value);
        if (ks) {
          const db = { db: key };
          out.push(redisMetric('db_keys', ks.keys, db));
          out.push(redisMetric('db_keys_expiring', ks.expires, db));
          if (ks.cached !== undefined) out.push(redisMetric('db_keys_cached', ks.cached, db));
          if (ks.avgTtlMs !== undefined) out.push(redisMetric('db_avg_ttl_seconds', ks.avgTtlMs / 1000, db));
          handledDbs.add(key);
          continue;
        }
        break;
      }
    }
    const metric = mappedFieldMetric(key, value);
    if (metric) out.push(metric);
  }

  for (const [cmd, percentiles] of cmdLatency) {
    const count = cmdCount.get(cmd);
    const sum = cmdSumUsec.get(cmd);
    if (count === undefined || sum === undefined) continue;
    for (const [quantile, v] of percentiles) out.push(redisMetric('latency_percentiles_usec', v, { cmd, quantile }));
    out.push(redisMetric('latency_percentiles_usec_sum', sum, { cmd }));
    out.push(redisMetric('latency_percentiles_usec_count', count, { cmd }));
  }

  for (let i = 0; i < options.dbCount; i++) {
    const db = `db${i}`;
    if (handledDbs.has(db)) continue;
    out.push(redisMetric('db_keys', 0, { db }), redisMetric('db_keys_expiring', 0, { db }));
  }

  const v = (k: string): string => values.get(k) ?? '';
  out.push(
    redisMetric('instance_info', 1, {
      role: v('role'),
      redis_version: v('redis_version'),
      redis_build_id: v('redis_build_id'),
      redis_mode: v('redis_mode'),
      os: v('os'),
      maxmemory_policy: v('maxmemory_policy'),
      tcp_port: v('tcp_port'),
      run_id: v('run_id'),
      process_id: v('process_id'),
    }),
  );
  if (v('role') === 'slave') {
    out.push(redisMetric('slave_info', 1, { master_host: v('master_host'), master_port: v('master_port'), read_only: v('slave_read_only') }));
  }
  return out;
}

/**
 * A field of INFO or CLUSTER INFO that redis_exporter publishes as a plain metric: mapped names, and unmapped
 * fields starting with `db`, `cmdstat_` or `cluster_` under their own (sanitized) name. Undefined otherwise.
 */
export function mappedFieldMetric(key: string, value: string): RedisMetric | undefined {
  if (!isIncluded(key)) return undefined;
  const sanitized = key.replace(/[^a-zA-Z0-9_]/g, '_');
  let name = INFO_GAUGES[sanitized] ?? INFO_COUNTERS[sanitized] ?? sanitized;
  // A value that is not a number still gives a sample (0), as redis_exporter registers it anyway.
  let v = valueOf(value) ?? 0;
  if (name === 'latest_fork_usec') {
    name = 'latest_fork_seconds';
    v /= 1e6;
  }
  return redisMetric(name, v);
}

function isIncluded(key: string): boolean {
  return key.startsWith('db') || key.startsWith('cmdstat_') || key.startsWith('cluster_') || Object.hasOwn(INFO_GAUGES, key) || Object.hasOwn(INFO_COUNTERS, key);
}

/** redis_exporter's value rule: ok/true are 1, err/fail/false are 0, else a float (undefined if not one). */
function valueOf(text: string): number | undefined {
  switch (text) {
    case 'ok':
    case 'true':
      return 1;
    case 'err':
    case 'fail':
    case 'false':
      return 0;
    default:
      return parseGoFloat(text);
  }
}

/** `count=4` style: the number after the single `=`. */
function valueAfterEquals(part: string): number | undefined {
  const kv = part.split('=');
  if (kv.length !== 2) return undefined;
  return parseGoFloat(kv[1]);
}

function replicationMetric(out: RedisMetric[], key: string, value: string, masterHost: string, masterPort: string): boolean {
  const master = { master_host: masterHost, master_port: masterPort };
  if (MASTER_LINK_STATUS.test(key)) {
    out.push(redisMetric('master_link_up', value === 'up' ? 1 : 0, master));
    return true;
  }
  if (MASTER_DIRECT.test(key)) {
    let name = key;
    if (key.endsWith('last_io_seconds_ago')) name = 'master_last_io_seconds_ago';
    else if (key.endsWith('sync_in_progress')) name = 'master_sync_in_progress';
    // Go's strconv.Atoi: an integer, else 0.
    out.push(redisMetric(name, /^[+-]?\d+$/.test(value) ? Number(value) : 0, master));
    return true;
  }
  if (REPLICA_LINE.test(key)) {
    const kv = parseKeyValueList(value);
    const offset = kv ? parseGoFloat(kv.get('offset') ?? '') : undefined;
    if (!kv || offset === undefined) return false;
    const lagText = kv.get('lag');
    const lag = lagText === undefined ? undefined : parseGoFloat(lagText);
    if (lagText !== undefined && lag === undefined) return false;
    const replica = { slave_ip: kv.get('ip') ?? '', slave_port: kv.get('port') ?? '', slave_state: kv.get('state') ?? '' };
    out.push(redisMetric('connected_slave_offset_bytes', offset, replica));
    if (lag !== undefined) out.push(redisMetric('connected_slave_lag_seconds', lag, replica));
    return true;
  }
  return false;
}

interface CommandStats {
  cmd: string;
  calls: number;
  usec: number;
  rejected?: number;
  failed?: number;
}

/** `cmdstat_get` + `calls=21,usec=175,usec_per_call=8.33[,rejected_calls=0,failed_calls=0]` (positional, as redis_exporter reads it). */
function commandStats(key: string, value: string): CommandStats | undefined {
  if (!key.startsWith('cmdstat_')) return undefined;
  const parts = value.split(',');
  if (parts.length < 3) return undefined;
  const calls = valueAfterEquals(parts[0]);
  const usec = valueAfterEquals(parts[1]);
  if (calls === undefined || usec === undefined) return undefined;
  const stats: CommandStats = { cmd: key.slice('cmdstat_'.length), calls, usec };
  if (parts.length < 5) return stats;
  const rejected = valueAfterEquals(parts[3]);
  const failed = valueAfterEquals(parts[4]);
  if (rejected === undefined || failed === undefined) return undefined;
  return { ...stats, rejected, failed };
}

/** `latency_percentiles_usec_get` + `p50=0.001,p99=1.003,p99.9=4.015`: quantile labels as Go prints the floats (50, 99, 99.9). */
function latencyPercentiles(key: string, value: string): { cmd: string; percentiles: Map<string, number> } | undefined {
  const prefix = 'latency_percentiles_usec_';
  if (!key.startsWith(prefix)) return undefined;
  const percentiles = new Map<string, number>();
  for (const part of value.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) return undefined;
    const p = parseGoFloat(kv[0].slice(1));
    const v = parseGoFloat(kv[1]);
    if (p === undefined || v === undefined) return undefined;
    percentiles.set(String(p), v);
  }
  return { cmd: key.slice(prefix.length), percentiles };
}

/** `db0` + `keys=1,expires=0,avg_ttl=0[,cached_keys=0]`; fields read by name, so newer ones (`subexpiry`) are ignored. */
function keyspace(key: string, value: string): { keys: number; expires: number; avgTtlMs?: number; cached?: number } | undefined {
  if (!/^db\d+$/.test(key)) return undefined;
  const kv = parseKeyValueList(value);
  if (!kv) return undefined;
  const num = (name: string): number | undefined => {
    const text = kv.get(name);
    return text === undefined ? undefined : parseGoFloat(text);
  };
  const keys = num('keys');
  const expires = num('expires');
  if (keys === undefined || expires === undefined) return undefined;
  return { keys, expires, avgTtlMs: num('avg_ttl'), cached: num('cached_keys') };
}
