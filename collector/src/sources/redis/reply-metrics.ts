import { parseGoFloat } from './info-parser.js';
import { mappedFieldMetric } from './info-metrics.js';
import { CONFIG_GAUGES } from './metric-names.js';
import { redisMetric, type RedisMetric } from './redis-metric.js';

/** Redis's default `databases`, used when CONFIG GET is not allowed (managed services often rename or block it). */
export const DEFAULT_DB_COUNT = 16;

/**
 * From the reply of `CONFIG GET *` (a flat [name, value, ...] list): the number of databases, and
 * `redis_config_io_threads`, `redis_config_maxclients`, `redis_config_maxmemory` as redis_exporter publishes
 * them. Other settings (passwords among them) are read past and never kept.
 */
export function configMetrics(reply: unknown): { dbCount: number | undefined; metrics: RedisMetric[] } {
  const metrics: RedisMetric[] = [];
  let dbCount: number | undefined;
  if (!Array.isArray(reply) || reply.length % 2 !== 0) return { dbCount, metrics };
  for (let i = 0; i < reply.length; i += 2) {
    const key = String(reply[i]);
    const value = String(reply[i + 1]);
    if (key === 'databases' && /^\d+$/.test(value)) dbCount = Number(value);
    if (CONFIG_GAUGES.includes(key)) {
      const v = parseGoFloat(value);
      if (v !== undefined) metrics.push(redisMetric(`config_${key.replaceAll('-', '_')}`, v));
    }
  }
  return { dbCount, metrics };
}

/**
 * From `SLOWLOG LEN` and `SLOWLOG GET 1`: `redis_slowlog_length`, `redis_slowlog_last_id` and
 * `redis_last_slow_execution_duration_seconds` (usec / 1e6), 0 when the slow log is empty.
 * A reply that is an error (undefined here) leaves its metrics out, as redis_exporter does.
 */
export function slowlogMetrics(lenReply: unknown, getReply: unknown): RedisMetric[] {
  const out: RedisMetric[] = [];
  if (typeof lenReply === 'number') out.push(redisMetric('slowlog_length', lenReply));
  if (!Array.isArray(getReply)) return out;
  let lastId = 0;
  let durationS = 0;
  const entry: unknown = getReply[0];
  if (Array.isArray(entry) && entry.length > 0) {
    lastId = Number(entry[0]);
    if (entry.length > 2) durationS = Number(entry[2]) / 1e6;
  }
  out.push(redisMetric('slowlog_last_id', lastId), redisMetric('last_slow_execution_duration_seconds', durationS));
  return out;
}

/**
 * From `LATENCY LATEST` ([event, last spike unix s, last spike ms, max ms] per event):
 * `redis_latency_spike_last{event_name}` and `redis_latency_spike_duration_seconds{event_name}` (ms / 1e3).
 */
export function latencyLatestMetrics(reply: unknown): RedisMetric[] {
  const out: RedisMetric[] = [];
  if (!Array.isArray(reply)) return out;
  for (const row of reply as unknown[]) {
    if (!Array.isArray(row) || row.length < 4) continue;
    const [event, last, duration] = row as unknown[];
    if (typeof event !== 'string' || typeof last !== 'number' || typeof duration !== 'number') continue;
    out.push(redisMetric('latency_spike_last', last, { event_name: event }), redisMetric('latency_spike_duration_seconds', duration / 1e3, { event_name: event }));
  }
  return out;
}

/** From `CLUSTER INFO` (cluster mode only): `cluster_*` fields as `redis_cluster_*`, as redis_exporter does. */
export function clusterInfoMetrics(text: string): RedisMetric[] {
  const out: RedisMetric[] = [];
  for (const line of text.split('\r\n')) {
    const parts = line.split(':');
    if (parts.length !== 2) continue;
    const metric = mappedFieldMetric(parts[0], parts[1]);
    if (metric) out.push(metric);
  }
  return out;
}
