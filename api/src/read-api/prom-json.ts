import type { Labels } from '../storage/labels.js';
import type { QueryResult } from '../query/query-result.js';
import type { PromQueryData, PromSampleValue } from './response-schemas.js';

/**
 * A sample value as Prometheus writes it: Go's `strconv.FormatFloat(v, 'f', -1, 64)` (shortest round-trip
 * digits, never an exponent), `NaN`, `+Inf`, `-Inf`.
 */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s[0] === '-';
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intLen = (dot < 0 ? mantissa.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = '0.' + '0'.repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return (negative ? '-' : '') + out;
}

/** Milliseconds to Prometheus's float seconds (`1700000000.123`). */
export function formatTimestamp(ms: number): number {
  return ms / 1000;
}

function point(t: number, v: number): PromSampleValue {
  return [formatTimestamp(t), formatSampleValue(v)];
}

function metric(labels: Labels): Record<string, string> {
  return { ...labels };
}

/** An evaluation result in the `data` shape of `/api/v1/query` and `/api/v1/query_range`. */
export function toPromQueryData(r: QueryResult): PromQueryData {
  switch (r.resultType) {
    case 'vector':
      return { resultType: 'vector', result: r.result.map((s) => ({ metric: metric(s.labels), value: point(s.timestamp, s.value) })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((s) => ({ metric: metric(s.labels), values: s.timestamps.map((t, i) => point(t, s.values[i])) })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: point(r.result.timestamp, r.result.value) };
    case 'string':
      return { resultType: 'string', result: [formatTimestamp(r.result.timestamp), r.result.value] };
  }
}
