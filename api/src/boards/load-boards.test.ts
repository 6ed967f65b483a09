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

describe('parseBoardText', () => {
  it('normalises a board: query shorthand into queries, defaults, thresholds sorted', () => {
    const r = parseBoardText(GOOD, 'boards/hosts.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.board.name).toBe('hosts');
    expect(r.board.defaultRange).toBe('1h');
    expect(r.board.variables).toEqual([{ name: 'instance', label: 'instance', match: 'node_load1', title: 'instance', includeAll: true }]);
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
