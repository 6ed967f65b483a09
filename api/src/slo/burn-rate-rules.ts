import { stringify } from 'yaml';
import { windowedQuery, type SloDefinition, type ThresholdOperator } from './slo-definition.js';
import { durationSeconds, NOMINAL_WINDOW_RANGES, SLI_WINDOWS, SRE_WORKBOOK_TABLE, type BurnRateWindowPair, type SliWindow, type WindowRanges } from './burn-rate-windows.js';

/**
 * Sloth-style rules for SLOs, as a Prometheus rule file: per SLO one group `sloth-slo-<id>` with, in order, what
 * Sloth spreads over three groups (`sloth-slo-sli-recordings-<id>`, `-meta-recordings-`, `-alerts-`). One group,
 * as Pyrra does, because rules of a group run in order at one timestamp: the alerts see the recordings of the same
 * evaluation, not those of another group's last run (whose age depends on the groups' offsets and, in Prometheus,
 * on which finished first), so the decisions are deterministic and equal in Prometheus and here.
 *
 * 1. SLI recordings: `slo:sli_error:ratio_rate<w>` for w in 5m, 30m, 1h, 2h, 6h, 1d, 3d (each from the raw
 *    queries over w) and over the SLO period (from the 5m recording, as Sloth does), with Sloth's labels
 *    (`sloth_id`, `sloth_service`, `sloth_slo`, `sloth_window`), the platform's `slo` label, the SLO's labels and,
 *    for a grouped SLO, its grouping labels (one series per group).
 * 2. Meta recordings (Sloth's): `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:time_period:days`,
 *    `slo:current_burn_rate:ratio`, `slo:period_burn_rate:ratio`, `slo:period_error_budget_remaining:ratio`,
 *    `sloth_slo_info`.
 * 3. Alerts: one alerting rule per row of the SRE Workbook table (page 14.4x 1h/5m, page 6x 6h/30m, ticket 3x
 *    1d/2h, ticket 1x 3d/6h), both windows above `factor × (1 - objective)`, labelled `slo`, `severity`
 *    (`page`/`ticket`, which the PagerDuty notifier maps to critical/warning), `sloth_severity`, `long_window`,
 *    `short_window`, `burn_rate`; then `SLONoData` and `SLOErrorBudgetExhausted`.
 *
 * Beyond Sloth:
 * - Inhibition is in the expression: a ticket rule ends with `unless on(sloth_id[, grouping labels])` the page
 *   conditions, so while a page fires for an SLO (or one group of it) its ticket does not (one incident, not two).
 *   Page alerts have no `for`, so "page condition true" is exactly "page firing". Works the same in Prometheus.
 * - Minimum traffic (`alerting.minTraffic` N > 0): each burn-rate rule also requires
 *   `sum(total over the long window) × seconds(long window) >= N` (events seen in the long window).
 * - No data: `SLONoData` (ticket) fires when the total query has no series over `noDataWindow` (default 10m).
 * - Budget exhausted: `SLOErrorBudgetExhausted` (ticket) when the budget left over the period is 0 or less:
 *   `1 - (error ratio over the period) / (1 - objective) <= 0`, the error ratio being the SLO's own queries over the
 *   whole period (`rate(errors[28d]) / rate(total[28d])`, Pyrra's `increase(...[4w])`): events over the data there
 *   is, weighted by traffic, as the SLO engine's SLI and budget (GET /api/v1/slos), so the alert fires exactly when
 *   the SLOs page shows the budget spent. Not from Sloth's `slo:period_error_budget_remaining:ratio` (kept, as
 *   Sloth records it): that is the unweighted mean of the 5m ratios, which over-weights quiet minutes and, right
 *   after a start, the few first ratios, so it can be spent while the page (events) still shows budget, or the
 *   reverse. A threshold SLI uses the mean of its 5m indicator (share of bad minutes), as the engine. Rolling; a
 *   calendar SLO uses its period length; budget corrections and Timeslices budgeting are not seen (the engine's
 *   budget sees them).
 *
 * The missing-bad-series case: an error query with no series (no error ever counted) gives 0 errors rather than
 * no SLI (`(sum(bad) or 0 * sum(total)) / sum(total)`), likewise a missing good query gives 0 good events.
 */
export interface SloRuleOptions {
  /** Ranges per nominal window (tests compress them); the windows' own durations by default. */
  readonly windowRanges?: WindowRanges;
  /** Range of the SLO period recording; the SLO's window (rolling length, or a calendar period's length) by default. */
  readonly periodRange?: string;
  /** Window of the no-data alert. Default `10m`. */
  readonly noDataWindow?: string;
  /** Base URL of the dashboard for the `slo_url` annotation; default the rule engine's `{{ $externalURL }}`. */
  readonly externalUrl?: string;
  /** The burn-rate table; the SRE Workbook's by default. */
  readonly table?: readonly BurnRateWindowPair[];
  /** The groups' `interval` (e.g. `1m`: the 3d and period windows are costly); the rule engine's default when unset. */
  readonly interval?: string;
  /**
   * When set, the costly long-window rules go into a second group `sloth-slo-<id>-long` evaluated at this interval
   * (as Pyrra evaluates its long-window increases every 2m30s): the 1d, 3d and period SLI recordings, the
   * period burn-rate and budget-remaining recordings and the budget-exhausted alert. Keep it under the 5m lookback,
   * so those series never go stale between evaluations. The ticket alerts (1d/2h, 3d/6h) then read a 1d or 3d
   * recording up to this old, which moves a ticket by at most this much; pages (1h/5m, 6h/30m) are unaffected.
   * Unset (the default and the side-by-side test with Prometheus): one group per SLO.
   */
  readonly longWindowInterval?: string;
}

/** The api's `longWindowInterval` (server.ts, and the evaluation bench), as Pyrra's long-window rules. */
export const LONG_WINDOW_INTERVAL = '2m30s';

/** SLI windows whose recordings go into the long-window group when `longWindowInterval` is set. */
const LONG_WINDOWS: readonly string[] = ['1d', '3d'];

/** Meta recordings and alerts that follow the period recording into the long-window group. */
const LONG_META_RECORDS: readonly string[] = ['slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio'];

/** A rule as it is written in a Prometheus rule file. */
export interface GeneratedRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface GeneratedRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly GeneratedRule[];
}

export const NO_DATA_ALERT = 'SLONoData';
export const BUDGET_EXHAUSTED_ALERT = 'SLOErrorBudgetExhausted';
export const DEFAULT_BURN_ALERT = 'SLOErrorBudgetBurn';

/** Sloth's SLO name inside its service: `<service>-<slo>` without the service prefix. */
export function slothSloName(slo: SloDefinition): string {
  return slo.name.startsWith(`${slo.service}-`) ? slo.name.slice(slo.service.length + 1) : slo.name;
}

/** The rule group of one SLO (Sloth's three groups' rules, in one group). */
export function generateSloRuleGroups(slo: SloDefinition, opts: SloRuleOptions = {}): GeneratedRuleGroup[] {
  const ranges = opts.windowRanges ?? NOMINAL_WINDOW_RANGES;
  const period = opts.periodRange ?? periodText(slo);
  const periodName = periodText(slo);
  const budget = 1 - slo.objective.target;
  const ids: Record<string, string> = { sloth_id: slo.name, sloth_service: slo.service, sloth_slo: slothSloName(slo) };
  const sel = selector(ids);
  const baseLabels: Record<string, string> = { ...slo.labels, slo: slo.name, ...ids };
  const by = slo.groupBy;
  const onLabels = ['sloth_id', ...by].join(', ');

  // 1. SLI recordings
  const sli: GeneratedRule[] = SLI_WINDOWS.map((w) => ({
    record: `slo:sli_error:ratio_rate${w}`,
    expr: errorRatioExpr(slo, w, ranges[w]),
    labels: sortKeys({ ...baseLabels, sloth_window: w }),
  }));
  if (!(SLI_WINDOWS as readonly string[]).includes(periodName)) sli.push({
    record: `slo:sli_error:ratio_rate${periodName}`,
    expr: `sum_over_time(slo:sli_error:ratio_rate5m${sel}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${sel}[${period}])\n`,
    labels: sortKeys({ ...baseLabels, sloth_window: periodName }),
  });

  // 2. Meta recordings
  const metaLabels = sortKeys(baseLabels);
  const meta: GeneratedRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${slo.objective.target})`, labels: metaLabels },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${slo.objective.target})`, labels: metaLabels },
    { record: 'slo:time_period:days', expr: `vector(${durationSeconds(periodName) / 86400})`, labels: metaLabels },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate5m${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}\n`,
      labels: metaLabels,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${periodName}${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}\n`,
      labels: metaLabels,
    },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${sel}`, labels: metaLabels },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: sortKeys({ ...metaLabels, sloth_mode: 'generated', sloth_objective: String(slo.objective.target * 100), sloth_spec: slo.format }),
    },
  ];

  // 3. Alerts
  const alerting = slo.alerting;
  const alertName = alerting.name ?? DEFAULT_BURN_ALERT;
  const url = `${opts.externalUrl ?? '{{ $externalURL }}'}/slos/${encodeURIComponent(slo.name)}`;
  const title = slo.displayName ?? slo.name;
  const objectivePct = `${roundPct(slo.objective.target)}%`;
  const table = opts.table ?? SRE_WORKBOOK_TABLE;
  const condition = (row: BurnRateWindowPair): string => {
    const threshold = `(${row.factor} * (1 - ${slo.objective.target}))`;
    const both = [
      `max(slo:sli_error:ratio_rate${row.long}${sel} > ${threshold}) without (sloth_window)`,
      `max(slo:sli_error:ratio_rate${row.short}${sel} > ${threshold}) without (sloth_window)`,
    ];
    if (alerting.minTraffic > 0) {
      const long = ranges[row.long];
      both.push(`on(${by.join(', ')}) (${aggregate(by, windowedQuery(slo.indicator.kind === 'threshold' ? slo.indicator.query.template : slo.indicator.total.template, long))} * ${durationSeconds(long)} >= ${alerting.minTraffic})`);
    }
    return `(\n  ${both.join('\n  and\n  ')}\n)`;
  };
  const pages = table.filter((r) => r.severity === 'page' && alerting.page.enabled);
  const alerts: GeneratedRule[] = [];
  for (const row of table) {
    const spec = row.severity === 'page' ? alerting.page : alerting.ticket;
    if (!spec.enabled) continue;
    let expr = condition(row);
    if (row.severity === 'ticket' && pages.length > 0) expr = `${expr}\nunless on(${onLabels})\n(\n${pages.map((p) => indent(condition(p))).join('\n  or\n')}\n)`;
    alerts.push({
      alert: alertName,
      expr: `${expr}\n`,
      labels: sortKeys({
        ...alerting.labels,
        ...spec.labels,
        slo: slo.name,
        severity: row.severity,
        sloth_severity: row.severity,
        long_window: row.long,
        short_window: row.short,
        burn_rate: String(row.factor),
      }),
      annotations: sortKeys({
        summary: `${title}: error budget burning ${row.factor}x or faster over ${row.long} and ${row.short} (objective ${objectivePct})`,
        description: `{{ $value | humanizePercentage }} of events failed over the last ${row.long} (error budget ${roundPct(budget)}%); at ${row.factor}x the budget lasts ${budgetLasts(periodName, row.factor)}.`,
        slo_url: url,
        title: `(${row.severity}) ${slo.service} ${slothSloName(slo)} SLO error budget burn rate is too fast.`,
        ...alerting.annotations,
        ...spec.annotations,
      }),
    });
  }
  const totalTemplate = slo.indicator.kind === 'threshold' ? slo.indicator.query.template : slo.indicator.total.template;
  alerts.push({
    alert: NO_DATA_ALERT,
    expr: `absent(${aggregate([], windowedQuery(totalTemplate, opts.noDataWindow ?? '10m'))})\n`,
    labels: sortKeys({ ...alerting.labels, ...slo.labels, ...ids, slo: slo.name, severity: 'ticket', sloth_severity: 'ticket' }),
    annotations: sortKeys({
      summary: `${title}: no data for the SLI over the last ${opts.noDataWindow ?? '10m'}`,
      description: 'The SLO cannot be evaluated: the total (or threshold) query returns no series. Check that the service is scraped.',
      slo_url: url,
    }),
  });
  alerts.push({
    alert: BUDGET_EXHAUSTED_ALERT,
    expr: `1 - (\n${indent(errorRatioExpr(slo, periodName, period).trimEnd())}\n) / (1 - ${slo.objective.target})\n<= 0\n`,
    labels: sortKeys({ ...slo.labels, ...ids, ...alerting.labels, slo: slo.name, severity: 'ticket', sloth_severity: 'ticket' }),
    annotations: sortKeys({
      summary: `${title}: the error budget of the ${periodName} period is exhausted`,
      description: '{{ $value | humanizePercentage }} of the error budget remains (objective ' + objectivePct + ').',
      slo_url: url,
    }),
  });

  const rules = [...sli, ...meta, ...alerts];
  const main = { name: `sloth-slo-${slo.name}`, ...(opts.interval !== undefined ? { interval: opts.interval } : {}) };
  if (opts.longWindowInterval === undefined) return [{ ...main, rules }];
  const longSli = new Set<string>([...LONG_WINDOWS, periodName].map((w) => `slo:sli_error:ratio_rate${w}`));
  const isLong = (r: GeneratedRule): boolean =>
    r.alert === BUDGET_EXHAUSTED_ALERT || (r.record !== undefined && (longSli.has(r.record) || LONG_META_RECORDS.includes(r.record)));
  return [
    { ...main, rules: rules.filter((r) => !isLong(r)) },
    { name: `sloth-slo-${slo.name}-long`, interval: opts.longWindowInterval, rules: rules.filter(isLong) },
  ];
}

/** The SLOs' rules as a Prometheus rule file (what `promtool check rules` and Prometheus load). */
export function sloRuleFileYaml(slos: readonly SloDefinition[], opts: SloRuleOptions = {}): string {
  const groups = slos.flatMap((s) => generateSloRuleGroups(s, opts));
  return stringify(
    { groups: groups.map((g) => ({ name: g.name, ...(g.interval !== undefined ? { interval: g.interval } : {}), rules: g.rules.map((r) => ({ ...r })) })) },
    { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false },
  );
}

/** The SLI error ratio over one window, aggregated over everything but the grouping labels. */
function errorRatioExpr(slo: SloDefinition, window: SliWindow | string, range: string): string {
  const ind = slo.indicator;
  const by = slo.groupBy;
  if (ind.kind === 'threshold') {
    if (window === '5m') return `${aggregate(by, windowedQuery(ind.query.template, range), 'max')} ${BAD_OP[ind.op]} bool ${ind.threshold}\n`;
    // Share of 5m steps that were bad, over the window.
    return `avg_over_time(slo:sli_error:ratio_rate5m{sloth_id="${escape(slo.name)}"}[${range}])\n`;
  }
  const total = aggregate(by, windowedQuery(ind.total.template, range));
  if (ind.bad) return `(${aggregate(by, windowedQuery(ind.bad.template, range))} or 0 * ${total})\n/\n${total}\n`;
  const good = ind.good ? windowedQuery(ind.good.template, range) : '';
  return `1 - (\n  (${aggregate(by, good)} or 0 * ${total})\n  /\n  ${total}\n)\n`;
}

/** A value is bad when it is not `<op> threshold`. */
const BAD_OP: Readonly<Record<ThresholdOperator, string>> = { lt: '>=', lte: '>', gt: '<=', gte: '<' };

function aggregate(by: readonly string[], query: string, op = 'sum'): string {
  return by.length === 0 ? `${op}(${query})` : `${op} by (${by.join(', ')}) (${query})`;
}

function selector(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(', ')}}`;
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function sortKeys(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The SLO period as a Prometheus duration: the rolling window, or the calendar period's (nominal) length. */
function periodText(slo: SloDefinition): string {
  const w = slo.window;
  if (w.kind === 'rolling') return compactDuration(w.ms);
  const days: Record<typeof w.unit, number> = { day: 1, week: 7, month: 30, quarter: 90, year: 365 };
  return `${days[w.unit] * w.count}d`;
}

/** `28d`, `7d`, `12h`: one unit, for series names (`slo:sli_error:ratio_rate28d`). */
function compactDuration(ms: number): string {
  const units: ReadonlyArray<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [u, size] of units) if (ms % size === 0) return `${ms / size}${u}`;
  return `${ms}ms`;
}

function roundPct(ratio: number): string {
  return String(Math.round(ratio * 100 * 1e6) / 1e6);
}

function budgetLasts(period: string, factor: number): string {
  const hours = durationSeconds(period) / 3600 / factor;
  return hours >= 48 ? `${Math.round((hours / 24) * 10) / 10} days` : `${Math.round(hours * 10) / 10} hours`;
}
