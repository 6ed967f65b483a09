import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { REDIS_DEFAULTS } from '../../config/sections/redis-config.js';
import type { CollectedSample, Source } from '../source.js';
import { infoMetrics } from './info-metrics.js';
import { parseInfo } from './info-parser.js';
import { parseRedisAddress, type RedisAddress } from './redis-address.js';
import { redisMetric, type RedisMetric } from './redis-metric.js';
import { DEFAULT_DB_COUNT, clusterInfoMetrics, configMetrics, latencyLatestMetrics, slowlogMetrics } from './reply-metrics.js';

/** Shown in `CLIENT LIST` for the collector's connections (redis_exporter uses `redis_exporter`). */
export const REDIS_CLIENT_NAME = 'slo-collector';

export interface RedisSourceOptions {
  /** As in the config: `host:port`, `redis://[user[:password]@]host:port`, `rediss://...`, `unix:///path`. */
  readonly address: string;
  /** Override the address's user name / password (e.g. from `passwordFile`). Never logged. */
  readonly username?: string;
  readonly password?: string;
  /** Bound of one collection: connect, authenticate and every command (default 5000). */
  readonly timeoutMs?: number;
  /** Added to every sample, over the defaults `job="redis"` and `instance="<host:port>"`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One Redis server, read the way Debian's prometheus-redis-exporter (redis_exporter 1.45) reads it, with the
 * same metric names, labels and units: a fresh connection per collection (as the exporter dials per scrape)
 * sends `CONFIG GET *`, `INFO ALL`, `LATENCY LATEST`, `SLOWLOG LEN` and `SLOWLOG GET 1` (and `CLUSTER INFO` in
 * cluster mode), then closes. `redis_up` is 1 when INFO succeeded. A server that is down, refuses the
 * password, or does not answer within the timeout gives `redis_up 0` and nothing else; that is logged once
 * per change of state, never thrown. The connection never retries or queues on its own: the next tick is the
 * retry. Passwords are never logged (addresses are logged redacted).
 */
export class RedisSource implements Source {
  readonly name: string;
  private readonly address: RedisAddress;
  private readonly labels: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  private lastUp: boolean | undefined;

  constructor(
    private readonly options: RedisSourceOptions,
    private readonly log: Logger,
  ) {
    this.address = parseRedisAddress(options.address);
    this.labels = { job: REDIS_DEFAULTS.job, instance: this.address.instance, ...options.labels };
    this.timeoutMs = options.timeoutMs ?? 5000;
    if (!(this.timeoutMs > 0)) throw new RangeError(`redis ${this.address.redacted}: timeout must be > 0`);
    this.name = `redis:${this.labels.instance}`;
  }

  async collect(now: number): Promise<CollectedSample[]> {
    let metrics: RedisMetric[];
    let failure: string | undefined;
    try {
      metrics = await this.read(now);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
      metrics = [];
    }
    const up = failure === undefined;
    this.logStateChange(up, failure);
    metrics.push(redisMetric('up', up ? 1 : 0));
    return this.toSamples(metrics, now);
  }

  private async read(now: number): Promise<RedisMetric[]> {
    const a = this.address;
    const client = new Redis({
      ...(a.socketPath !== undefined ? { path: a.socketPath } : { host: a.host, port: a.port }),
      // SNI takes host names only; certificates of IP addresses are checked against the IP without it.
      ...(a.tls ? { tls: isIP(a.host) === 0 ? { servername: a.host } : {} } : {}),
      username: this.options.username ?? a.username,
      password: this.options.password ?? a.password,
      connectionName: REDIS_CLIENT_NAME,
      // RESP2 and no CLIENT SETINFO: what every Redis version (and redis_exporter) speaks, one command less.
      protocol: 2,
      disableClientInfo: true,
      // A server that never answers keeps a half-closed socket; do not wait for it long.
      disconnectTimeout: 500,
      lazyConnect: true,
      connectTimeout: this.timeoutMs,
      commandTimeout: this.timeoutMs,
      // One attempt per collection: no reconnects, no retries, no queueing while disconnected.
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      // INFO answers while a dump loads; the ready check would wait for it (and send an INFO of its own).
      enableReadyCheck: false,
      autoResubscribe: false,
    });
    // Without a listener ioredis prints socket errors to stderr; kept as the reason when the connection closes.
    let socketError: Error | undefined;
    client.on('error', (err: Error) => (socketError ??= err));
    const work = this.query(client, now);
    work.catch(() => undefined); // when the deadline wins, the abandoned work's rejection is expected
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${this.timeoutMs}ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([work, deadline]);
    } catch (err) {
      // "Connection is closed." says less than the socket error behind it (ECONNREFUSED, ENOTFOUND, TLS).
      if (socketError !== undefined && err instanceof Error && err.message === 'Connection is closed.') throw socketError;
      throw err;
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
  }

  private async query(client: Redis, now: number): Promise<RedisMetric[]> {
    await client.connect();
    const [config, info, latency, slowlogLen, slowlogGet] = await Promise.allSettled([
      client.call('CONFIG', 'GET', '*'),
      client.call('INFO', 'ALL'),
      client.call('LATENCY', 'LATEST'),
      client.call('SLOWLOG', 'LEN'),
      client.call('SLOWLOG', 'GET', '1'),
    ]);
    let infoText = info.status === 'fulfilled' ? String(info.value) : '';
    if (infoText === '') {
      // Servers older than 2.6 (or proxies) know only plain INFO.
      try {
        infoText = String(await client.call('INFO'));
      } catch (err) {
        throw info.status === 'rejected' ? info.reason : err;
      }
    }
    const cfg = configMetrics(config.status === 'fulfilled' ? config.value : undefined);
    const out: RedisMetric[] = [...cfg.metrics];
    let dbCount = cfg.dbCount ?? DEFAULT_DB_COUNT;
    if (infoText.includes('cluster_enabled:1')) {
      try {
        out.push(...clusterInfoMetrics(String(await client.call('CLUSTER', 'INFO'))));
        dbCount = 1; // a cluster has only db0
      } catch (err) {
        this.log.debug({ instance: this.labels.instance, err: String(err) }, 'CLUSTER INFO failed');
      }
    }
    out.push(...infoMetrics(parseInfo(infoText), { dbCount, nowMs: now }));
    out.push(...latencyLatestMetrics(latency.status === 'fulfilled' ? latency.value : undefined));
    out.push(
      ...slowlogMetrics(
        slowlogLen.status === 'fulfilled' ? slowlogLen.value : undefined,
        slowlogGet.status === 'fulfilled' ? slowlogGet.value : undefined,
      ),
    );
    return out;
  }

  /**
   * Adds the target labels, as a Prometheus scrape of the exporter would: empty label values are dropped (the
   * same as no label), a label of the metric named like a target label is kept as `exported_<name>`, and a
   * series that appears twice keeps its first value.
   */
  private toSamples(metrics: readonly RedisMetric[], now: number): CollectedSample[] {
    const out: CollectedSample[] = [];
    const seen = new Set<string>();
    for (const m of metrics) {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.labels)) {
        if (v === '') continue;
        labels[k in this.labels ? `exported_${k}` : k] = v;
      }
      Object.assign(labels, this.labels);
      const key = `${m.name}${JSON.stringify(Object.entries(labels).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: m.name, labels, value: m.value, timestamp: now });
    }
    return out;
  }

  private logStateChange(up: boolean, reason: string | undefined): void {
    if (this.lastUp === up) return;
    const first = this.lastUp === undefined;
    this.lastUp = up;
    const fields = { instance: this.labels.instance, address: this.address.redacted };
    if (up) this.log.info(fields, first ? 'redis is up' : 'redis is up again');
    else this.log.warn({ ...fields, reason }, 'redis is down (redis_up 0); next log line when it changes');
  }
}
