// Server-side thinning: the query_range step is chosen so a panel gets at most one point per pixel column.

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * The smallest "nice" step (1s, 2s, 5s, ... 1d, then whole days) that gives at most `widthPx` points over
 * [start, end] (Unix seconds), and never below `minStepS`.
 */
export function stepForWidth(start: number, end: number, widthPx: number, minStepS = 1): number {
  const columns = Math.max(1, Math.floor(widthPx));
  const raw = Math.max(minStepS, (end - start) / columns);
  for (const s of NICE_STEPS_S) if (s >= raw) return s;
  return Math.ceil(raw / 86400) * 86400;
}

/** How many points a range query with this step answers per series (both ends included). */
export function pointsFor(start: number, end: number, step: number): number {
  return Math.floor((end - start) / step) + 1;
}

/**
 * `$__rate_interval` as Grafana defines it for a 15 s scrape interval: at least four scrapes, and at least one
 * step plus a scrape, so `rate()` never falls between points.
 */
export function rateIntervalFor(stepS: number, scrapeIntervalS = 15): string {
  return `${Math.max(4 * scrapeIntervalS, stepS + scrapeIntervalS)}s`;
}
