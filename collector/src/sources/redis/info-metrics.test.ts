import { describe, expect, it } from 'vitest';
import { infoMetrics, mappedFieldMetric } from './info-metrics.js';
import { parseInfo } from './info-parser.js';
import type { RedisMetric } from './redis-metric.js';

const PRIMARY = [
  '# Server',
  'redis_version:7.0.15',
  'redis_build_id:ae4d7c971a948f0',
  'redis_mode:standalone',
  'os:Linux 6.1.0 x86_64',
  'process_id:4242',
  'run_id:c378b59677dc76adfd95d8267ca974e7f108aea8',
  'tcp_port:6379',
  'uptime_in_seconds:100',
  'uptime_in_days:0',
  'executable:/usr/bin/redis-server',
  '',
  '# Clients',
  'connected_clients:3',
  'cluster_connections:0',
  'maxclients:10000',
  'client_recent_max_input_buffer:20480',
  'blocked_clients:1',
  '',
  '# Memory',
  'used_memory:1163712',
  'used_memory_human:1.11M',
  'maxmemory:10485760',
  'maxmemory_policy:allkeys-lru',
  'mem_fragmentation_ratio:6.54',
  '',
  '# Persistence',
  'loading:0',
  'rdb_last_bgsave_status:ok',
  'aof_last_write_status:err',
  '',
  '# Stats',
  'total_connections_received:5',
  'total_commands_processed:1234',
  'expired_keys:10',
  'evicted_keys:3',
  'keyspace_hits:7',
  'keyspace_misses:14',
  'latest_fork_usec:1500',
  'expired_stale_perc:0.00',
  '',
  '# Replication',
  'role:master',
  'connected_slaves:1',
  'slave0:ip=10.0.0.2,port=6380,state=online,offset=4242,lag=1',
  'master_replid:8f3b',
  'master_repl_offset:4300',
  '',
  '# CPU',
  'used_cpu_sys:0.25',
  'used_cpu_user:0.5',
  '',
  '# Commandstats',
  'cmdstat_get:calls=21,usec=175,usec_per_call=8.33,rejected_calls=1,failed_calls=2',
  'cmdstat_config|get:calls=2,usec=502,usec_per_call=251.00,rejected_calls=0,failed_calls=0',
  'cmdstat_setex:calls=75,usec=1260,usec_per_call=16.80',
  '',
  '# Errorstats',
  'errorstat_WRONGTYPE:count=4',
  '',
  '# Latencystats',
  'latency_percentiles_usec_get:p50=0.001,p99=1.003,p99.9=4.015',
  '',
  '# Cluster',
  'cluster_enabled:0',
  '',
  '# Keyspace',
  'db0:keys=20,expires=0,avg_ttl=0',
  'db3:keys=5,expires=5,avg_ttl=99490',
  '',
].join('\r\n');

const NOW_MS = 1_795_550_409_900;

function find(metrics: readonly RedisMetric[], name: string, labels: Record<string, string> = {}): RedisMetric[] {
  return metrics.filter((m) => m.name === name && Object.entries(labels).every(([k, v]) => m.labels[k] === v));
}

function single(metrics: readonly RedisMetric[], name: string, labels: Record<string, string> = {}): number {
  const found = find(metrics, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0].value;
}

describe('infoMetrics', () => {
  const metrics = infoMetrics(parseInfo(PRIMARY), { dbCount: 16, nowMs: NOW_MS });

  it('maps INFO fields to redis_exporter names and units', () => {
    expect(single(metrics, 'redis_connected_clients')).toBe(3);
    expect(single(metrics, 'redis_blocked_clients')).toBe(1);
    expect(single(metrics, 'redis_memory_used_bytes')).toBe(1163712);
    expect(single(metrics, 'redis_memory_max_bytes')).toBe(10485760);
    expect(single(metrics, 'redis_keyspace_hits_total')).toBe(7);
    expect(single(metrics, 'redis_keyspace_misses_total')).toBe(14);
    expect(single(metrics, 'redis_evicted_keys_total')).toBe(3);
    expect(single(metrics, 'redis_expired_keys_total')).toBe(10);
    expect(single(metrics, 'redis_commands_processed_total')).toBe(1234);
    expect(single(metrics, 'redis_connections_received_total')).toBe(5);
    expect(single(metrics, 'redis_connected_slaves')).toBe(1);
    expect(single(metrics, 'redis_uptime_in_seconds')).toBe(100);
    expect(single(metrics, 'redis_client_recent_max_input_buffer_bytes')).toBe(20480);
    expect(single(metrics, 'redis_mem_fragmentation_ratio')).toBe(6.54);
    expect(single(metrics, 'redis_cpu_user_seconds_total')).toBe(0.5);
    expect(single(metrics, 'redis_cluster_connections')).toBe(0);
    expect(single(metrics, 'redis_cluster_enabled')).toBe(0);
    expect(single(metrics, 'redis_expired_stale_percentage')).toBe(0);
  });

  it('converts latest_fork_usec to seconds and ok/err to 1/0', () => {
    expect(single(metrics, 'redis_latest_fork_seconds')).toBe(0.0015);
    expect(find(metrics, 'redis_latest_fork_usec')).toEqual([]);
    expect(single(metrics, 'redis_rdb_last_bgsave_status')).toBe(1);
    expect(single(metrics, 'redis_aof_last_write_status')).toBe(0);
  });

  it('leaves out fields redis_exporter does not publish (human-readable copies, ids, strings)', () => {
    const names = new Set(metrics.map((m) => m.name));
    for (const n of ['redis_used_memory_human', 'redis_uptime_in_days', 'redis_maxclients', 'redis_master_replid', 'redis_role', 'redis_executable', 'redis_maxmemory_policy']) {
      expect(names.has(n), n).toBe(false);
    }
  });

  it('gives start time as now - uptime, in whole seconds of the wall clock', () => {
    expect(single(metrics, 'redis_start_time_seconds')).toBe(Math.floor(NOW_MS / 1000) - 100);
  });

  it('publishes per-command calls, time in seconds, rejected and failed calls (the latter only from Redis 6.2)', () => {
    expect(single(metrics, 'redis_commands_total', { cmd: 'get' })).toBe(21);
    expect(single(metrics, 'redis_commands_duration_seconds_total', { cmd: 'get' })).toBeCloseTo(0.000175, 12);
    expect(single(metrics, 'redis_commands_rejected_calls_total', { cmd: 'get' })).toBe(1);
    expect(single(metrics, 'redis_commands_failed_calls_total', { cmd: 'get' })).toBe(2);
    expect(single(metrics, 'redis_commands_total', { cmd: 'config|get' })).toBe(2);
    expect(single(metrics, 'redis_commands_total', { cmd: 'setex' })).toBe(75);
    expect(find(metrics, 'redis_commands_failed_calls_total', { cmd: 'setex' })).toEqual([]);
  });

  it('builds the latency summary from Latencystats and Commandstats (usec, quantile labels as Go prints them)', () => {
    expect(find(metrics, 'redis_latency_percentiles_usec', { cmd: 'get' }).map((m) => [m.labels.quantile, m.value])).toEqual([
      ['50', 0.001],
      ['99', 1.003],
      ['99.9', 4.015],
    ]);
    expect(single(metrics, 'redis_latency_percentiles_usec_sum', { cmd: 'get' })).toBe(175);
    expect(single(metrics, 'redis_latency_percentiles_usec_count', { cmd: 'get' })).toBe(21);
    // No Latencystats line for config|get: no summary.
    expect(find(metrics, 'redis_latency_percentiles_usec_count', { cmd: 'config|get' })).toEqual([]);
  });

  it('publishes errors per type', () => {
    expect(single(metrics, 'redis_errors_total', { err: 'WRONGTYPE' })).toBe(4);
  });

  it('publishes keys per database as db="dbN", padding databases absent from INFO with 0 up to dbCount', () => {
    expect(single(metrics, 'redis_db_keys', { db: 'db0' })).toBe(20);
    expect(single(metrics, 'redis_db_keys_expiring', { db: 'db0' })).toBe(0);
    expect(single(metrics, 'redis_db_keys', { db: 'db3' })).toBe(5);
    expect(single(metrics, 'redis_db_keys_expiring', { db: 'db3' })).toBe(5);
    expect(single(metrics, 'redis_db_avg_ttl_seconds', { db: 'db3' })).toBeCloseTo(99.49, 9);
    expect(single(metrics, 'redis_db_keys', { db: 'db1' })).toBe(0);
    expect(single(metrics, 'redis_db_keys', { db: 'db15' })).toBe(0);
    expect(find(metrics, 'redis_db_keys')).toHaveLength(16);
    expect(find(metrics, 'redis_db_avg_ttl_seconds', { db: 'db1' })).toEqual([]); // only for databases INFO lists
    expect(find(metrics, 'redis_db_keys', { db: 'db16' })).toEqual([]);
  });

  it('publishes connected replicas with their address, state, offset and lag', () => {
    const replica = { slave_ip: '10.0.0.2', slave_port: '6380', slave_state: 'online' };
    expect(single(metrics, 'redis_connected_slave_offset_bytes', replica)).toBe(4242);
    expect(single(metrics, 'redis_connected_slave_lag_seconds', replica)).toBe(1);
    expect(single(metrics, 'redis_master_repl_offset')).toBe(4300);
    expect(find(metrics, 'redis_slave_info')).toEqual([]);
  });

  it('publishes redis_instance_info with the server identity', () => {
    expect(find(metrics, 'redis_instance_info')).toEqual([
      {
        name: 'redis_instance_info',
        value: 1,
        labels: {
          role: 'master',
          redis_version: '7.0.15',
          redis_build_id: 'ae4d7c971a948f0',
          redis_mode: 'standalone',
          os: 'Linux 6.1.0 x86_64',
          maxmemory_policy: 'allkeys-lru',
          tcp_port: '6379',
          run_id: 'c378b59677dc76adfd95d8267ca974e7f108aea8',
          process_id: '4242',
        },
      },
    ]);
  });

  it('describes a replica: link status, last I/O, sync, offset, all labelled with the master', () => {
    const replicaInfo = [
      '# Replication',
      'role:slave',
      'master_host:10.0.0.1',
      'master_port:6379',
      'master_link_status:down',
      'master_last_io_seconds_ago:-1',
      'master_sync_in_progress:0',
      'slave_read_repl_offset:100',
      'slave_repl_offset:100',
      'slave_priority:100',
      'slave_read_only:1',
      'connected_slaves:0',
    ].join('\n');
    const m = infoMetrics(parseInfo(replicaInfo), { dbCount: 0, nowMs: NOW_MS });
    const master = { master_host: '10.0.0.1', master_port: '6379' };
    expect(single(m, 'redis_master_link_up', master)).toBe(0);
    expect(single(m, 'redis_master_last_io_seconds_ago', master)).toBe(-1);
    expect(single(m, 'redis_master_sync_in_progress', master)).toBe(0);
    expect(single(m, 'redis_slave_repl_offset', master)).toBe(100);
    expect(single(m, 'redis_slave_priority')).toBe(100);
    expect(single(m, 'redis_slave_info', { ...master, read_only: '1' })).toBe(1);
    expect(find(m, 'redis_slave_read_repl_offset')).toEqual([]);
  });

  it('reads KeyDB-style keyspace lines with cached keys, and skips broken command stats', () => {
    const m = infoMetrics(parseInfo('# Keyspace\ndb0:keys=4,expires=1,avg_ttl=2000,cached_keys=3\n# Commandstats\ncmdstat_get:calls=x,usec=1,usec_per_call=1\n'), {
      dbCount: 1,
      nowMs: NOW_MS,
    });
    expect(single(m, 'redis_db_keys_cached', { db: 'db0' })).toBe(3);
    expect(single(m, 'redis_db_avg_ttl_seconds', { db: 'db0' })).toBe(2);
    expect(find(m, 'redis_commands_total')).toEqual([]);
  });
});

describe('mappedFieldMetric', () => {
  it('publishes an unparsable value of a mapped field as 0, as redis_exporter does', () => {
    expect(mappedFieldMetric('used_memory', 'garbage')).toEqual({ name: 'redis_memory_used_bytes', labels: {}, value: 0 });
  });
  it('sanitizes cluster_ field names', () => {
    expect(mappedFieldMetric('cluster_slots-ok', '16384')).toEqual({ name: 'redis_cluster_slots_ok', labels: {}, value: 16384 });
  });
});
