import type { Logger } from 'pino';
import type { CollectorConfig } from './config/config-schema.js';
import { startLogPipeline } from './logs/log-pipeline.js';
import { Scheduler, type ScheduledSource } from './scheduler.js';
import type { BufferedMetricSink } from './sinks/batching-sink.js';
import { createMetricSink } from './sinks/create-metric-sink.js';
import { HostSource } from './sources/host/host-source.js';
import { startOtlpReceiver } from './sources/otlp/start-otlp-receiver.js';
import { PostgresSource } from './sources/postgres/postgres-source.js';
import { RedisSource } from './sources/redis/redis-source.js';
import { ScrapeJobSource } from './sources/scrape/scrape-job-source.js';
import { systemClock } from './time/clock.js';

/** How long shutdown waits for running collections, then for the sink to deliver what it holds. */
const STOP_SOURCES_TIMEOUT_MS = 2000;
const FLUSH_TIMEOUT_MS = 5000;

export interface Collector {
  readonly scheduler: Scheduler;
  readonly sink: BufferedMetricSink;
  /** Stops scheduling, flushes the sink (bounded), and resolves; never throws. */
  shutdown(reason: string): Promise<void>;
}

/** Builds sources, sink and scheduler from a config and starts collecting. */
export function startCollector(config: CollectorConfig, logger: Logger): Collector {
  const { sink, target } = createMetricSink(config.sink, systemClock, logger.child({ component: 'sink' }));

  const sources: ScheduledSource[] = [];
  if (config.host.enabled) {
    sources.push({ source: new HostSource(config.host, logger.child({ component: 'host' })), intervalMs: config.host.intervalMs });
  }
  const postgres = config.postgres.enabled ? config.postgres.instances.map((p) => new PostgresSource(p, logger.child({ component: 'postgres' }))) : [];
  postgres.forEach((source, i) => sources.push({ source, intervalMs: config.postgres.instances[i].intervalMs }));
  const scrapeJobs = config.scrape.jobs.map((job) => new ScrapeJobSource(job, logger.child({ component: 'scrape' }), sink));
  scrapeJobs.forEach((source, i) => sources.push({ source, intervalMs: config.scrape.jobs[i].intervalMs }));
  for (const r of config.redis.instances) {
    sources.push({ source: new RedisSource(r, logger.child({ component: 'redis' })), intervalMs: r.intervalMs });
  }
  const scheduler = new Scheduler({ sources, sink, clock: systemClock, logger: logger.child({ component: 'scheduler' }) });
  scheduler.start();
  const otlp = config.otlp.enabled ? startOtlpReceiver(config, sink, systemClock, logger) : undefined;
  const logs = config.logs.enabled ? startLogPipeline(config.logs, config.sink, systemClock, logger) : undefined;
  logger.info(
    {
      configFile: config.configFile ?? null,
      sink: { kind: config.sink.kind, url: target, auth: config.sink.token !== undefined },
      sources: sources.map((s) => ({ name: s.source.name, intervalMs: s.intervalMs })),
    },
    'collector started',
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'collector stopping: no new collections, flushing the sink');
      await otlp?.stop();
      await scheduler.stop(STOP_SOURCES_TIMEOUT_MS);
      await Promise.all(postgres.map((p) => p.close()));
      for (const job of scrapeJobs) job.close();
      const logsStopped = logs?.stop(FLUSH_TIMEOUT_MS);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        sink.close().then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), FLUSH_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      const stats = sink.stats();
      if (timedOut) {
        sink.abort();
        logger.warn({ ...stats, timeoutMs: FLUSH_TIMEOUT_MS }, `sink not flushed in time: ${stats.bufferedSamples} buffered samples are lost`);
      } else {
        logger.info(stats, 'collector stopped; sink flushed');
      }
      await logsStopped;
    })();
    return stopping;
  };
  return { scheduler, sink, shutdown };
}
