/** Earliest and latest plausible log times (1990 and 2200): numbers outside are not taken as timestamps. */
const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

/**
 * A timestamp field as Unix milliseconds: epoch numbers in seconds, milliseconds, microseconds or nanoseconds
 * (told apart by magnitude), numeric strings likewise, and date strings `Date.parse` understands (ISO 8601,
 * also with a comma before the fraction or a space instead of `T`). Undefined when it is none of these.
 */
export function timestampFromValue(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return fromEpoch(Number(s));
  return parseDateString(s);
}

/** Parses a date string (ISO 8601 and close relatives); a time without zone is local time. */
export function parseDateString(s: string): number | undefined {
  // 2024-01-02 03:04:05,123 → 2024-01-02T03:04:05.123 (V8 parses a space too, but not the comma).
  const normalised = s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2').replace(/(T\d{2}:\d{2}:\d{2}),(\d)/, '$1.$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) || ms < MIN_MS || ms > MAX_MS ? undefined : ms;
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  let ms: number;
  if (n < 1e11) ms = n * 1000; // seconds
  else if (n < 1e14) ms = n; // milliseconds
  else if (n < 1e17) ms = n / 1000; // microseconds
  else ms = n / 1e6; // nanoseconds
  ms = Math.floor(ms);
  return ms < MIN_MS || ms > MAX_MS ? undefined : ms;
}
