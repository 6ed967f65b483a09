import { timeZoneOffsetMs } from './parse-openslo.js';
import type { CalendarUnit, SloWindow } from './slo-definition.js';

/** The compliance period that contains `t`: `[start, t]`, and the full period's length (for budget minutes). */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
  /** Length of the whole period (a rolling window's length; a calendar period's from start to its next start). */
  readonly periodMs: number;
}

/**
 * Rolling: `[t - ms, t]`. Calendar: from the start of the period containing `t` (periods of `count` units from
 * `startMs` when given, else aligned to the unit in the window's time zone: days at midnight, weeks on Monday,
 * months on the 1st, quarters on Jan/Apr/Jul/Oct 1st, years on Jan 1st) to `t`.
 */
export function windowBounds(window: SloWindow, t: number): WindowBounds {
  if (window.kind === 'rolling') return { start: t - window.ms, end: t, periodMs: window.ms };
  const { unit, count, timeZone } = window;
  const toLocal = (ms: number): number => ms + timeZoneOffsetMs(ms, timeZone);
  const fromLocal = (local: number): number => local - timeZoneOffsetMs(local - timeZoneOffsetMs(local, timeZone), timeZone);
  const local = toLocal(t);
  let startLocal: number;
  if (window.startMs !== undefined) {
    const anchor = toLocal(window.startMs);
    // Step whole periods from the anchor (backwards or forwards) until the period contains t.
    let k = Math.floor(approxUnits(local - anchor, unit) / count);
    startLocal = addUnits(anchor, unit, k * count);
    while (startLocal > local) startLocal = addUnits(anchor, unit, --k * count);
    while (addUnits(anchor, unit, (k + 1) * count) <= local) startLocal = addUnits(anchor, unit, ++k * count);
  } else {
    const base = unitStart(local, unit);
    const index = unitIndex(base, unit);
    startLocal = addUnits(base, unit, -(((index % count) + count) % count));
  }
  const nextLocal = addUnits(startLocal, unit, count);
  const start = fromLocal(startLocal);
  return { start, end: t, periodMs: fromLocal(nextLocal) - start };
}

const DAY = 86_400_000;

function approxUnits(ms: number, unit: CalendarUnit): number {
  const days = ms / DAY;
  switch (unit) {
    case 'day':
      return days;
    case 'week':
      return days / 7;
    case 'month':
      return days / 30.44;
    case 'quarter':
      return days / 91.31;
    case 'year':
      return days / 365.25;
  }
}

/** `local` is a wall-clock time encoded as UTC ms; calendar arithmetic uses the UTC getters on it. */
function addUnits(local: number, unit: CalendarUnit, n: number): number {
  const d = new Date(local);
  switch (unit) {
    case 'day':
      return local + n * DAY;
    case 'week':
      return local + n * 7 * DAY;
    case 'month':
    case 'quarter':
    case 'year': {
      const months = n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
    }
  }
}

function unitStart(local: number, unit: CalendarUnit): number {
  const d = new Date(local);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (unit) {
    case 'day':
      return Date.UTC(y, m, d.getUTCDate());
    case 'week': {
      const dayStart = Date.UTC(y, m, d.getUTCDate());
      const mondayBased = (d.getUTCDay() + 6) % 7;
      return dayStart - mondayBased * DAY;
    }
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
}

/** The index of the unit starting at `base`, counted from the Unix epoch (for multi-unit periods). */
function unitIndex(base: number, unit: CalendarUnit): number {
  const d = new Date(base);
  switch (unit) {
    case 'day':
      return Math.round(base / DAY);
    case 'week':
      // 1970-01-05 was a Monday.
      return Math.round((base - 4 * DAY) / (7 * DAY));
    case 'month':
      return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
    case 'quarter':
      return (d.getUTCFullYear() - 1970) * 4 + Math.floor(d.getUTCMonth() / 3);
    case 'year':
      return d.getUTCFullYear() - 1970;
  }
}
