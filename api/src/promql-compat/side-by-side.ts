import { compareResponses } from './compare-results.js';
import type { CompatQuery } from './compat-queries.js';

/** One request whose answers differ between the api and Prometheus. */
export interface Mismatch {
  readonly request: string;
  readonly query: string;
  readonly diff: readonly string[];
  readonly ours: unknown;
  readonly theirs: unknown;
}

export interface SideBySideOptions {
  readonly apiUrl: string;
  readonly prometheusUrl: string;
  readonly queries: readonly CompatQuery[];
  /** Instant query times (ms). */
  readonly instantTimes: readonly number[];
  /** Range queries (ms); every query runs over each. */
  readonly ranges: ReadonlyArray<{ readonly start: number; readonly end: number; readonly stepMs: number }>;
  readonly relativeTolerance?: number;
  /** Other GET requests (series, labels, label values) whose JSON must be identical. */
  readonly exactPaths?: readonly string[];
}

export interface SideBySideReport {
  readonly requests: number;
  /** Requests where Prometheus answered success with a non-empty result (guards against comparing nothing). */
  readonly nonEmpty: number;
  /** Requests where Prometheus answered with an error. */
  readonly errors: number;
  readonly mismatches: readonly Mismatch[];
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { status: `HTTP ${res.status}`, body: text };
  }
}

/** Runs every query through format_query, as instant queries and as range queries against both servers, and collects the differences. */
export async function runSideBySide(opts: SideBySideOptions): Promise<SideBySideReport> {
  const mismatches: Mismatch[] = [];
  let requests = 0;
  let nonEmpty = 0;
  let errors = 0;
  const check = async (path: string, query: string, ordered: boolean): Promise<void> => {
    requests++;
    const [ours, theirs] = await Promise.all([getJson(opts.apiUrl + path), getJson(opts.prometheusUrl + path)]);
    const body = theirs as { status?: string; data?: { resultType?: string; result?: unknown } };
    if (body.status !== 'success') errors++;
    else if (!Array.isArray(body.data?.result) || body.data.resultType === 'scalar' || body.data.result.length > 0) nonEmpty++;
    const diff = compareResponses(ours, theirs, { relativeTolerance: opts.relativeTolerance, ordered });
    if (diff.length > 0) mismatches.push({ request: path, query, diff, ours, theirs });
  };
  for (const { query, ordered } of opts.queries) {
    const q = encodeURIComponent(query);
    // format_query must give the very same text
    requests++;
    const formatPath = `/api/v1/format_query?query=${q}`;
    const [ours, theirs] = await Promise.all([getJson(opts.apiUrl + formatPath), getJson(opts.prometheusUrl + formatPath)]);
    // the same text on success; on errors the same type (parser messages are compared by the parser's tests)
    const formatted = compareResponses(ours, theirs);
    const a = ours as { status?: string; data?: unknown };
    const b = theirs as { status?: string; data?: unknown };
    if (formatted.length > 0 || (a.status === 'success' && a.data !== b.data)) {
      mismatches.push({ request: formatPath, query, diff: formatted.length > 0 ? formatted : ['format_query text differs'], ours, theirs });
    }
    for (const t of opts.instantTimes) await check(`/api/v1/query?query=${q}&time=${t / 1000}`, query, ordered ?? false);
    for (const r of opts.ranges) {
      await check(`/api/v1/query_range?query=${q}&start=${r.start / 1000}&end=${r.end / 1000}&step=${r.stepMs / 1000}`, query, false);
    }
  }
  for (const p of opts.exactPaths ?? []) {
    requests++;
    const [ours, theirs] = await Promise.all([getJson(opts.apiUrl + p), getJson(opts.prometheusUrl + p)]);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push({ request: p, query: p, diff: ['answers differ'], ours, theirs });
  }
  return { requests, nonEmpty, errors, mismatches };
}

function truncate(value: unknown, max = 1500): string {
  const s = JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

/** A mismatch as printed by the test and the CLI: the query, the diff, then both answers (truncated). */
export function formatMismatch(m: Mismatch): string {
  return [`QUERY ${m.query}`, `  GET ${m.request}`, ...m.diff.map((d) => `  - ${d}`), `  api:        ${truncate(m.ours)}`, `  prometheus: ${truncate(m.theirs)}`].join('\n');
}
