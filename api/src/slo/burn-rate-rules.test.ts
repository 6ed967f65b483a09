import pino from 'pino';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertSnapshot } from '../alerting/alert.js';
import { RuleManager } from '../rules/rule-manager.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { Sample } from '../storage/metric-store.js';
import { generateSloRuleGroups, sloRuleFileYaml, type SloRuleOptions } from './burn-rate-rules.js';
import { availabilitySlo, TEST_ALERTING } from './burn-rate-test-slos.test-helper.js';
import { registerSloRules, sloRuleGroupSpecs } from './slo-rule-registration.js';
import type { SloDefinition } from './slo-definition.js';

const sel = 'sloth_id="api-availability", sloth_service="api", sloth_slo="availability"';

describe('generated SLO rules (Sloth format)', () => {
  it('writes Sloth\'s recording names, labels and expressions for a known SLO', () => {
    const text = sloRuleFileYaml([availabilitySlo()]);
    const expected5m = [
      '      - record: slo:sli_error:ratio_rate5m',
      '        expr: |',
      '          (sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) or 0 * sum(rate(http_requests_total{job="api"}[5m])))',
      '          /',
      '          sum(rate(http_requests_total{job="api"}[5m]))',
      '        labels:',
      '          slo: api-availability',
      '          sloth_id: api-availability',
      '          sloth_service: api',
      '          sloth_slo: availability',
      '          sloth_window: 5m',
      '          tier: "1"',
      '',
    ].join('\n');
    expect(text.startsWith(`groups:\n  - name: sloth-slo-api-availability\n    rules:\n${expected5m}`)).toBe(true);
    const period = [
      '      - record: slo:sli_error:ratio_rate30d',
      '        expr: |',
      `          sum_over_time(slo:sli_error:ratio_rate5m{${sel}}[30d])`,
      '          / ignoring (sloth_window)',
      `          count_over_time(slo:sli_error:ratio_rate5m{${sel}}[30d])`,
    ].join('\n');
    expect(text).toContain(period);
    const page = [
      '      - alert: ApiAvailabilityBurn',
      '        expr: |',
      '          (',
      `            max(slo:sli_error:ratio_rate1h{${sel}} > (14.4 * (1 - 0.999))) without (sloth_window)`,
      '            and',
      `            max(slo:sli_error:ratio_rate5m{${sel}} > (14.4 * (1 - 0.999))) without (sloth_window)`,
      '          )',
      '        labels:',
      '          burn_rate: "14.4"',
      '          long_window: 1h',
      '          severity: page',
      '          short_window: 5m',
      '          slo: api-availability',
      '          sloth_severity: page',
      '          team: platform',
      '        annotations:',
      '          description: "{{ $value | humanizePercentage }} of events failed over the last 1h (error budget 0.1%); at 14.4x the budget lasts 2.1 days."',
      '          slo_url: "{{ $externalURL }}/slos/api-availability"',
      '          summary: "api-availability: error budget burning 14.4x or faster over 1h and 5m (objective 99.9%)"',
      '          title: (page) api availability SLO error budget burn rate is too fast.',
    ].join('\n');
    expect(text).toContain(page);
  });

  it('has the SRE Workbook table: two page and two ticket rules with their windows and factors', () => {
    const [group] = generateSloRuleGroups(availabilitySlo());
    const burn = group.rules.filter((r) => r.alert === 'ApiAvailabilityBurn').map((r) => `${r.labels?.severity} ${r.labels?.burn_rate}x ${r.labels?.long_window}/${r.labels?.short_window}`);
    expect(burn).toEqual(['page 14.4x 1h/5m', 'page 6x 6h/30m', 'ticket 3x 1d/2h', 'ticket 1x 3d/6h']);
    const records = group.rules.filter((r) => r.record !== undefined).map((r) => `${r.record}`);
    expect(records).toEqual([
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}`),
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'sloth_slo_info',
    ]);
  });

  it('inhibits tickets in the expression, adds the traffic guard, and links the SLO page', () => {
    const slo = availabilitySlo({ groupBy: ['route'], alerting: { ...TEST_ALERTING, minTraffic: 500 } });
    const [group] = generateSloRuleGroups(slo, { externalUrl: 'https://dash.example' });
    const ticket = group.rules.find((r) => r.labels?.long_window === '1d');
    expect(ticket?.expr).toContain('unless on(sloth_id, route)');
    expect(ticket?.expr).toContain('and\n  on(route) (sum by (route) (rate(http_requests_total{job="api"}[1d])) * 86400 >= 500)');
    expect(ticket?.annotations?.slo_url).toBe('https://dash.example/slos/api-availability');
    // Without page alerts there is nothing to inhibit with.
    const [noPage] = generateSloRuleGroups(availabilitySlo({ alerting: { ...TEST_ALERTING, page: { ...TEST_ALERTING.page, enabled: false } } }));
    expect(noPage.rules.filter((r) => r.labels?.severity === 'page' && r.alert === 'ApiAvailabilityBurn')).toEqual([]);
    expect(noPage.rules.some((r) => r.expr.includes('unless'))).toBe(false);
  });

  it('with longWindowInterval, moves the 1d, 3d and period rules into a second group and keeps every rule', () => {
    const one = generateSloRuleGroups(availabilitySlo());
    const two = generateSloRuleGroups(availabilitySlo(), { longWindowInterval: '2m30s' });
    expect(one).toHaveLength(1);
    expect(two.map((g) => [g.name, g.interval])).toEqual([
      ['sloth-slo-api-availability', undefined],
      ['sloth-slo-api-availability-long', '2m30s'],
    ]);
    const name = (r: { record?: string; alert?: string }): string => r.record ?? r.alert ?? '';
    expect(two[1].rules.map(name)).toEqual([
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'SLOErrorBudgetExhausted',
    ]);
    // Same rules, same order within each group: only where they run changes.
    expect([...two[0].rules, ...two[1].rules].map((r) => JSON.stringify(r)).sort()).toEqual(one[0].rules.map((r) => JSON.stringify(r)).sort());
    expect(two[0].rules.map(name)).toEqual(one[0].rules.map(name).filter((n) => !two[1].rules.map(name).includes(n)));
  });

  it('is a valid rule file that the rule parser loads (every SLO kind)', () => {
    const at = availabilitySlo().source;
    const slos: SloDefinition[] = [
      availabilitySlo(),
      availabilitySlo({ name: 'api-good', indicator: { kind: 'ratio', good: { template: 'rate(ok_total[{{.window}}])', source: at }, total: { template: 'rate(all_total[{{.window}}])', source: at } } }),
      availabilitySlo({ name: 'api-p99', indicator: { kind: 'threshold', query: { template: 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[{{.window}}])))', source: at }, op: 'lt', threshold: 0.2 } }),
      availabilitySlo({ name: 'api-week', window: { kind: 'calendar', unit: 'week', count: 1, timeZone: 'UTC', text: '1w' } }),
    ];
    const specs = sloRuleGroupSpecs(slos);
    expect(specs.map((g) => g.name)).toEqual(['sloth-slo-api-availability', 'sloth-slo-api-good', 'sloth-slo-api-p99', 'sloth-slo-api-week']);
    expect(specs.every((g) => g.file === 'slo:slo/api.yaml')).toBe(true);
    expect((parse(sloRuleFileYaml(slos)) as { groups: unknown[] }).groups).toHaveLength(4);
    expect(sloRuleGroupSpecs([availabilitySlo()], { interval: '1m' })[0].intervalMs).toBe(60_000);
  });
});

/**
 * The generated rules in the api's rule engine (RuleManager.setGeneratedGroups), on traffic in a memory store,
 * with windows compressed to seconds (5m→10s ... 3d→120s, period 300s) so a few minutes of samples suffice.
 */
describe('SLO alerts in the rule engine', () => {
  const T0 = 1_700_000_000_000;
  const OPTS: SloRuleOptions = {
    windowRanges: { '5m': '10s', '30m': '20s', '1h': '40s', '2h': '30s', '6h': '60s', '1d': '80s', '3d': '120s' },
    periodRange: '300s',
    noDataWindow: '30s',
    externalUrl: 'http://dash',
  };
  let store: MemoryMetricStore;
  let manager: RuleManager;
  let received: Array<AlertSnapshot & { source: { group: string } }>;

  beforeEach(async () => {
    store = new MemoryMetricStore();
    received = [];
    manager = new RuleManager({
      files: [],
      baseDir: '/nonexistent',
      evaluationIntervalMs: 5000,
      store,
      lookbackDeltaMs: 300_000,
      maxSamples: 1e7,
      queryTimeoutMs: 10_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
      now: () => T0,
    });
    manager.addListener({ onAlerts: (_src, alerts) => received.push(...alerts) });
    await manager.start();
  });
  afterEach(async () => {
    await manager.stop();
    await store.close();
  });

  /** `route` → error ratio at second s; requests per second per route. */
  async function traffic(seconds: number, routes: Record<string, { rps: number; errors: (s: number) => number }>): Promise<void> {
    const samples: Sample[] = [];
    const totals = new Map<string, { ok: number; bad: number }>();
    for (let s = 0; s <= seconds; s++) {
      for (const [route, r] of Object.entries(routes)) {
        const t = totals.get(route) ?? { ok: 0, bad: 0 };
        const e = r.errors(s);
        t.ok += r.rps * (1 - e);
        t.bad += r.rps * e;
        totals.set(route, t);
        samples.push({ labels: { __name__: 'http_requests_total', job: 'api', route, code: '200' }, timestamp: T0 + s * 1000, value: t.ok });
        samples.push({ labels: { __name__: 'http_requests_total', job: 'api', route, code: '500' }, timestamp: T0 + s * 1000, value: t.bad });
      }
    }
    await store.append(samples);
  }

  async function firingAt(seconds: number): Promise<string[]> {
    await manager.evaluateAllAt(T0 + seconds * 1000);
    return manager
      .activeAlerts()
      .filter((a) => a.state === 'firing')
      .map((a) => `${a.labels.alertname} ${a.labels.slo} ${a.labels.severity}${a.labels.long_window ? ` ${a.labels.long_window}` : ''}${a.labels.route ? ` ${a.labels.route}` : ''}`)
      .sort();
  }

  it('pages on an outage through the rule engine and its listeners, and inhibits the ticket while paging', async () => {
    await traffic(400, { '/a': { rps: 100, errors: (s) => (s >= 200 ? 0.5 : 0) } });
    await registerSloRules(manager, [availabilitySlo()], OPTS);
    expect(await firingAt(190)).toEqual([]);
    const firing = await firingAt(215);
    // The period (300 s) so far has two 5m ratios, 0 and 0.5: its budget is spent too.
    expect(firing).toEqual(['ApiAvailabilityBurn api-availability page 1h', 'ApiAvailabilityBurn api-availability page 6h', 'SLOErrorBudgetExhausted api-availability ticket']);
    const page = manager.activeAlerts().find((a) => a.labels.long_window === '1h');
    expect(page?.labels).toMatchObject({ slo: 'api-availability', severity: 'page', short_window: '5m', burn_rate: '14.4', tier: '1', team: 'platform' });
    expect(page?.annotations.slo_url).toBe('http://dash/slos/api-availability');
    expect(received.some((a) => a.labels.alertname === 'ApiAvailabilityBurn' && a.source.group === 'sloth-slo-api-availability')).toBe(true);
    // With the page switched off, the same outage tickets.
    await registerSloRules(manager, [availabilitySlo({ alerting: { ...TEST_ALERTING, page: { ...TEST_ALERTING.page, enabled: false } } })], OPTS);
    expect(await firingAt(220)).toContain('ApiAvailabilityBurn api-availability ticket 1d');
  });

  it('tickets a slow burn without paging', async () => {
    await traffic(400, { '/a': { rps: 100, errors: () => 0.004 } });
    await registerSloRules(manager, [availabilitySlo()], OPTS);
    expect(await firingAt(300)).toEqual(['ApiAvailabilityBurn api-availability ticket 1d', 'ApiAvailabilityBurn api-availability ticket 3d', 'SLOErrorBudgetExhausted api-availability ticket']);
  });

  it('tickets a slow burn with the long-window rules in their own group, as the api runs them', async () => {
    await traffic(400, { '/a': { rps: 100, errors: () => 0.004 } });
    await registerSloRules(manager, [availabilitySlo()], { ...OPTS, longWindowInterval: '10s' });
    // The first round's tickets run before the long group has recorded the 1d and 3d ratios; the next one sees them.
    expect(await firingAt(300)).toEqual(['SLOErrorBudgetExhausted api-availability ticket']);
    expect(await firingAt(305)).toEqual(['ApiAvailabilityBurn api-availability ticket 1d', 'ApiAvailabilityBurn api-availability ticket 3d', 'SLOErrorBudgetExhausted api-availability ticket']);
  });

  it('holds back alerts of a group with less traffic than the minimum in the long window', async () => {
    await traffic(300, { '/busy': { rps: 50, errors: (s) => (s >= 200 ? 0.5 : 0) }, '/rare': { rps: 0.2, errors: (s) => (s >= 200 ? 1 : 0) } });
    const grouped = (minTraffic: number): SloDefinition => availabilitySlo({ groupBy: ['route'], alerting: { ...TEST_ALERTING, minTraffic } });
    await registerSloRules(manager, [grouped(0)], OPTS);
    expect((await firingAt(215)).filter((f) => f.includes('page 1h'))).toEqual(['ApiAvailabilityBurn api-availability page 1h /busy', 'ApiAvailabilityBurn api-availability page 1h /rare']);
    // 0.2 req/s is 8 requests in the 40 s long window: below 20. /busy has 2000.
    await registerSloRules(manager, [grouped(20)], OPTS);
    expect((await firingAt(220)).filter((f) => f.includes('page 1h'))).toEqual(['ApiAvailabilityBurn api-availability page 1h /busy']);
  });

  it('raises no data when the SLI has no series, and clears it when data arrives', async () => {
    await registerSloRules(manager, [availabilitySlo()], OPTS);
    expect(await firingAt(100)).toEqual(['SLONoData api-availability ticket']);
    await traffic(200, { '/a': { rps: 10, errors: () => 0 } });
    expect(await firingAt(200)).toEqual([]);
  });

  it('raises budget exhausted when the period\'s budget is spent', async () => {
    // 0.5% errors for a 0.1% budget: burn 5x, the period's remaining budget is 1 - 5 = -4.
    await traffic(400, { '/a': { rps: 100, errors: () => 0.005 } });
    await registerSloRules(manager, [availabilitySlo()], OPTS);
    for (let s = 100; s < 300; s += 5) await manager.evaluateAllAt(T0 + s * 1000);
    expect(await firingAt(300)).toContain('SLOErrorBudgetExhausted api-availability ticket');
    const remaining = await store.select([{ name: '__name__', type: '=', value: 'slo:period_error_budget_remaining:ratio' }], { start: T0 + 300_000, end: T0 + 300_000 });
    expect(remaining[0].values[0]).toBeCloseTo(-4, 6);
  });

  it('removes the SLO rules when registered again without SLOs', async () => {
    await registerSloRules(manager, [availabilitySlo()], OPTS);
    expect(manager.ruleGroups().map((g) => g.name)).toEqual(['sloth-slo-api-availability']);
    await registerSloRules(manager, [], OPTS);
    expect(manager.ruleGroups()).toEqual([]);
  });
});
