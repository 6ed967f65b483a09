import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';
import type pinoModule from 'pino';

// Loaded through require (not import) so that @opentelemetry/instrumentation-pino, which hooks require, wraps
// it: records then carry trace_id/span_id of the active span and are also sent to the OpenTelemetry logs SDK.
const pino = createRequire(import.meta.url)('pino') as typeof pinoModule;

export interface FileLogger {
  readonly logger: Logger;
  /** Writes what is buffered; call before exiting. */
  readonly flush: () => void;
}

/**
 * A pino logger writing JSON lines to `file` (its folder is created), one field `service` on every line so the
 * collector's log tailer can name the service. Writes are asynchronous; `flush()` makes them durable.
 */
export function createFileLogger(file: string, options: { level: string; service: string }): FileLogger {
  mkdirSync(path.dirname(file), { recursive: true });
  const destination = pino.destination({ dest: file, sync: false, minLength: 0 });
  const logger = pino({ level: options.level, base: { service: options.service, pid: process.pid } }, destination);
  return {
    logger,
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // Nothing buffered, or the file is gone: nothing more can be done.
      }
    },
  };
}
