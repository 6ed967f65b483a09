import type { LogRecord } from '../../api/types.js';

export type LogLevel = LogRecord['level'];

/** Lowest first: the order of the stacked histogram (bottom to top) and of its legend. */
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'];

/** The level's colour, a CSS variable defined for the dark and the light theme in logs-page.css. */
export function levelColor(level: string): string {
  return `var(--level-${(LOG_LEVELS as readonly string[]).includes(level) ? level : 'unknown'})`;
}
