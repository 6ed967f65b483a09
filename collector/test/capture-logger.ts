import { pino, type Level, type Logger } from 'pino';

export interface CapturedLog {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger whose JSON lines are kept in `lines` (parsed) so tests can assert on what users would read. */
export function captureLogger(level: Level = 'debug'): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const logger = pino({ level }, { write: (s: string) => void lines.push(JSON.parse(s) as CapturedLog) });
  return { logger, lines };
}
