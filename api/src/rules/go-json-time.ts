import { formatFloat } from './template/go-fmt.js';

/** A Unix-ms time as Go's time.Time marshals to JSON (RFC 3339 with trailing fractional zeros removed). */
export function goJsonTime(ms: number | undefined): string {
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z').replace(/\.Z$/, 'Z');
}

/** A sample value as Prometheus's alert JSON writes it: strconv.FormatFloat(v, 'e', -1, 64). */
export function goExpFloat(v: number): string {
  return formatFloat(v, 'e', -1);
}
