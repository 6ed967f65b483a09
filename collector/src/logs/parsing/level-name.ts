import type { LogLevelName } from '../log-record.js';

/** Level names as loggers spell them (lower case) → the normalised level. */
const LEVEL_WORDS: Readonly<Record<string, LogLevelName>> = {
  trace: 'trace',
  trc: 'trace',
  verbose: 'trace',
  debug: 'debug',
  dbg: 'debug',
  fine: 'debug',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  warn: 'warn',
  wrn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  eror: 'error',
  severe: 'error',
  fatal: 'fatal',
  ftl: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
};

/**
 * Normalises a level field: pino/bunyan numbers (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal;
 * values in between round down to the band they are in), numeric strings, and the usual words in any case
 * (`WARNING`, `err`, `CRITICAL`...). Undefined when the value is not a level.
 */
export function levelFromValue(value: unknown): LogLevelName | undefined {
  if (typeof value === 'number') return levelFromNumber(value);
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  const named = LEVEL_WORDS[word];
  if (named !== undefined) return named;
  if (/^\d+$/.test(word)) return levelFromNumber(Number(word));
  return undefined;
}

/** A single-word level token (as found in plain lines); same words as levelFromValue. */
export function levelFromWord(word: string): LogLevelName | undefined {
  return LEVEL_WORDS[word.toLowerCase()];
}

function levelFromNumber(n: number): LogLevelName | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n < 20) return 'trace';
  if (n < 30) return 'debug';
  if (n < 40) return 'info';
  if (n < 50) return 'warn';
  if (n < 60) return 'error';
  return 'fatal';
}
