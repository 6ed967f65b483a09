/**
 * A float as the `le` and `quantile` label values of the OpenTelemetry-to-Prometheus translation spell it (Go's
 * `strconv.FormatFloat(v, 'f', -1, 64)`): the shortest digits that round-trip, never in exponent notation, and
 * `+Inf`, `-Inf`, `NaN`. So `0.005` stays `0.005`, `1e-7` is `0.0000001` and `1e21` is `1000000000000000000000`.
 */
export function formatLabelFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return '0';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  // Position of the decimal point counted from the start of `digits`.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}
