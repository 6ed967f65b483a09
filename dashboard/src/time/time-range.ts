// Time ranges as Grafana writes them in URLs: `from=now-1h&to=now` (relative) or Unix milliseconds (absolute).

export interface TimeRange {
  /** `now-1h`, `now`, or Unix milliseconds as a string. */
  readonly from: string;
  readonly to: string;
}

export interface ResolvedRange {
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const RELATIVE_CHOICES: readonly { readonly label: string; readonly from: string }[] = [
  { label: 'Last 5 minutes', from: 'now-5m' },
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 3 hours', from: 'now-3h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 12 hours', from: 'now-12h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
];

/** Parses a duration like `90s`, `5m`, `1h`, `7d`, `2w` to milliseconds; undefined if it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^(\d+)([smhdw])$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]];
}

/**
 * What someone types for a custom relative range, as Grafana's "From" field takes it: `2d`, `90m` or `now-2d`
 * (spaces ignored). Returns the range's `from` (`now-2d`), or undefined if it is not a positive duration.
 */
export function parseRelativeInput(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  const d = /^(?:now-)?(\d+[smhdw])$/.exec(t);
  if (!d) return undefined;
  const ms = parseDurationMs(d[1]);
  return ms === undefined || ms <= 0 ? undefined : `now-${d[1]}`;
}

/** Resolves one end of a range to Unix ms: `now`, `now-<duration>`, or Unix ms. Undefined if unreadable. */
export function resolveTime(text: string, nowMs: number): number | undefined {
  const t = text.trim();
  if (t === 'now') return nowMs;
  const rel = /^now-(\d+[smhdw])$/.exec(t);
  if (rel) {
    const d = parseDurationMs(rel[1]);
    return d === undefined ? undefined : nowMs - d;
  }
  if (/^\d{10,}$/.test(t)) return Number(t);
  return undefined;
}

/** Resolves a range to Unix seconds; an unreadable or inverted range falls back to the last hour. */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange {
  const from = resolveTime(range.from, nowMs);
  const to = resolveTime(range.to, nowMs);
  if (from === undefined || to === undefined || from >= to) return { start: (nowMs - 3_600_000) / 1000, end: nowMs / 1000 };
  return { start: from / 1000, end: to / 1000 };
}

export function isRelative(range: TimeRange): boolean {
  return range.to === 'now' && range.from.startsWith('now-');
}

/** A label for the picker button: "Last 1 hour" or "2026-11-24 10:00 to 2026-11-24 11:00". */
export function describeRange(range: TimeRange): string {
  const preset = RELATIVE_CHOICES.find((c) => c.from === range.from && range.to === 'now');
  if (preset) return preset.label;
  if (isRelative(range)) return `Last ${range.from.slice(4)}`;
  const from = resolveTime(range.from, Date.now());
  const to = resolveTime(range.to, Date.now());
  if (from === undefined || to === undefined) return `${range.from} to ${range.to}`;
  return `${formatLocal(from)} to ${formatLocal(to)}`;
}

/** `YYYY-MM-DDTHH:mm` in local time, the value format of `<input type="datetime-local">`. */
export function formatLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
