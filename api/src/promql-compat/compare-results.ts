/**
 * Compares two Prometheus query API answers: same status and error type, same result type, same label sets,
 * same timestamps, values equal within a relative tolerance (NaN equals NaN, infinities must match). Vectors
 * and matrices compare as sets of series unless `ordered` (sort, sort_desc, topk, bottomk in instant queries).
 */
export interface CompareOptions {
  readonly relativeTolerance?: number;
  readonly ordered?: boolean;
}

type Point = [number, string];
interface VectorItem {
  metric: Record<string, string>;
  value: Point;
}
interface MatrixItem {
  metric: Record<string, string>;
  values: Point[];
}
interface Body {
  status?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
}

export function labelString(metric: Record<string, string>): string {
  return `{${Object.keys(metric)
    .sort()
    .map((k) => `${k}=${JSON.stringify(metric[k])}`)
    .join(', ')}}`;
}

/** A sample value as the API writes it (`+Inf`, `-Inf`, `NaN` or a decimal). */
function parseValue(s: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

export function valuesClose(a: string, b: string, tol: number): boolean {
  if (a === b) return true;
  const x = parseValue(a);
  const y = parseValue(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y));
}

function comparePoints(where: string, a: Point[], b: Point[], tol: number): string[] {
  const out: string[] = [];
  if (a.length !== b.length) out.push(`${where}: ${a.length} points here, ${b.length} in Prometheus`);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n && out.length < 5; i++) {
    if (a[i][0] !== b[i][0]) out.push(`${where}[${i}]: time ${a[i][0]} here, ${b[i][0]} in Prometheus`);
    else if (!valuesClose(a[i][1], b[i][1], tol)) out.push(`${where} @${a[i][0]}: ${a[i][1]} here, ${b[i][1]} in Prometheus`);
  }
  return out;
}

/** Differences between `ours` and `theirs` (Prometheus's), as readable lines; empty when they agree. */
export function compareResponses(ours: unknown, theirs: unknown, opts: CompareOptions = {}): string[] {
  const tol = opts.relativeTolerance ?? 1e-6;
  const a = ours as Body;
  const b = theirs as Body;
  if (a.status !== b.status) return [`status ${a.status}${a.errorType ? ` (${a.errorType})` : ''} here, ${b.status}${b.errorType ? ` (${b.errorType})` : ''} in Prometheus`];
  if (a.status === 'error') return a.errorType === b.errorType ? [] : [`errorType ${a.errorType} here, ${b.errorType} in Prometheus`];
  const ta = a.data?.resultType;
  const tb = b.data?.resultType;
  if (ta !== tb) return [`resultType ${ta} here, ${tb} in Prometheus`];
  if (ta === 'scalar' || ta === 'string') return comparePoints('result', [a.data?.result as Point], [b.data?.result as Point], tol);

  const ra = (a.data?.result ?? []) as Array<VectorItem | MatrixItem>;
  const rb = (b.data?.result ?? []) as Array<VectorItem | MatrixItem>;
  const points = (item: VectorItem | MatrixItem): Point[] => ('values' in item ? item.values : [item.value]);
  const out: string[] = [];
  if (opts.ordered) {
    const la = ra.map((r) => labelString(r.metric));
    const lb = rb.map((r) => labelString(r.metric));
    if (la.join('\n') !== lb.join('\n')) out.push(`order or labels differ:\n    here: ${la.join(' ')}\n    prom: ${lb.join(' ')}`);
  }
  const ma = new Map(ra.map((r) => [labelString(r.metric), r]));
  const mb = new Map(rb.map((r) => [labelString(r.metric), r]));
  if (ma.size !== ra.length) out.push('duplicate label sets here');
  for (const [k, r] of ma) {
    const other = mb.get(k);
    if (!other) out.push(`only here: ${k} ${JSON.stringify(points(r).slice(0, 3))}`);
    else out.push(...comparePoints(k, points(r), points(other), tol));
  }
  for (const [k, r] of mb) if (!ma.has(k)) out.push(`only in Prometheus: ${k} ${JSON.stringify(points(r).slice(0, 3))}`);
  return out;
}
