import os from 'node:os';
import type { Logger } from 'pino';
import type { SinkConfig } from '../config/config-schema.js';
import type { LogsConfig } from '../config/sections/logs-config.js';
import { HttpLogSink } from '../sinks/http-log-sink.js';
import type { Clock } from '../time/clock.js';
import { LogFileTailer } from './tail/log-file-tailer.js';

export interface LogPipeline {
  readonly tailer: LogFileTailer;
  readonly sink: HttpLogSink;
  /**
   * Stops reading, sends what was read (waiting at most `timeoutMs` for the api), saves the offsets and
   * closes the sink. Records not acknowledged by then are read again on the next start. Never throws.
   */
  stop(timeoutMs: number): Promise<void>;
}

/** Starts tailing the configured log files into `POST /api/v1/logs` (retry policy, timeout and token from `sink`). */
export function startLogPipeline(config: LogsConfig, sinkConfig: SinkConfig, clock: Clock, logger: Logger): LogPipeline {
  const sink = new HttpLogSink({
    url: config.url,
    token: sinkConfig.token,
    timeoutMs: sinkConfig.timeoutMs,
    maxRecordsPerRequest: config.batchSize,
    retry: sinkConfig.retry,
    clock,
    logger: logger.child({ component: 'log-sink' }),
  });
  const log = logger.child({ component: 'logs' });
  const tailer = new LogFileTailer({
    files: config.files,
    checkpointPath: config.checkpointPath,
    pollIntervalMs: config.pollIntervalMs,
    batchSize: config.batchSize,
    flushIntervalMs: config.flushIntervalMs,
    maxBufferRecords: config.maxBufferRecords,
    rotateWaitMs: config.rotateWaitMs,
    maxLineBytes: config.maxLineBytes,
    hostname: os.hostname(),
    sink,
    clock,
    logger: log,
  });
  const started = tailer.start().catch((err: unknown) => log.error({ err }, 'log tailer failed to start'));
  log.info({ files: config.files.map((f) => f.paths).flat(), url: config.url, checkpoint: config.checkpointPath }, 'log tailing started');
  return {
    tailer,
    sink,
    stop: async (timeoutMs) => {
      await started;
      let timer: NodeJS.Timeout | undefined;
      const stopped = tailer.stop();
      const timedOut = await Promise.race([
        stopped.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
      ]);
      clearTimeout(timer);
      await sink.close();
      await stopped;
      const stats = { ...tailer.stats(), ...sink.stats() };
      if (timedOut) log.warn({ ...stats, timeoutMs }, 'log api did not acknowledge in time: unacknowledged lines are read again on the next start');
      else log.info(stats, 'log tailing stopped; offsets saved');
    },
  };
}
