import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config-schema.js';

/** The collector's root logger: JSON lines on stdout, `name: collector`; modules take `component` children. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ name: 'collector', level, redact: ['token', '*.token', 'headers.authorization'] }, destination);
}
