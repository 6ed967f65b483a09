import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSloFiles, parseSloFile } from './parse-slo-file.js';
import type { SloDefinition } from './slo-definition.js';
import { windowedQuery } from './slo-definition.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const testdata = (name: string): string => path.join(HERE, 'testdata', name);
const REPO_SLO_DIR = path.join(HERE, '..', '..', '..', 'slo');

function byName(defs: readonly SloDefinition[]): Map<string, SloDefinition> {
  return new Map(defs.map((d) => [d.name, d]));
}

describe('Sloth prometheus/v1 specs', () => {
  it("reads Sloth's getting-started example unchanged", async () => {
    const r = await loadSloFiles([testdata('sloth-getting-started.yaml')]);
    expect(r.problems).toEqual([]);
    const slos = byName(r.definitions);
    const avail = slos.get('myservice-requests-availability');
    expect(avail).toMatchObject({
      service: 'myservice',
      format: 'prometheus/v1',
      objective: { target: 0.999 },
      window: { kind: 'rolling', ms: 30 * 86_400_000, text: '30d' },
      budgeting: { method: 'Occurrences' },
      labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2', category: 'availability' },
      source: { line: 11, field: 'slos[0]' },
      alerting: {
        name: 'MyServiceHighErrorRate',
        labels: { category: 'availability' },
        annotations: { summary: "High error rate on 'myservice' requests responses" },
        page: { enabled: true, labels: { severity: 'pageteam', routing_key: 'myteam' } },
        ticket: { enabled: true, labels: { severity: 'slack', slack_channel: '#alerts-myteam' } },
        minTraffic: 0,
      },
    });
    expect(avail?.indicator.kind).toBe('ratio');
    const ind = avail?.indicator.kind === 'ratio' ? avail.indicator : undefined;
    expect(ind?.bad?.template).toBe('sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))');
    expect(ind?.bad?.source).toEqual({ file: testdata('sloth-getting-started.yaml'), line: 18, field: 'slos[0].sli.events.error_query' });
    expect(windowedQuery(ind?.total.template ?? '', '1h')).toBe('sum(rate(http_request_duration_seconds_count{job="myservice"}[1h]))');
  });

  it('recognises a latency SLI written as count minus bucket, and disabled alerts', async () => {
    const r = await loadSloFiles([testdata('sloth-getting-started.yaml')]);
    const lat = byName(r.definitions).get('myservice-requests-latency');
    expect(lat?.objective.target).toBe(0.99);
    expect(lat?.indicator).toMatchObject({ kind: 'latency', histogram: 'http_request_duration_seconds', thresholdSeconds: 0.25 });
    expect(lat?.alerting.page.enabled).toBe(false);
    expect(lat?.alerting.ticket.enabled).toBe(false);
  });

  it('reads the extensions: window, group_by, min_traffic', () => {
    const r = parseSloFile(
      `version: prometheus/v1
service: shop
slos:
  - name: errors
    objective: 99.5
    window: 7d
    group_by: [route, method]
    sli:
      events:
        error_query: sum by (route, method) (rate(x{code="500"}[{{.window}}]))
        total_query: sum by (route, method) (rate(x[{{.window}}]))
    alerting:
      min_traffic: 50
`,
      'f.yaml',
    );
    expect(r.problems).toEqual([]);
    expect(r.definitions[0]).toMatchObject({ name: 'shop-errors', window: { kind: 'rolling', ms: 7 * 86_400_000 }, groupBy: ['route', 'method'], alerting: { minTraffic: 50 } });
  });
});

describe('OpenSLO v1 documents', () => {
  it("reads OpenSLO's README example: inline ratioMetric, calendar week in a time zone, Timeslices", async () => {
    const r = await loadSloFiles([testdata('openslo-web-availability.yaml')]);
    expect(r.problems).toEqual([]);
    const d = r.definitions[0];
    expect(d).toMatchObject({
      name: 'web-availability',
      displayName: 'SLO for web availability',
      service: 'web',
      format: 'openslo/v1',
      objective: { target: 0.995, displayName: 'Good' },
      // 2022-01-01 12:00 in New York is 17:00 UTC
      window: { kind: 'calendar', unit: 'week', count: 1, timeZone: 'America/New_York', startMs: Date.UTC(2022, 0, 1, 17) },
      budgeting: { method: 'Timeslices', sliceTarget: 0.95, sliceMs: 60_000 },
      groupBy: [],
    });
    // counter: true and plain selectors: the engine takes their rate over the window
    expect(d.indicator.kind === 'ratio' && d.indicator.good?.template).toBe(
      'sum(rate(http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"}[{{.window}}]))',
    );
  });

  it('joins SLOs with SLI objects (indicatorRef), ignores Service objects, reads thresholdMetric and targetPercent', async () => {
    const r = await loadSloFiles([testdata('openslo-sli-ref.yaml')]);
    expect(r.problems).toEqual([]);
    const slos = byName(r.definitions);
    const errors = slos.get('search-errors');
    expect(errors).toMatchObject({ objective: { target: 0.995 }, labels: { team: 'search' }, window: { kind: 'rolling', ms: 28 * 86_400_000 } });
    // a range written in the query becomes the window
    expect(errors?.indicator.kind === 'ratio' && errors.indicator.bad?.template).toBe('sum(rate(http_requests_total{job="search",code=~"5.."}[{{.window}}]))');
    expect(slos.get('search-p99')).toMatchObject({
      indicator: { kind: 'threshold', op: 'lte', threshold: 0.3 },
      window: { kind: 'calendar', unit: 'month', count: 1, timeZone: 'UTC', startMs: Date.UTC(2022, 0, 1) },
      budgeting: { method: 'Timeslices', sliceTarget: 1, sliceMs: 300_000 },
    });
  });

  it('resolves an indicatorRef to an SLI in another file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'slo-ref-'));
    try {
      await writeFile(path.join(dir, 'a.yaml'), 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: s\nspec:\n  service: x\n  indicatorRef: i\n  timeWindow:\n    - duration: 1d\n      isRolling: true\n  objectives:\n    - target: 0.9\n');
      await writeFile(path.join(dir, 'b.yaml'), 'apiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: i\nspec:\n  ratioMetric:\n    good:\n      metricSource:\n        spec:\n          query: ok_total\n    total:\n      metricSource:\n        spec:\n          query: all_total\n');
      const r = await loadSloFiles([path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')]);
      expect(r.problems).toEqual([]);
      expect(r.definitions[0].indicator).toMatchObject({ kind: 'ratio', good: { template: 'rate(ok_total[{{.window}}])' }, total: { template: 'rate(all_total[{{.window}}])' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the grouping annotation and alert options', () => {
    const r = parseSloFile(
      `apiVersion: openslo/v1
kind: SLO
metadata:
  name: per-route
  annotations:
    slo-platform/group-by: route, method
    slo-platform/min-traffic: "20"
    slo-platform/ticket-alert: "false"
spec:
  service: api
  indicator:
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum by (route, method) (x{code="500"})
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum by (route, method) (x)
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: 0.99
`,
      'g.yaml',
    );
    expect(r.problems).toEqual([]);
    expect(r.definitions[0]).toMatchObject({ groupBy: ['route', 'method'], alerting: { minTraffic: 20, page: { enabled: true }, ticket: { enabled: false } } });
  });
});

describe('invalid files', () => {
  const sloth = (slo: string): string => `version: prometheus/v1\nservice: svc\nslos:\n${slo}`;
  const events = '    sli:\n      events:\n        error_query: sum(rate(e[{{.window}}]))\n        total_query: sum(rate(t[{{.window}}]))\n';
  const openslo = (spec: string): string =>
    `apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: s\nspec:\n  service: x\n  indicator:\n    spec:\n      ratioMetric:\n        good:\n          metricSource:\n            spec:\n              query: ok_total\n        total:\n          metricSource:\n            spec:\n              query: all_total\n${spec}`;
  const window = '  timeWindow:\n    - duration: 28d\n      isRolling: true\n';

  it.each([
    ['Sloth objective out of range', sloth(`  - name: a\n    objective: 120\n${events}`), 5, 'slos[0].objective', /percentage in \(0, 100\]/],
    ['Sloth query without {{.window}}', sloth(`  - name: a\n    objective: 99\n    sli:\n      events:\n        error_query: sum(rate(e[5m]))\n        total_query: sum(rate(t[{{.window}}]))\n`), 8, 'slos[0].sli.events.error_query', /\{\{\.window\}\}/],
    ['Sloth invalid PromQL', sloth(`  - name: a\n    objective: 99\n    sli:\n      events:\n        error_query: sum(rate(e[{{.window}}])\n        total_query: sum(rate(t[{{.window}}]))\n`), 8, 'slos[0].sli.events.error_query', /invalid PromQL/],
    ['Sloth unknown field', sloth(`  - name: a\n    objectiv: 99\n${events}`), 5, 'slos[0].objectiv', /unknown field "objectiv"/],
    ['Sloth grouped query that drops the label', sloth(`  - name: a\n    objective: 99\n    group_by: [route]\n${events}`), 9, 'slos[0].sli.events.error_query', /aggregates away the grouping label\(s\) route/],
    ['OpenSLO target out of range', openslo(`${window}  objectives:\n    - target: 99.9\n`), 22, 'spec.objectives[0].target', /must be in \(0, 1\]/],
    ['OpenSLO bad window duration', openslo('  timeWindow:\n    - duration: 28 days\n      isRolling: true\n  objectives:\n    - target: 0.99\n'), 19, 'spec.timeWindow[0].duration', /not a duration/],
    ['OpenSLO Timeslices without timeSliceWindow', openslo(`${window}  budgetingMethod: Timeslices\n  objectives:\n    - target: 0.99\n      timeSliceTarget: 0.9\n`), 23, 'spec.objectives[0].timeSliceWindow', /is required/],
    ['OpenSLO unknown budgeting method', openslo(`${window}  budgetingMethod: Events\n  objectives:\n    - target: 0.99\n`), 21, 'spec.budgetingMethod', /Occurrences, Timeslices or RatioTimeslices/],
    ['OpenSLO non-Prometheus source', openslo(`${window}  objectives:\n    - target: 0.99\n`).replace('          metricSource:\n            spec:\n              query: ok_total', '          metricSource:\n            type: Datadog\n            spec:\n              query: ok_total'), 12, 'spec.indicator.spec.ratioMetric.good.metricSource.type', /only Prometheus/],
    ['OpenSLO unknown SLI reference', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: s\nspec:\n  service: x\n  indicatorRef: nope\n  timeWindow:\n    - duration: 1d\n  objectives:\n    - target: 0.9\n', 7, 'spec.indicatorRef', /no SLI named "nope"/],
    ['neither format', 'groups: []\n', 1, '', /expected OpenSLO .* or Sloth/],
    ['YAML syntax error', 'version: prometheus/v1\nservice: [a\n', 3, '', /YAML syntax error/],
  ])('%s: rejected at its line and field', async (_name, text, line, field, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'slo-bad-'));
    try {
      const file = path.join(dir, 'bad.yaml');
      await writeFile(file, text);
      const r = await loadSloFiles([file]);
      expect(r.definitions).toEqual([]);
      expect(r.problems[0]).toMatchObject({ file, line, field });
      expect(r.problems[0].message).toMatch(message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loading files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'slo-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects a bad file and still loads the others', async () => {
    await writeFile(path.join(dir, 'good.yaml'), 'version: prometheus/v1\nservice: a\nslos:\n  - name: x\n    objective: 99\n    sli:\n      events:\n        error_query: e{w="{{.window}}"}\n        total_query: t{w="{{.window}}"}\n');
    await writeFile(path.join(dir, 'bad.yaml'), 'version: prometheus/v1\nservice: b\nslos:\n  - name: ok\n    objective: 99\n    sli:\n      events:\n        error_query: e{w="{{.window}}"}\n        total_query: t{w="{{.window}}"}\n  - name: broken\n    objective: 0\n    sli:\n      events:\n        error_query: e{w="{{.window}}"}\n        total_query: t{w="{{.window}}"}\n');
    const r = await loadSloFiles([path.join(dir, 'bad.yaml'), path.join(dir, 'good.yaml')]);
    expect(r.definitions.map((d) => d.name)).toEqual(['a-x']);
    expect(r.problems).toEqual([expect.objectContaining({ file: path.join(dir, 'bad.yaml'), line: 11, field: 'slos[1].objective' })]);
  });

  it('rejects a name defined twice, naming the first definition', async () => {
    const spec = 'version: prometheus/v1\nservice: a\nslos:\n  - name: x\n    objective: 99\n    sli:\n      events:\n        error_query: e{w="{{.window}}"}\n        total_query: t{w="{{.window}}"}\n';
    await writeFile(path.join(dir, 'one.yaml'), spec);
    await writeFile(path.join(dir, 'two.yaml'), spec);
    const r = await loadSloFiles([path.join(dir, 'one.yaml'), path.join(dir, 'two.yaml')]);
    expect(r.definitions).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: path.join(dir, 'two.yaml'), line: 4 });
    expect(r.problems[0].message).toContain(`already defined at ${path.join(dir, 'one.yaml')}:4`);
  });

  it('loads the shipped defaults: availability, error rate and latency for the api and the shop', async () => {
    const r = await loadSloFiles([path.join(REPO_SLO_DIR, 'api.yaml'), path.join(REPO_SLO_DIR, 'shop.yaml')]);
    expect(r.problems).toEqual([]);
    const slos = byName(r.definitions);
    expect([...slos.keys()].sort()).toEqual(['api-availability', 'api-error-rate', 'api-latency', 'shop-availability', 'shop-error-rate', 'shop-latency']);
    for (const svc of ['api', 'shop']) {
      expect(slos.get(`${svc}-availability`)?.objective.target).toBe(0.999);
      expect(slos.get(`${svc}-latency`)).toMatchObject({ objective: { target: 0.99 }, indicator: { kind: 'latency', histogram: 'http_request_duration_seconds', thresholdSeconds: 0.2 } });
      expect(slos.get(`${svc}-error-rate`)?.groupBy).toEqual(['route']);
      for (const name of ['availability', 'error-rate', 'latency']) expect(slos.get(`${svc}-${name}`)?.window).toMatchObject({ kind: 'rolling', ms: 28 * 86_400_000 });
    }
  });
});
