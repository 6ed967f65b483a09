import type { TimeRange } from './time-range.js';
import { parseDurationMs } from './time-range.js';

/** The default of a page without one of its own (SLOs, Alerts, Logs, Explore) and of a board without `defaultRange`. */
export const FALLBACK_DEFAULT_RANGE = '1h';

/** A page's default as a relative range: `6h` is the last 6 hours; undefined or unreadable is the last hour. */
export function relativeRange(duration: string | undefined): TimeRange {
  const d = duration !== undefined && parseDurationMs(duration) !== undefined ? duration.trim() : FALLBACK_DEFAULT_RANGE;
  return { from: `now-${d}`, to: 'now' };
}

export interface PageRange {
  readonly range: TimeRange;
  /** True when the URL names the range (`from`/`to`): picked by the user or given in a link, so it wins. */
  readonly explicit: boolean;
}

/**
 * The range a page shows. A range in the URL (`from`, `to`) is an explicit choice: it wins over any default, and
 * the shell's links keep it from page to page (as Grafana keeps a picked range when following links). Without one,
 * the page shows its own default: a board's `defaultRange` (Business opens at the last 6 hours, Overview at the
 * last hour), every other page the last hour. A URL naming only one end takes the other from the default.
 */
export function pageRange(search: URLSearchParams, pageDefault: string | undefined): PageRange {
  const from = search.get('from');
  const to = search.get('to');
  const fallback = relativeRange(pageDefault);
  return { range: { from: from ?? fallback.from, to: to ?? fallback.to }, explicit: from !== null || to !== null };
}
