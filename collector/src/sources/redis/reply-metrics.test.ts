import { describe, expect, it } from 'vitest';
import { clusterInfoMetrics, configMetrics, latencyLatestMetrics, slowlogMetrics } from './reply-metrics.js';

describe('configMetrics', () => {
  it('takes the database count and publishes io-threads, maxclients and maxmemory only', () => {
    const reply = ['requirepass', 'secret', 'databases', '32', 'maxmemory', '10485760', 'maxclients', '10000', 'io-threads', '4', 'hz', '10'];
    const { dbCount, metrics } = configMetrics(reply);
    expect(dbCount).toBe(32);
    expect(metrics).toEqual([
      { name: 'redis_config_maxmemory', labels: {}, value: 10485760 },
      { name: 'redis_config_maxclients', labels: {}, value: 10000 },
      { name: 'redis_config_io_threads', labels: {}, value: 4 },
    ]);
    expect(JSON.stringify(metrics)).not.toContain('secret');
  });

  it('gives nothing for an error or an odd-length reply (the caller then assumes 16 databases)', () => {
    expect(configMetrics(undefined)).toEqual({ dbCount: undefined, metrics: [] });
    expect(configMetrics(['databases'])).toEqual({ dbCount: undefined, metrics: [] });
  });
});

describe('slowlogMetrics', () => {
  it('publishes length, the last id and its duration in seconds', () => {
    const entry = [7, 1795550309, 25000, ['EVAL', '...'], '127.0.0.1:5000', ''];
    expect(slowlogMetrics(3, [entry])).toEqual([
      { name: 'redis_slowlog_length', labels: {}, value: 3 },
      { name: 'redis_slowlog_last_id', labels: {}, value: 7 },
      { name: 'redis_last_slow_execution_duration_seconds', labels: {}, value: 0.025 },
    ]);
  });
  it('publishes 0 for an empty slow log, and nothing for failed commands', () => {
    expect(slowlogMetrics(0, []).map((m) => m.value)).toEqual([0, 0, 0]);
    expect(slowlogMetrics(undefined, undefined)).toEqual([]);
  });
});

describe('latencyLatestMetrics', () => {
  it('publishes the last spike time and its duration in seconds per event', () => {
    expect(latencyLatestMetrics([['command', 1795550309, 35, 40]])).toEqual([
      { name: 'redis_latency_spike_last', labels: { event_name: 'command' }, value: 1795550309 },
      { name: 'redis_latency_spike_duration_seconds', labels: { event_name: 'command' }, value: 0.035 },
    ]);
    expect(latencyLatestMetrics(undefined)).toEqual([]);
  });
});

describe('clusterInfoMetrics', () => {
  it('publishes cluster_* fields', () => {
    const m = clusterInfoMetrics('cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_stats_messages_sent:10\r\n');
    expect(m).toEqual([
      { name: 'redis_cluster_state', labels: {}, value: 1 },
      { name: 'redis_cluster_slots_assigned', labels: {}, value: 16384 },
      { name: 'redis_cluster_messages_sent_total', labels: {}, value: 10 },
    ]);
  });
});
