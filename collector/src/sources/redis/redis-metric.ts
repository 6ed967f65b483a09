/** A metric as the Redis source derives it, before `job`/`instance` and configured labels are added. */
export interface RedisMetric {
  /** Full name, e.g. `redis_connected_clients`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** redis_exporter's default namespace: every metric is `redis_<name>`. */
export const NAMESPACE = 'redis';

export function redisMetric(name: string, value: number, labels: Readonly<Record<string, string>> = {}): RedisMetric {
  return { name: `${NAMESPACE}_${name}`, labels, value };
}
