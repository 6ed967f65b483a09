import type { CalendarUnit } from './slo-definition.js';

/**
 * OpenSLO's duration shorthand: a positive integer and one unit of s, m, h, d, w, M (month), Q (quarter),
 * Y (year), e.g. `28d`, `1w`, `1M`. Prometheus durations with several units (`1h30m`) are accepted too.
 */
export interface OpenSloDuration {
  readonly count: number;
  readonly unit: 's' | 'm' | 'h' | 'd' | 'w' | 'M' | 'Q' | 'Y';
}

const SHORTHAND_RE = /^(\d+)(s|m|h|d|w|M|Q|Y)$/;

export function parseOpenSloDuration(text: string): OpenSloDuration | undefined {
  const m = SHORTHAND_RE.exec(text.trim());
  if (!m) return undefined;
  const count = Number(m[1]);
  if (!Number.isSafeInteger(count) || count <= 0) return undefined;
  return { count, unit: m[2] as OpenSloDuration['unit'] };
}

const FIXED_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** Months, quarters and years as fixed lengths for rolling windows (30, 90 and 365 days). */
const APPROX_MS: Readonly<Record<string, number>> = { M: 30 * 86_400_000, Q: 90 * 86_400_000, Y: 365 * 86_400_000 };

/** The length of a duration in ms (M, Q, Y taken as 30, 90, 365 days). */
export function openSloDurationMs(d: OpenSloDuration): number {
  return d.count * (FIXED_MS[d.unit] ?? APPROX_MS[d.unit] ?? 0);
}

/** The calendar unit of a calendar-aligned window's duration; undefined for s, m, h. */
export function calendarUnitOf(d: OpenSloDuration): CalendarUnit | undefined {
  switch (d.unit) {
    case 'd':
      return 'day';
    case 'w':
      return 'week';
    case 'M':
      return 'month';
    case 'Q':
      return 'quarter';
    case 'Y':
      return 'year';
    default:
      return undefined;
  }
}
