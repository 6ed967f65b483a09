import { formatDuration, parseDuration } from '../config/duration.js';
import type { Expr } from '../query/ast.js';
import { evaluateInstant, evaluateRange, type QueryContext } from '../query/evaluate-query.js';
import type { QueryResult } from '../query/query-result.js';
import { labelsKey, type Labels } from '../storage/labels.js';
import type { Correction } from './budget-corrections.js';
import type { MetricStore } from '../storage/metric-store.js';
import { bucketSelections, parseLe, parseTemplate, type BucketSelection } from './query-template.js';
import { SliceSeries, type SliceCounts } from './slice-series.js';
import { formatSloFileProblem, windowedQuery, type QueryTemplate, type SloDefinition, type SourcePosition } from './slo-definition.js';
import { budgetFromConsumed, burnRate, errorBudget, timeToExhaustionMs } from './slo-math.js';
import { BURN_WINDOWS, EXHAUSTION_BURN_WINDOW, type BurnWindow, type SloGroupResult, type SloHistorySeries, type SloStatus } from './slo-results.js';
import { windowBounds } from './slo-window.js';

/** What every SLO evaluation needs from the engine. */
export interface SloRuntimeEnv {
  readonly store: MetricStore;
  readonly lookbackDeltaMs: number;
  readonly maxSamples: number;
  readonly queryTimeoutMs: number;
  /** A slice ending at E is computed once the clock is at E + settleMs (late samples have arrived). */
  readonly settleMs: number;
  /** Slices kept (and backfilled) back to `t - historyFactor × period`: 2 lets the burn-down cover a whole window. */
  readonly historyFactor: number;
  /** Most slices computed by one range query while backfilling. */
  readonly backfillChunkSlices: number;
  /** Budget corrections of an SLO: slices overlapping them count neither as good nor as bad (SLI, budget, history). */
  readonly correctionsFor?: (slo: string) => readonly Correction[];
}

/** Slice length of Occurrences ratio SLIs (the event counts are summed from these). */
export const OCCURRENCE_SLICE_MS = 5 * 60_000;
/** Slice length of threshold SLIs with Occurrences budgeting (one point per minute). */
export const THRESHOLD_POINT_MS = 60_000;

/**
 * Burn windows at least this long (6h, 1d, 3d) are summed from the cached slices (ending at the last settled slice)
 * instead of `rate(...[3d])` over raw samples at every evaluation; shorter ones are exact instant queries. The
 * generated burn-rate rules record the exact Sloth-style rates for alerting (slo:sli_error:ratio_rate<w>).
 */
const SLICED_BURN_WINDOW_MS = 6 * 3_600_000;

const BURN_WINDOW_MS: Readonly<Record<BurnWindow, number>> = Object.fromEntries(BURN_WINDOWS.map((w) => [w, parseDuration(w)])) as Record<BurnWindow, number>;

interface GroupValue {
  readonly labels: Labels;
  readonly value: number;
}

/**
 * The evaluation state of one SLO: its per-slice event counts (computed once per slice, backfilled on the first
 * evaluation), the bucket-boundary check of latency SLIs, and the last status. `evaluate(t)` brings the slices
 * up to `t`, computes the window SLI, the budget, the burn rates (exact instant queries over each burn window)
 * and the time to exhaustion, per group and for the whole SLO.
 */
export class SloRuntime {
  readonly slices: SliceSeries;
  private readonly exprCache = new Map<string, Expr>();
  private readonly buckets: Array<BucketSelection & { source: SourcePosition }>;
  private bucketsChecked = false;
  private status: SloStatus;
  /** The events after the last settled slice, as of the last evaluation (Occurrences ratio SLIs). */
  private lastTail: Tail | undefined;

  constructor(
    readonly definition: SloDefinition,
    private readonly env: SloRuntimeEnv,
  ) {
    const b = definition.budgeting;
    const sliceMs = b.method === 'Occurrences' ? (definition.indicator.kind === 'threshold' ? THRESHOLD_POINT_MS : OCCURRENCE_SLICE_MS) : b.sliceMs;
    this.slices = new SliceSeries(sliceMs);
    this.buckets = [];
    for (const t of this.templates()) {
      try {
        for (const s of bucketSelections(t.template)) this.buckets.push({ ...s, source: t.source });
      } catch {
        // validated at load time
      }
    }
    this.status = {
      definition,
      state: 'pending',
      errors: [],
      evaluatedAt: undefined,
      evaluationMs: undefined,
      windowStart: undefined,
      periodMs: undefined,
      result: undefined,
      groups: [],
    };
  }

  lastStatus(): SloStatus {
    return this.status;
  }

  async evaluate(t: number): Promise<SloStatus> {
    const began = performance.now();
    const def = this.definition;
    const errors: string[] = [];
    const bounds = windowBounds(def.window, t);
    try {
      const bucketError = await this.checkBuckets(t);
      if (bucketError) {
        this.status = { ...this.status, state: 'error', errors: [bucketError], evaluatedAt: t, evaluationMs: performance.now() - began, windowStart: bounds.start, periodMs: bounds.periodMs, result: undefined, groups: [] };
        return this.status;
      }
      await this.updateSlices(t, bounds.periodMs);
      const burns = await this.burnRates(t);
      const s = this.slices.sliceMs;
      const lo = Math.ceil(bounds.start / s) + 1;
      const settled = this.slices.indexAtOrBefore(t - this.env.settleMs);
      const hi = Math.min(settled, this.slices.lastIndex() ?? -Infinity);
      const tail = await this.tail(t, Math.max(bounds.start, (Number.isFinite(hi) ? hi : settled) * s));
      this.lastTail = tail;
      const keys = this.slices.groupKeys();
      const grouped = def.groupBy.length > 0;
      const range = (key?: string): { good: Float64Array; total: Float64Array } => withTail(this.corrected(this.slices.range(lo, hi, key), lo), tail, key);
      const groups: SloGroupResult[] = [];
      if (grouped) {
        const allKeys = new Set([...keys, ...burns.keys(), ...(tail?.byKey.keys() ?? [])]);
        allKeys.delete('');
        for (const key of allKeys) {
          const labels = this.slices.labelsOf(key) ?? burns.get(key)?.labels ?? tail?.byKey.get(key)?.labels ?? {};
          groups.push(this.groupResult(labels, range(key), bounds.periodMs, burns.get(key)));
        }
        groups.sort((a, b) => labelsKey(a.labels).localeCompare(labelsKey(b.labels)));
      }
      const whole = this.groupResult({}, range(), bounds.periodMs, grouped ? sumBurns(burns) : burns.get(''));
      this.status = {
        definition: def,
        state: whole.total > 0 ? 'ok' : 'no_data',
        errors,
        evaluatedAt: t,
        evaluationMs: performance.now() - began,
        windowStart: bounds.start,
        periodMs: bounds.periodMs,
        result: whole,
        groups,
      };
    } catch (err) {
      errors.push(`${def.source.file}:${def.source.line}: evaluating SLO "${def.name}" failed: ${(err as Error).message}`);
      this.status = { ...this.status, state: 'error', errors, evaluatedAt: t, evaluationMs: performance.now() - began };
    }
    return this.status;
  }

  /**
   * Budget remaining over time (the burn-down chart): at each step from `start` to `end`, the budget left in the
   * compliance window ending there, from the cached slices. One series for the whole SLO, then one per group.
   */
  history(start: number, end: number, step: number): SloHistorySeries[] {
    const def = this.definition;
    const s = this.slices.sliceMs;
    const last = this.slices.lastIndex();
    if (last === undefined || end < start) return [];
    const firstBounds = windowBounds(def.window, start);
    const lo = Math.ceil(firstBounds.start / s) + 1;
    const hi = Math.min(this.slices.indexAtOrBefore(end), last);
    const keys: Array<string | undefined> = [undefined, ...(def.groupBy.length > 0 ? this.slices.groupKeys().sort() : [])];
    const out: SloHistorySeries[] = [];
    const tail = this.lastTail;
    for (const key of keys) {
      const { good, total } = this.corrected(this.slices.range(lo, hi, key), lo);
      const prefix = prefixSums(good, total, def);
      const points = [];
      for (let t = start; t <= end; t += step) {
        const b = windowBounds(def.window, t);
        const from = Math.max(lo, Math.ceil(b.start / s) + 1) - lo;
        const to = Math.min(hi, this.slices.indexAtOrBefore(t)) - lo;
        if (to < 0) continue;
        // The point at (or after) the last evaluation includes the unsettled events, as the SLO's own budget does.
        const extra = tail !== undefined && t >= tail.endMs && Math.abs((lo + to) * s - tail.startMs) < 1000 && tail.startMs >= b.start ? tailCounts(tail, key) : undefined;
        const r = windowFromPrefix(prefix, from, to, def, b.periodMs, s, extra);
        points.push({ t, sli: r.sli, remaining: r.budget.remaining, consumed: r.budget.consumed });
      }
      out.push({ labels: key === undefined ? {} : (this.slices.labelsOf(key) ?? {}), points });
    }
    return out;
  }

  /**
   * The events of `(fromMs, t]`, after the last settled slice (Occurrences ratio SLIs only), per group: one instant
   * query over that range (at most settleMs + one slice), so the SLI and the budget count every event there is from
   * the first evaluation on, as Pyrra's `increase(...[window])` does, instead of waiting for the first settled slice.
   * Recomputed at every evaluation; the settled slice replaces it once computed. Left out when a budget correction
   * overlaps it.
   */
  private async tail(t: number, fromMs: number): Promise<Tail | undefined> {
    const ind = this.definition.indicator;
    if (ind.kind === 'threshold' || this.definition.budgeting.method !== 'Occurrences') return undefined;
    const rangeMs = Math.floor((t - fromMs) / 1000) * 1000;
    if (rangeMs <= 0) return undefined;
    const corrections = this.env.correctionsFor?.(this.definition.name) ?? [];
    if (corrections.some((c) => c.start < t && c.end > t - rangeMs)) return undefined;
    const ctx = this.queryContext();
    const seconds = rangeMs / 1000;
    const totals = vectorByGroup(await evaluateInstant(this.expr(ind.total.template, rangeMs, false), t, ctx));
    const events = ind.good ?? ind.bad;
    const numer = events ? vectorByGroup(await evaluateInstant(this.expr(events.template, rangeMs, false), t, ctx)) : new Map<string, GroupValue>();
    const byKey = new Map<string, { labels: Labels; good: number; total: number }>();
    for (const [key, g] of totals) {
      const total = finiteOr0(g.value) * seconds;
      const n = finiteOr0(numer.get(key)?.value ?? 0) * seconds;
      const good = ind.good ? Math.min(total, Math.max(0, n)) : Math.max(0, total - Math.max(0, n));
      byKey.set(key, { labels: g.labels, good, total });
    }
    return { startMs: t - rangeMs, endMs: t, byKey };
  }

  /** Zeroes the slices (arrays starting at slice `fromIndex`) that overlap a budget correction of this SLO. */
  private corrected(r: { good: Float64Array; total: Float64Array }, fromIndex: number): { good: Float64Array; total: Float64Array } {
    const corrections = this.env.correctionsFor?.(this.definition.name) ?? [];
    const s = this.slices.sliceMs;
    for (const c of corrections) {
      // slice i covers ((i-1)·s, i·s]; the correction [start, end)
      const first = Math.max(0, Math.floor(c.start / s) + 1 - fromIndex);
      const last = Math.min(r.good.length - 1, Math.ceil(c.end / s) - fromIndex);
      for (let i = first; i <= last; i++) {
        r.good[i] = 0;
        r.total[i] = 0;
      }
    }
    return r;
  }

  private templates(): QueryTemplate[] {
    const ind = this.definition.indicator;
    if (ind.kind === 'threshold') return [ind.query];
    return [ind.good, ind.bad, ind.total].filter((q): q is QueryTemplate => q !== undefined);
  }

  private queryContext(): QueryContext {
    return {
      store: this.env.store,
      lookbackDeltaMs: this.env.lookbackDeltaMs,
      maxSamples: this.env.maxSamples,
      deadline: Date.now() + this.env.queryTimeoutMs,
    };
  }

  /** `sum by (<groupBy>) (<template over window>)` (threshold SLIs: the worst value per group), parsed once. */
  private expr(template: string, windowMs: number, cache = true): Expr {
    const def = this.definition;
    const by = def.groupBy.length > 0 ? ` by (${def.groupBy.join(', ')})` : '';
    const ind = def.indicator;
    const agg = ind.kind === 'threshold' ? (ind.op === 'lt' || ind.op === 'lte' ? 'max' : 'min') : 'sum';
    const inner = windowedQuery(template, formatDuration(windowMs));
    const text = `${agg}${by} (${inner})`;
    let e = this.exprCache.get(text);
    if (!e) {
      try {
        e = parseTemplate(text);
      } catch {
        // a scalar template: make it a vector first
        e = parseTemplate(`${agg}${by} (vector(${inner}))`);
      }
      if (cache) this.exprCache.set(text, e);
    }
    return e;
  }

  /** Checks every `_bucket{le="x"}` selector against the series' `le` values; returns the problem, if any. */
  private async checkBuckets(t: number): Promise<string | undefined> {
    if (this.bucketsChecked || this.buckets.length === 0) return undefined;
    let allSeen = true;
    for (const b of this.buckets) {
      const values = await this.env.store.labelValues('le', [[...b.matchers]], { start: t - 24 * 3_600_000, end: t });
      if (values.length === 0) {
        allSeen = false;
        continue;
      }
      const bounds = values.map((v) => parseLe(v)).filter((v): v is number => v !== undefined);
      if (!bounds.includes(b.le)) {
        const sel = b.matchers.filter((m) => m.name !== '__name__').map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(',');
        const list = [...new Set(bounds)].sort((x, y) => x - y).map((v) => (v === Infinity ? '+Inf' : String(v)));
        return formatSloFileProblem({
          file: b.source.file,
          line: b.source.line,
          field: b.source.field,
          message: `le="${b.leText}" is not a bucket boundary of ${b.metric}{${sel}}: a latency threshold must be one of its boundaries (${list.join(', ')})`,
        });
      }
    }
    if (allSeen) this.bucketsChecked = true;
    return undefined;
  }

  /** Computes the slices not computed yet, up to the last settled one, and drops those too old to matter. */
  private async updateSlices(t: number, periodMs: number): Promise<void> {
    const s = this.slices.sliceMs;
    const target = this.slices.indexAtOrBefore(t - this.env.settleMs);
    const oldest = this.slices.indexAtOrBefore(t - this.env.historyFactor * periodMs);
    const last = this.slices.lastIndex();
    let from = last === undefined || last < oldest ? oldest : last + 1;
    while (from <= target) {
      const to = Math.min(target, from + this.env.backfillChunkSlices - 1);
      const byIndex = await this.computeSlices(from * s, to * s);
      for (let i = from; i <= to; i++) this.slices.put(i, byIndex.get(i * s) ?? new Map());
      from = to + 1;
      if (from <= target) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.slices.trimBefore(oldest);
  }

  /** Slice counts at each slice end in [startMs, endMs], per group. */
  private async computeSlices(startMs: number, endMs: number): Promise<Map<number, Map<string, { labels: Labels; counts: SliceCounts }>>> {
    const s = this.slices.sliceMs;
    const ind = this.definition.indicator;
    const range = { start: startMs, end: endMs, step: s };
    const out = new Map<number, Map<string, { labels: Labels; counts: SliceCounts }>>();
    const at = (ts: number): Map<string, { labels: Labels; counts: SliceCounts }> => {
      let m = out.get(ts);
      if (!m) out.set(ts, (m = new Map()));
      return m;
    };
    if (ind.kind === 'threshold') {
      const values = byTimestamp(await evaluateRange(this.expr(ind.query.template, s), range, this.queryContext()));
      for (const [ts, groups] of values) {
        for (const [key, g] of groups) {
          const good = compare(g.value, ind.op, ind.threshold) ? 1 : 0;
          at(ts).set(key, { labels: g.labels, counts: { good, total: Number.isNaN(g.value) ? 0 : 1 } });
        }
      }
      return out;
    }
    const seconds = s / 1000;
    const totals = byTimestamp(await evaluateRange(this.expr(ind.total.template, s), range, this.queryContext()));
    const events = ind.good ?? ind.bad;
    const numer = events ? byTimestamp(await evaluateRange(this.expr(events.template, s), range, this.queryContext())) : new Map();
    for (const [ts, groups] of totals) {
      for (const [key, g] of groups) {
        const total = finiteOr0(g.value) * seconds;
        const n = finiteOr0(numer.get(ts)?.get(key)?.value ?? 0) * seconds;
        const good = ind.good ? Math.min(total, Math.max(0, n)) : Math.max(0, total - Math.max(0, n));
        at(ts).set(key, { labels: g.labels, counts: { good, total } });
      }
    }
    return out;
  }

  /**
   * Error ratio and total events per burn window and group: exact instant queries for ratio SLIs up to 2h, sums of
   * the slices for longer windows and for threshold SLIs.
   */
  private async burnRates(t: number): Promise<Map<string, BurnInput>> {
    const ind = this.definition.indicator;
    const out = new Map<string, BurnInput>();
    const entry = (key: string, labels: Labels): BurnInput => {
      let e = out.get(key);
      if (!e) out.set(key, (e = { labels, bad: {}, total: {} }));
      return e;
    };
    const s = this.slices.sliceMs;
    const hi = this.slices.lastIndex();
    const fromSlices = (w: BurnWindow): void => {
      if (hi === undefined) return;
      const lo = hi - Math.max(1, Math.round(BURN_WINDOW_MS[w] / s)) + 1;
      for (const key of this.slices.groupKeys()) {
        const r = this.slices.range(lo, hi, key);
        const e = entry(key, this.slices.labelsOf(key) ?? {});
        const total = sum(r.total);
        e.total[w] = total;
        e.bad[w] = total - sum(r.good);
      }
    };
    if (ind.kind === 'threshold') {
      for (const w of BURN_WINDOWS) fromSlices(w);
      return out;
    }
    const ctx = this.queryContext();
    for (const w of BURN_WINDOWS) {
      if (BURN_WINDOW_MS[w] >= SLICED_BURN_WINDOW_MS && s <= OCCURRENCE_SLICE_MS) {
        fromSlices(w);
        continue;
      }
      const seconds = BURN_WINDOW_MS[w] / 1000;
      const totals = vectorByGroup(await evaluateInstant(this.expr(ind.total.template, BURN_WINDOW_MS[w]), t, ctx));
      const events = ind.good ?? ind.bad;
      const numer = events ? vectorByGroup(await evaluateInstant(this.expr(events.template, BURN_WINDOW_MS[w]), t, ctx)) : new Map<string, GroupValue>();
      for (const [key, g] of totals) {
        const total = g.value * seconds;
        const n = (numer.get(key)?.value ?? 0) * seconds;
        const e = entry(key, g.labels);
        e.total[w] = total;
        e.bad[w] = ind.good ? total - n : n;
      }
    }
    return out;
  }

  private groupResult(labels: Labels, slices: { good: Float64Array; total: Float64Array }, periodMs: number, burns: BurnInput | undefined): SloGroupResult {
    const def = this.definition;
    const prefix = prefixSums(slices.good, slices.total, def);
    const n = slices.good.length;
    const w = windowFromPrefix(prefix, 0, n - 1, def, periodMs, this.slices.sliceMs);
    const burnRates = {} as Record<BurnWindow, number | undefined>;
    const windowEvents = {} as Record<BurnWindow, number | undefined>;
    const windowErrorRatios = {} as Record<BurnWindow, number | undefined>;
    for (const win of BURN_WINDOWS) {
      const total = burns?.total[win];
      const bad = burns?.bad[win];
      windowEvents[win] = total;
      windowErrorRatios[win] = total === undefined || bad === undefined || !(total > 0) ? undefined : Math.min(1, Math.max(0, bad / total));
      burnRates[win] = burnRate(windowErrorRatios[win], def.objective.target);
    }
    return {
      labels,
      sli: w.sli,
      errorRatio: w.errorRatio,
      good: w.good,
      total: w.total,
      budget: w.budget,
      windowErrorRatios,
      burnRates,
      windowEvents,
      timeToExhaustionMs: timeToExhaustionMs(w.budget.remaining, burnRates[EXHAUSTION_BURN_WINDOW], periodMs),
    };
  }
}

/** Events after the last settled slice: `(startMs, endMs]`, per group. */
interface Tail {
  readonly startMs: number;
  readonly endMs: number;
  readonly byKey: ReadonlyMap<string, { readonly labels: Labels; readonly good: number; readonly total: number }>;
}

/** A tail's counts for one group (undefined: all groups summed). */
function tailCounts(tail: Tail, key: string | undefined): { good: number; total: number } {
  let good = 0;
  let total = 0;
  for (const [k, c] of tail.byKey) {
    if (key !== undefined && k !== key) continue;
    good += c.good;
    total += c.total;
  }
  return { good, total };
}

/** The slices with the tail's counts appended as one more element. */
function withTail(r: { good: Float64Array; total: Float64Array }, tail: Tail | undefined, key: string | undefined): { good: Float64Array; total: Float64Array } {
  if (tail === undefined) return r;
  const c = tailCounts(tail, key);
  const good = new Float64Array(r.good.length + 1);
  const total = new Float64Array(r.total.length + 1);
  good.set(r.good);
  total.set(r.total);
  good[r.good.length] = c.good;
  total[r.total.length] = c.total;
  return { good, total };
}

interface BurnInput {
  readonly labels: Labels;
  readonly bad: Partial<Record<BurnWindow, number>>;
  readonly total: Partial<Record<BurnWindow, number>>;
}

function sumBurns(burns: ReadonlyMap<string, BurnInput>): BurnInput {
  const out: BurnInput = { labels: {}, bad: {}, total: {} };
  for (const b of burns.values()) {
    for (const w of BURN_WINDOWS) {
      if (b.total[w] !== undefined) out.total[w] = (out.total[w] ?? 0) + (b.total[w] ?? 0);
      if (b.bad[w] !== undefined) out.bad[w] = (out.bad[w] ?? 0) + (b.bad[w] ?? 0);
    }
  }
  return out;
}

interface Prefix {
  /** Occurrences: events. Timeslices: good slices / slices with data. RatioTimeslices: sum of slice SLIs / slices with data. */
  readonly good: Float64Array;
  readonly total: Float64Array;
}

function prefixSums(good: Float64Array, total: Float64Array, def: SloDefinition): Prefix {
  const n = good.length;
  const pg = new Float64Array(n + 1);
  const pt = new Float64Array(n + 1);
  const b = def.budgeting;
  for (let i = 0; i < n; i++) {
    let g = good[i];
    let t = total[i];
    if (b.method !== 'Occurrences') {
      const sli = t > 0 ? g / t : undefined;
      t = sli === undefined ? 0 : 1;
      g = sli === undefined ? 0 : b.method === 'Timeslices' ? (sli >= b.sliceTarget - 1e-12 ? 1 : 0) : sli;
    }
    pg[i + 1] = pg[i] + g;
    pt[i + 1] = pt[i] + t;
  }
  return { good: pg, total: pt };
}

/** SLI and budget over slices `[from, to]` (offsets into the prefix arrays). */
function windowFromPrefix(
  p: Prefix,
  from: number,
  to: number,
  def: SloDefinition,
  periodMs: number,
  sliceMs: number,
  extra?: { good: number; total: number },
): { sli: number | undefined; errorRatio: number | undefined; good: number; total: number; budget: ReturnType<typeof errorBudget> } {
  const good = (to >= from ? p.good[to + 1] - p.good[from] : 0) + (extra?.good ?? 0);
  const total = (to >= from ? p.total[to + 1] - p.total[from] : 0) + (extra?.total ?? 0);
  const sli = total > 0 ? Math.min(1, Math.max(0, good / total)) : undefined;
  const errorRatio = total > 0 ? Math.min(1, Math.max(0, (total - good) / total)) : undefined;
  const target = def.objective.target;
  if (def.budgeting.method === 'Timeslices') {
    // A bad slice spends one slice of the period's allowance of (1 - target) × slices.
    const allowed = (1 - target) * (periodMs / sliceMs);
    const bad = total - good;
    const consumed = allowed > 0 ? bad / allowed : bad > 0 ? 1 : 0;
    return { sli, errorRatio, good, total, budget: budgetFromConsumed(consumed, target, periodMs) };
  }
  return { sli, errorRatio, good, total, budget: errorBudget(errorRatio, target, periodMs) };
}

function byTimestamp(r: QueryResult): Map<number, Map<string, GroupValue>> {
  const out = new Map<number, Map<string, GroupValue>>();
  if (r.resultType !== 'matrix') return out;
  for (const series of r.result) {
    const labels = withoutName(series.labels);
    const key = labelsKey(labels);
    series.timestamps.forEach((ts, i) => {
      let m = out.get(ts);
      if (!m) out.set(ts, (m = new Map()));
      m.set(key, { labels, value: series.values[i] });
    });
  }
  return out;
}

function vectorByGroup(r: QueryResult): Map<string, GroupValue> {
  const out = new Map<string, GroupValue>();
  if (r.resultType === 'vector') {
    for (const s of r.result) {
      const labels = withoutName(s.labels);
      out.set(labelsKey(labels), { labels, value: s.value });
    }
  } else if (r.resultType === 'scalar') out.set(labelsKey({}), { labels: {}, value: r.result.value });
  return out;
}

function withoutName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _drop, ...rest } = labels;
  return rest;
}

function compare(v: number, op: 'lt' | 'lte' | 'gt' | 'gte', threshold: number): boolean {
  switch (op) {
    case 'lt':
      return v < threshold;
    case 'lte':
      return v <= threshold;
    case 'gt':
      return v > threshold;
    case 'gte':
      return v >= threshold;
  }
}

function finiteOr0(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}
