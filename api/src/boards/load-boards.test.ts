import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoards, parseBoardText } from './load-boards.js';

const GOOD = `
title: Hosts
variables:
  - name: instance
    match: node_load1
rows:
  - title: CPU
    panels:
      - title: Load
        type: timeseries
        query: node_load1{instance=~"$instance"}
        legend: "{{instance}}"
        unit: short
        thresholds: [{ value: 8, color: red }, { value: 4, color: orange }]
      - title: p95
        type: stat
        queries:
          - { query: 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[$__rate_interval])))', legend: p95 }
`;

const STATE_PANELS = `
title: Overview
rows:
  - title: Service level
    panels:
      - title: SLOs
        type: slo-summary
        slos: '{service="shop"}'
        width: 7
      - title: Firing alerts
        type: alerts
        filter: '{severity=~"critical|page"}'
        pending: true
        width: 5
      - title: Every alert
        type: alerts
`;

describe('parseBoardText', () => {
  it('normalises a board: query shorthand into queries, defaults, thresholds sorted', () => {
    const r = parseBoardText(GOOD, 'boards/hosts.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.board.name).toBe('hosts');
    expect(r.board.defaultRange).toBe('1h');
    expect(r.board.variables).toEqual([{ name: 'instance', label: 'instance', match: 'node_load1', title: 'instance', includeAll: true, multi: false }]);
    const [load, p95] = r.board.rows[0].panels;
    expect(load.queries).toEqual([{ query: 'node_load1{instance=~"$instance"}', legend: '{{instance}}' }]);
    expect(load.thresholds.map((t) => t.value)).toEqual([4, 8]);
    expect(load.width).toBe(6);
    expect(p95.unit).toBe('short');
    expect(p95.width).toBe(3);
  });

  it.each([
    ['an unknown unit', GOOD.replace('unit: short', 'unit: furlongs'), 'rows.0.panels.0.unit', 13],
    ['an unknown panel type', GOOD.replace('type: stat', 'type: pie'), 'rows.0.panels.1.type', 16],
    ['an unknown key', GOOD.replace('legend: "{{instance}}"', 'legnd: "{{instance}}"'), 'rows.0.panels.0.legnd', 12],
    ['a PromQL syntax error', GOOD.replace('node_load1{instance', 'node_load1{{instance'), 'rows.0.panels.0.query', 11],
    ['an undeclared variable', GOOD.replace('=~"$instance"', '=~"$host"'), 'rows.0.panels.0.query', 11],
    ['a panel without a query', GOOD.replace('        query: node_load1{instance=~"$instance"}\n', ''), 'rows.0.panels.0', 9],
  ])('names the file, line and field of %s', (_what, text, field, line) => {
    const r = parseBoardText(text, 'boards/hosts.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.file).toBe('boards/hosts.yaml');
    expect(r.problem.field).toBe(field);
    expect(r.problem.line).toBe(line);
  });

  it('takes a multi-value variable', () => {
    const r = parseBoardText(GOOD.replace('    match: node_load1\n', '    match: node_load1\n    multi: true\n'), 'boards/hosts.yaml');
    expect(r.ok && r.board.variables[0].multi).toBe(true);
  });

  it('loads slo-summary and alerts panels without a query, with their matchers and defaults', () => {
    const r = parseBoardText(STATE_PANELS, 'boards/overview.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [slos, alerts, all] = r.board.rows[0].panels;
    expect(slos).toMatchObject({ type: 'slo-summary', slos: '{service="shop"}', queries: [], width: 7 });
    expect(alerts).toMatchObject({ type: 'alerts', filter: '{severity=~"critical|page"}', pending: true, queries: [], width: 5 });
    expect(all).toMatchObject({ type: 'alerts', pending: false, queries: [], width: 6 });
    expect(all.filter).toBeUndefined();
  });

  it.each([
    ['a query on an slo-summary panel', STATE_PANELS.replace("        slos: '{service=\"shop\"}'", '        query: up'), 'rows.0.panels.0.query', 8, /query is not used by a slo-summary panel/],
    ['queries on an alerts panel', STATE_PANELS.replace('        pending: true', '        queries: [{ query: up }]'), 'rows.0.panels.1.queries', 13, /not used by a alerts panel/],
    ['a unit on an alerts panel', STATE_PANELS.replace('        pending: true', '        unit: seconds'), 'rows.0.panels.1.unit', 13, /unit is not used/],
    ['a filter that does not parse', STATE_PANELS.replace('severity=~"critical|page"', 'severity=critical'), 'rows.0.panels.1.filter', 12, /label matchers/],
    ['an slos matcher with a bad regex', STATE_PANELS.replace('service="shop"', 'service=~"sh(op"'), 'rows.0.panels.0.slos', 8, /label matchers/],
    ['slos on an alerts panel', STATE_PANELS.replace('        pending: true', "        slos: '{a=\"b\"}'"), 'rows.0.panels.1.slos', 13, /slos is for slo-summary panels/],
    ['a filter on a stat panel', GOOD.replace('      - title: p95\n        type: stat\n', '      - title: p95\n        type: stat\n        filter: \'{a="b"}\'\n'), 'rows.0.panels.1.filter', 17, /filter is for alerts panels/],
  ])('names the file, line and field of %s', (_what, text, field, line, message) => {
    const r = parseBoardText(text, 'boards/overview.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ file: 'boards/overview.yaml', field, line });
    expect(r.problem.message).toMatch(message);
  });

  it('reports a YAML syntax error with its line', () => {
    const r = parseBoardText('title: x\nrows:\n  - title: [unclosed\n', 'b.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toMatch(/YAML syntax error/);
  });
});

describe('loadBoards', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'boards-'));
    await writeFile(path.join(dir, 'hosts.yaml'), GOOD);
    await writeFile(path.join(dir, 'broken.yml'), 'title: Broken\nrows: []\n');
    await writeFile(path.join(dir, 'notes.txt'), 'not a board');
    await mkdir(path.join(dir, 'sub'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the good files and reports the broken ones', async () => {
    const { boards, problems } = await loadBoards(dir);
    expect(boards.map((b) => b.name)).toEqual(['hosts']);
    expect(problems).toEqual([expect.objectContaining({ name: 'broken', file: path.join(dir, 'broken.yml'), field: 'rows', line: 2 })]);
  });

  it('treats a missing folder as no boards', async () => {
    expect(await loadBoards(path.join(dir, 'nope'))).toEqual({ boards: [], problems: [] });
  });

  it('every shipped board in dashboard/boards is valid', async () => {
    const shipped = fileURLToPath(new URL('../../../dashboard/boards/', import.meta.url));
    const { boards, problems } = await loadBoards(shipped);
    expect(problems).toEqual([]);
    expect(boards.map((b) => b.name)).toEqual(expect.arrayContaining(['overview', 'infrastructure', 'application', 'business']));
  });
});
