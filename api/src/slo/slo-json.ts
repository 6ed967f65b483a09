import type { SloDefinition } from './slo-definition.js';
import type { SloDetailJson, SloGroupJson, SloJson } from './slo-api-schemas.js';
import { BURN_WINDOWS, EXHAUSTION_BURN_WINDOW, type BurnWindow, type SloGroupResult, type SloStatus } from './slo-results.js';

/** Finite numbers as they are; undefined, NaN and ±Infinity as null (JSON has no Infinity). */
function num(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

function perWindow(values: Readonly<Record<BurnWindow, number | undefined>>): Record<BurnWindow, number | null> {
  return Object.fromEntries(BURN_WINDOWS.map((w) => [w, num(values[w])])) as Record<BurnWindow, number | null>;
}

export function sloGroupJson(r: SloGroupResult): SloGroupJson {
  return {
    labels: { ...r.labels },
    sli: num(r.sli),
    errorRatio: num(r.errorRatio),
    good: r.good,
    total: r.total,
    errorBudget: {
      ratio: r.budget.ratio,
      consumed: r.budget.consumed,
      remaining: r.budget.remaining,
      totalMinutes: r.budget.totalMinutes,
      consumedMinutes: r.budget.consumedMinutes,
      remainingMinutes: r.budget.remainingMinutes,
    },
    burnRates: perWindow(r.burnRates),
    windowEvents: perWindow(r.windowEvents),
    timeToExhaustionMs: num(r.timeToExhaustionMs),
  };
}

/** One SLO and its last evaluation, as listed by `GET /api/v1/slos`. */
export function sloJson(s: SloStatus): SloJson {
  const d = s.definition;
  const ind = d.indicator;
  const b = d.budgeting;
  return {
    name: d.name,
    displayName: d.displayName,
    service: d.service,
    description: d.description,
    format: d.format,
    source: { file: d.source.file, line: d.source.line },
    indicator:
      ind.kind === 'latency'
        ? { kind: 'latency', histogram: ind.histogram, thresholdSeconds: ind.thresholdSeconds }
        : ind.kind === 'threshold'
          ? { kind: 'threshold', op: ind.op, threshold: ind.threshold }
          : { kind: 'ratio' },
    objective: { target: d.objective.target, displayName: d.objective.displayName },
    window: { kind: d.window.kind, text: d.window.text, start: num(s.windowStart), end: num(s.evaluatedAt), periodMs: num(s.periodMs) },
    budgetingMethod: b.method,
    timeSliceTarget: b.method === 'Timeslices' ? b.sliceTarget : undefined,
    timeSliceWindowMs: b.method === 'Occurrences' ? undefined : b.sliceMs,
    groupBy: [...d.groupBy],
    labels: { ...d.labels },
    state: s.state,
    errors: [...s.errors],
    evaluatedAt: num(s.evaluatedAt),
    evaluationMs: num(s.evaluationMs),
    exhaustionBurnWindow: EXHAUSTION_BURN_WINDOW,
    result: s.result ? sloGroupJson(s.result) : null,
    groups: s.groups.map(sloGroupJson),
  };
}

/** `GET /api/v1/slos/:name`: the list entry plus the queries and the alerting options. */
export function sloDetailJson(s: SloStatus): SloDetailJson {
  const d: SloDefinition = s.definition;
  const ind = d.indicator;
  const queries: Record<string, string> = {};
  if (ind.kind === 'threshold') queries.query = ind.query.template;
  else {
    if (ind.good) queries.good = ind.good.template;
    if (ind.bad) queries.bad = ind.bad.template;
    queries.total = ind.total.template;
  }
  const a = d.alerting;
  return {
    ...sloJson(s),
    queries,
    alerting: {
      name: a.name,
      labels: { ...a.labels },
      annotations: { ...a.annotations },
      page: { enabled: a.page.enabled, labels: { ...a.page.labels }, annotations: { ...a.page.annotations } },
      ticket: { enabled: a.ticket.enabled, labels: { ...a.ticket.labels }, annotations: { ...a.ticket.annotations } },
      minTraffic: a.minTraffic,
    },
  };
}
