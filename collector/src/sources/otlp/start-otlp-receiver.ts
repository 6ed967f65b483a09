import type { Logger } from 'pino';
import type { CollectorConfig } from '../../config/config-schema.js';
import { HttpLogSink } from '../../sinks/http-log-sink.js';
import type { MetricSink } from '../../sinks/metric-sink.js';
import type { Clock } from '../../time/clock.js';
import { OtlpReceiver } from './otlp-receiver.js';

export interface RunningOtlpReceiver {
  readonly receiver: OtlpReceiver;
  /** Resolves with the bound port, or undefined when the receiver could not listen (already logged). */
  readonly started: Promise<number | undefined>;
  /** Stops listening (requests in progress finish), then closes its log sink. Never throws. */
  stop(): Promise<void>;
}

/**
 * Starts the OTLP/HTTP receiver of `config.otlp`: metrics into the collector's metric sink, logs through an
 * HttpLogSink of its own to the api's `POST /api/v1/logs` (`logs.url`, with the sink's token, timeout and retry
 * policy). A receiver that cannot listen (port taken…) is logged as an error naming the address; the rest of
 * the collector runs on.
 */
export function startOtlpReceiver(config: CollectorConfig, metricSink: Pick<MetricSink, 'write'>, clock: Clock, logger: Logger): RunningOtlpReceiver {
  const log = logger.child({ component: 'otlp' });
  const logSink = new HttpLogSink({
    url: config.logs.url,
    token: config.sink.token,
    timeoutMs: config.sink.timeoutMs,
    maxRecordsPerRequest: config.logs.batchSize,
    retry: config.sink.retry,
    clock,
    logger: logger.child({ component: 'otlp-log-sink' }),
  });
  const receiver = new OtlpReceiver({ settings: config.otlp, metricSink, logSink, logger: log, now: () => clock.now() });
  const started = receiver.start().catch((err: unknown) => {
    log.error({ err: { message: (err as Error).message } }, `${(err as Error).message}; the collector runs on without it`);
    return undefined;
  });
  return {
    receiver,
    started,
    stop: async () => {
      await started;
      try {
        await receiver.stop();
      } catch (err) {
        log.warn({ err }, 'OTLP receiver did not stop cleanly');
      }
      await logSink.close();
    },
  };
}
