import type { CollectedSample } from '../source.js';
import { attributesToStrings } from './any-value.js';
import { DeltaSeriesLimitError, type DeltaAccumulator, type ExponentialTotals, type HistogramTotals } from './delta-accumulator.js';
import { exponentialBucketsOf, toCumulativeBuckets } from './exponential-histogram.js';
import { formatLabelFloat } from './label-float.js';
import {
  FLAG_NO_RECORDED_VALUE,
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_DELTA,
  type OtlpExponentialHistogramDataPoint,
  type OtlpHistogramDataPoint,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpMetricsRequest,
  type OtlpNumberDataPoint,
  type OtlpResource,
  type OtlpScope,
  type OtlpSummaryDataPoint,
} from './otlp-model.js';
import { prometheusLabelName, prometheusMetricName, type PrometheusMetricKind } from './prometheus-naming.js';

export interface MetricsTranslatorOptions {
  readonly delta: DeltaAccumulator;
  /** Exponential histograms finer than this scale are downscaled to it before becoming `_bucket` series. */
  readonly maxExponentialScale: number;
}

export interface MetricsTranslation {
  readonly samples: CollectedSample[];
  /** Data points not translated (the `rejected_data_points` of the reply). */
  readonly rejected: number;
  /** Why, one entry per distinct reason (for `error_message` and the log). */
  readonly errors: readonly string[];
}

/** Resource attributes that become `job` and `instance` rather than `target_info` labels. */
const SERVICE_NAME = 'service.name';
const SERVICE_NAMESPACE = 'service.namespace';
const SERVICE_INSTANCE_ID = 'service.instance.id';

type Labels = Record<string, string>;

class PointRejected extends Error {}

/**
 * OTLP metrics to Prometheus samples, following the OpenTelemetry-to-Prometheus compatibility specification:
 *
 * - gauges as gauges; monotonic sums as counters (`_total`); non-monotonic sums as gauges; delta sums and
 *   histograms are accumulated to cumulative per series (DeltaAccumulator);
 * - explicit-bucket histograms as `_bucket{le}` (cumulative, with `+Inf`), `_sum`, `_count`; exponential
 *   histograms the same after conversion to explicit buckets (exponential-histogram.ts); summaries as
 *   `{quantile}`, `_sum`, `_count`;
 * - names and label names through prometheus-naming.ts; attributes whose names collide after that have their
 *   values joined with `;` in key order; `otel_scope_name`/`otel_scope_version` from the instrumentation scope;
 * - `job` = `service.namespace/service.name` (or `service.name`), `instance` = `service.instance.id`, and the
 *   other resource attributes as labels of a `target_info` gauge (value 1) per resource.
 *
 * Points flagged "no recorded value" are skipped; invalid points (no value, bucket counts that do not match
 * the bounds, unspecified temporality, a nameless metric) are counted as rejected with a reason.
 */
export class MetricsTranslator {
  constructor(private readonly options: MetricsTranslatorOptions) {}

  translate(request: OtlpMetricsRequest, receivedAt: number): MetricsTranslation {
    const samples: CollectedSample[] = [];
    const errors = new Set<string>();
    let rejected = 0;
    this.options.delta.sweep(receivedAt);
    for (const rm of request.resourceMetrics ?? []) {
      const { target, info } = resourceLabels(rm.resource);
      let latest: number | undefined;
      for (const sm of rm.scopeMetrics ?? []) {
        const scope = scopeLabels(sm.scope);
        for (const metric of sm.metrics ?? []) {
          const r = this.translateMetric(metric, { ...scope, ...target }, receivedAt, samples);
          rejected += r.rejected;
          for (const e of r.errors) errors.add(e);
          if (r.latest !== undefined && (latest === undefined || r.latest > latest)) latest = r.latest;
        }
      }
      if (info !== undefined) samples.push({ name: 'target_info', labels: { ...info, ...target }, value: 1, timestamp: latest ?? receivedAt });
    }
    return { samples, rejected, errors: [...errors] };
  }

  private translateMetric(
    metric: OtlpMetric,
    extra: Labels,
    receivedAt: number,
    out: CollectedSample[],
  ): { rejected: number; errors: string[]; latest: number | undefined } {
    const points = pointsOf(metric);
    const otelName = metric.name ?? '';
    const unit = metric.unit ?? '';
    const kind = kindOf(metric);
    const name = kind === undefined ? '' : prometheusMetricName(otelName, unit, kind);
    if (kind === undefined || name === '') {
      const why = kind === undefined ? `metric "${otelName}" has no data` : `metric name "${otelName}" has no valid characters`;
      return { rejected: points.length, errors: points.length > 0 ? [why] : [], latest: undefined };
    }
    const temporality = metric.sum?.aggregationTemporality ?? metric.histogram?.aggregationTemporality ?? metric.exponentialHistogram?.aggregationTemporality;
    const errors: string[] = [];
    let rejected = 0;
    let latest: number | undefined;
    for (const p of points) {
      if (((p.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0) continue;
      const ts = nanosToMs(p.timeUnixNano) ?? receivedAt;
      const labels = { ...pointLabels(p.attributes), ...extra };
      try {
        if (metric.gauge !== undefined) {
          out.push({ name, labels, value: numberValue(p, otelName), timestamp: ts });
        } else if (metric.sum !== undefined) {
          const v = numberValue(p, otelName);
          const value = this.isDelta(temporality, otelName) ? this.options.delta.addSum(seriesKey(name, labels), v, receivedAt) : v;
          out.push({ name, labels, value, timestamp: ts });
        } else if (metric.histogram !== undefined) {
          this.histogram(name, labels, p as OtlpHistogramDataPoint, temporality, otelName, receivedAt, ts, out);
        } else if (metric.exponentialHistogram !== undefined) {
          this.exponential(name, labels, p as OtlpExponentialHistogramDataPoint, temporality, otelName, receivedAt, ts, out);
        } else {
          summary(name, labels, p as OtlpSummaryDataPoint, ts, out);
        }
        if (latest === undefined || ts > latest) latest = ts;
      } catch (err) {
        if (!(err instanceof PointRejected || err instanceof DeltaSeriesLimitError)) throw err;
        rejected++;
        if (!errors.includes(err.message)) errors.push(err.message);
      }
    }
    return { rejected, errors, latest };
  }

  private isDelta(temporality: number | undefined, otelName: string): boolean {
    if (temporality === TEMPORALITY_DELTA) return true;
    if (temporality === TEMPORALITY_CUMULATIVE) return false;
    throw new PointRejected(`metric "${otelName}": aggregation temporality unspecified`);
  }

  private histogram(
    name: string,
    labels: Labels,
    p: OtlpHistogramDataPoint,
    temporality: number | undefined,
    otelName: string,
    receivedAt: number,
    ts: number,
    out: CollectedSample[],
  ): void {
    const bounds = p.explicitBounds ?? [];
    const counts = (p.bucketCounts ?? []).map(Number);
    if (counts.length !== 0 && counts.length !== bounds.length + 1) {
      throw new PointRejected(`metric "${otelName}": ${counts.length} bucket counts for ${bounds.length} bounds (want bounds + 1)`);
    }
    let totals: HistogramTotals = { bounds, bucketCounts: counts, sum: p.sum, count: Number(p.count ?? 0) };
    if (this.isDelta(temporality, otelName)) totals = this.options.delta.addHistogram(seriesKey(name, labels), totals, receivedAt);
    let cumulative = 0;
    for (let i = 0; i < totals.bounds.length && i < totals.bucketCounts.length; i++) {
      cumulative += totals.bucketCounts[i];
      out.push({ name: `${name}_bucket`, labels: { ...labels, le: formatLabelFloat(totals.bounds[i]) }, value: cumulative, timestamp: ts });
    }
    pushSumCount(name, labels, totals.sum, totals.count, ts, out);
  }

  private exponential(
    name: string,
    labels: Labels,
    p: OtlpExponentialHistogramDataPoint,
    temporality: number | undefined,
    otelName: string,
    receivedAt: number,
    ts: number,
    out: CollectedSample[],
  ): void {
    let totals: ExponentialTotals = { buckets: exponentialBucketsOf(p, this.options.maxExponentialScale), sum: p.sum, count: Number(p.count ?? 0) };
    if (this.isDelta(temporality, otelName)) totals = this.options.delta.addExponential(seriesKey(name, labels), totals, receivedAt);
    for (const b of toCumulativeBuckets(totals.buckets)) {
      out.push({ name: `${name}_bucket`, labels: { ...labels, le: formatLabelFloat(b.le) }, value: b.count, timestamp: ts });
    }
    pushSumCount(name, labels, totals.sum, totals.count, ts, out);
  }
}

function summary(name: string, labels: Labels, p: OtlpSummaryDataPoint, ts: number, out: CollectedSample[]): void {
  for (const q of p.quantileValues ?? []) {
    out.push({ name, labels: { ...labels, quantile: formatLabelFloat(q.quantile ?? 0) }, value: q.value ?? 0, timestamp: ts });
  }
  out.push({ name: `${name}_sum`, labels, value: p.sum ?? 0, timestamp: ts });
  out.push({ name: `${name}_count`, labels, value: Number(p.count ?? 0), timestamp: ts });
}

/** `_bucket{le="+Inf"}` (= count), `_sum` (when the point has one) and `_count`. */
function pushSumCount(name: string, labels: Labels, sum: number | undefined, count: number, ts: number, out: CollectedSample[]): void {
  out.push({ name: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: count, timestamp: ts });
  if (sum !== undefined) out.push({ name: `${name}_sum`, labels, value: sum, timestamp: ts });
  out.push({ name: `${name}_count`, labels, value: count, timestamp: ts });
}

function kindOf(m: OtlpMetric): PrometheusMetricKind | undefined {
  if (m.gauge !== undefined) return 'gauge';
  if (m.sum !== undefined) return m.sum.isMonotonic === true ? 'counter' : 'non-monotonic-counter';
  if (m.histogram !== undefined || m.exponentialHistogram !== undefined) return 'histogram';
  if (m.summary !== undefined) return 'summary';
  return undefined;
}

type AnyPoint = OtlpNumberDataPoint | OtlpHistogramDataPoint | OtlpExponentialHistogramDataPoint | OtlpSummaryDataPoint;

function pointsOf(m: OtlpMetric): readonly AnyPoint[] {
  return (
    m.gauge?.dataPoints ??
    m.sum?.dataPoints ??
    m.histogram?.dataPoints ??
    m.exponentialHistogram?.dataPoints ??
    m.summary?.dataPoints ??
    []
  );
}

function numberValue(p: OtlpNumberDataPoint, otelName: string): number {
  if (p.asDouble !== undefined) return p.asDouble;
  if (p.asInt !== undefined) return Number(p.asInt);
  throw new PointRejected(`metric "${otelName}": data point without a value`);
}

/**
 * Point attributes as Prometheus labels; keys that collide after translation get their values joined with `;`.
 * Reserved (`__x`) names and empty values are left out.
 */
function pointLabels(kvs: readonly OtlpKeyValue[] | undefined): Labels {
  if (kvs === undefined || kvs.length === 0) return {};
  const attrs = [...attributesToStrings(kvs)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Labels = {};
  for (const [key, value] of attrs) {
    const name = prometheusLabelName(key);
    // `__`-prefixed names are reserved (`__name__`…); an empty value is the same as no label in Prometheus.
    if (name === undefined || name.startsWith('__') || value === '') continue;
    out[name] = out[name] !== undefined ? `${out[name]};${value}` : value;
  }
  return out;
}

function scopeLabels(scope: OtlpScope | undefined): Labels {
  const out: Labels = {};
  if (scope?.name) out.otel_scope_name = scope.name;
  if (scope?.version) out.otel_scope_version = scope.version;
  return out;
}

/** `job`/`instance` from the service attributes; the other resource attributes for `target_info` (undefined if none). */
function resourceLabels(resource: OtlpResource | undefined): { target: Labels; info: Labels | undefined } {
  const attrs = attributesToStrings(resource?.attributes);
  const target: Labels = {};
  const serviceName = attrs.get(SERVICE_NAME);
  const namespace = attrs.get(SERVICE_NAMESPACE);
  if (serviceName !== undefined && serviceName !== '') target.job = namespace ? `${namespace}/${serviceName}` : serviceName;
  const instance = attrs.get(SERVICE_INSTANCE_ID);
  if (instance !== undefined && instance !== '') target.instance = instance;
  const rest = [...attrs].filter(([k]) => k !== SERVICE_NAME && k !== SERVICE_NAMESPACE && k !== SERVICE_INSTANCE_ID);
  if (rest.length === 0) return { target, info: undefined };
  return { target, info: pointLabels(rest.map(([key, v]) => ({ key, value: { stringValue: v } }))) };
}

function nanosToMs(ns: string | undefined): number | undefined {
  if (ns === undefined || ns === '0' || ns === '') return undefined;
  const ms = Math.floor(Number(ns) / 1e6);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function seriesKey(name: string, labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let k = name;
  for (const key of keys) k += `\u0000${key}\u0001${labels[key]}`;
  return k;
}
