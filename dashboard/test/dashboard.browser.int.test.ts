// The dashboard in a real browser (Debian's chromium through playwright-core) against a real api: buildApp with
// a SQLite store in a temp dir, data written as line protocol, the production build of the dashboard. One browser
// for the file. Screenshots go to test-artifacts/dashboard/.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.js';
import { loadConfig } from '../../api/src/config/load-config.js';
import { SqliteMetricStore } from '../../api/src/storage/sqlite/sqlite-metric-store.js';
import { dashboardBuild, launchChromium, openPage, panelsSettled, startDemoDataApi, type DemoDataApi } from './browser-harness.js';

const dashboardDir = fileURLToPath(new URL('..', import.meta.url));
const artifacts = path.join(dashboardDir, '..', 'test-artifacts', 'dashboard');

let dir: string;
let api: DemoDataApi;
let store: SqliteMetricStore;
let browser: Browser;
let base: string;
let distDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dashboard-browser-'));
  distDir = await dashboardBuild(dir);
  api = await startDemoDataApi(dir, distDir);
  ({ store, base } = api);
  await writeFile(path.join(api.boardsDir, 'broken.yaml'), 'title: Broken\nrows:\n  - title: r\n    panels:\n      - { title: p, type: pie, query: up }\n');
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('dashboard in chromium', () => {
  it('Overview renders its panels with data, no console errors, and names a broken board file', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/`);
    await panelsSettled(page);
    expect(await page.locator('h1').textContent()).toBe('Overview');
    expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
    // Stats show numbers and the time series charts drew lines.
    expect(await page.locator('.stat-value').first().textContent()).toMatch(/\d/);
    expect(await page.locator('.recharts-line-curve').count()).toBeGreaterThan(0);
    // This api runs no rules and no SLOs: the service-level panels say so, and "no alerts firing" is good news.
    expect(await page.locator('.panel[data-type="alerts"]').getAttribute('data-empty')).toBe('true');
    expect(await page.locator('.panel[data-type="alerts"] .all-clear').textContent()).toMatch(/No alerts firing/);
    expect(await page.locator('.panel[data-type="slo-summary"]').getAttribute('data-empty')).toBe('true');
    expect(await page.locator('.panel[data-type="slo-summary"] .state.empty').textContent()).toMatch(/No SLOs yet: add a file in slo\//);
    await expect.poll(() => page.locator('.banner.warning').textContent(), { timeout: 10_000 }).toMatch(/broken\.yaml:5: rows\.0\.panels\.0\.type/);
    await page.screenshot({ path: path.join(artifacts, 'overview.png'), fullPage: true });
    expect(errors).toEqual([]);
    // The broken board's own page says what is wrong and where, instead of a blank page.
    await page.goto(`${base}/boards/broken`);
    const problem = page.locator('.page-state[role="alert"]');
    await expect.poll(() => problem.textContent(), { timeout: 10_000 }).toMatch(/broken\.yaml:5: rows\.0\.panels\.0\.type: .*Fix the file/);
    await page.screenshot({ path: path.join(artifacts, 'broken-board.png') });
    await page.close();
  });

  it.each(['infrastructure', 'application', 'business'])('board %s renders with data and no console errors', async (name) => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/boards/${name}`);
    await panelsSettled(page);
    expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
    expect(await page.locator('.recharts-line-curve, .recharts-area-curve, .recharts-bar-rectangle, .stat-value, .gauge').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, `board-${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a time range picked by clicking goes into the URL and the panels re-query', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/boards/application`);
    await panelsSettled(page);
    const ranges: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/query_range') ranges.push(`${u.searchParams.get('start')}-${u.searchParams.get('end')}-${u.searchParams.get('step')}`);
    });
    await page.getByRole('button', { name: /time range/ }).click();
    await page.getByRole('button', { name: 'Last 6 hours' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toBe('now-6h');
    // Panels keep their old data on screen while they re-query: wait for the 6-hour requests themselves.
    const sixHours = (r: string): boolean => {
      const [s, e] = r.split('-').map(Number);
      return Math.abs(e - s - 6 * 3600) < 5;
    };
    await expect.poll(() => ranges.filter(sixHours).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    const [start, end, step] = ranges.filter(sixHours)[0].split('-').map(Number);
    // At most one point per pixel column of the panel.
    const width = await page.locator('.panel-timeseries').first().evaluate((el) => el.getBoundingClientRect().width);
    expect((end - start) / step).toBeLessThanOrEqual(width);
    expect(await page.getByRole('button', { name: /time range/ }).textContent()).toContain('Last 6 hours');
    // Variables picked in the picker are in the URL too. The route variable takes several values (multi: true):
    // opened and ticked from the keyboard, each value is a var-route parameter and the queries match either.
    const queries: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/query_range') queries.push(u.searchParams.get('query') ?? '');
    });
    const routePicker = page.locator('#var-route');
    const legend = (): Promise<string[]> => page.locator('.panel').first().locator('.legend li').allTextContents();
    await routePicker.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: '/api/orders', exact: true }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('var-route'), { timeout: 10_000 }).toEqual(['/api/orders']);
    await expect.poll(legend, { timeout: 15_000 }).toEqual(['shop /api/orders']);
    await page.getByRole('checkbox', { name: '/api/cart', exact: true }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('var-route'), { timeout: 10_000 }).toEqual(['/api/orders', '/api/cart']);
    await page.screenshot({ path: path.join(artifacts, 'variable-multi.png') });
    await page.keyboard.press('Escape');
    expect(await routePicker.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await routePicker.locator('summary').textContent()).toBe('/api/orders, /api/cart');
    await expect.poll(() => queries.some((q) => q.includes('route=~"/api/orders|/api/cart"')), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await legend()).sort(), { timeout: 15_000 }).toEqual(['shop /api/cart', 'shop /api/orders']);
    await panelsSettled(page);
    expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'time-range-6h.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Explore: typing a query with completion draws a graph; a syntax error is shown where it is', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/explore`);
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.type('orders_t');
    // Metric names complete from the api.
    await expect.poll(() => page.locator('.cm-tooltip-autocomplete').textContent(), { timeout: 10_000 }).toContain('orders_total');
    await page.keyboard.press('Escape');
    await page.keyboard.type('otal[5m]');
    await page.keyboard.press('Home');
    await page.keyboard.type('sum by (status) (rate(');
    await page.keyboard.press('End');
    await page.keyboard.type('))');
    await page.keyboard.press('Escape');
    expect(await editor.textContent()).toBe('sum by (status) (rate(orders_total[5m]))');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.explore-result .recharts-line-curve', { timeout: 15_000 });
    expect(await page.locator('.result-meta').textContent()).toMatch(/^2 series \(matrix\)/);
    expect(new URL(page.url()).searchParams.get('expr')).toBe('sum by (status) (rate(orders_total[5m]))');
    await page.screenshot({ path: path.join(artifacts, 'explore-graph.png'), fullPage: true });

    await page.getByRole('tab', { name: /Table/ }).click();
    await page.waitForSelector('.explore-result table');
    expect(await page.locator('.explore-result tbody tr').count()).toBe(2);

    await editor.click();
    await page.keyboard.press('Control+A');
    // (closeBrackets would balance an unclosed parenthesis as it is typed: use an operator without an operand.)
    await page.keyboard.type('orders_total * * 2');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const alert = page.locator('.explore-result [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toMatch(/at line 1, column 16/);
    expect(await alert.locator('.caret').textContent()).toBe(`${' '.repeat(15)}^`);
    await page.screenshot({ path: path.join(artifacts, 'explore-error.png'), fullPage: true });
    // The failed query answers 400: that is the browser's only console error, and it is expected.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.close();
  });

  it('with API tokens configured, the pages are served and the token entered once is sent with every API call', async () => {
    const secured = await buildApp({
      config: loadConfig({ API_TOKENS: 'browser-test-token:read' }),
      store,
      logger: pino({ level: 'silent' }),
      dashboard: { boardsDir: path.join(dashboardDir, 'boards'), distDir },
    });
    try {
      await secured.listen({ host: '127.0.0.1', port: 0 });
      const { page, errors } = await openPage(browser);
      await page.goto(`http://127.0.0.1:${(secured.server.address() as AddressInfo).port}/`);
      await page.getByLabel('API token', { exact: true }).fill('browser-test-token');
      await page.getByRole('button', { name: 'Save and reload' }).click();
      await panelsSettled(page);
      expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
      expect(await page.locator('.stat-value').first().textContent()).toMatch(/\d/);
      // Before the token was entered, the api refused the calls (401): those are the only console errors.
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await page.close();
    } finally {
      await secured.close();
    }
  });

  it("a board without a range in the URL opens at its defaultRange; a picked range is kept from page to page", async () => {
    const { page, errors } = await openPage(browser);
    const spans: number[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/query_range') spans.push(Number(u.searchParams.get('end')) - Number(u.searchParams.get('start')));
    });
    const picker = page.getByRole('button', { name: /time range/ });
    const spansSince = async (from: number): Promise<number[]> => {
      await panelsSettled(page);
      await page.waitForLoadState('networkidle');
      return spans.slice(from);
    };
    // Business has defaultRange: 6h: the picker says so and every panel asks for 6 hours (no 1-hour request first).
    await page.goto(`${base}/boards/business`);
    await expect.poll(() => picker.textContent(), { timeout: 10_000 }).toBe('Last 6 hours');
    const business = await spansSince(0);
    expect(business.length).toBeGreaterThan(0);
    expect(business.every((s) => Math.abs(s - 6 * 3600) < 5)).toBe(true);
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    // Overview (defaultRange: 1h), reached through the navigation: its own default, not Business's.
    let mark = spans.length;
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => picker.textContent(), { timeout: 10_000 }).toBe('Last 1 hour');
    const overview = await spansSince(mark);
    expect(overview.length).toBeGreaterThan(0);
    expect(overview.every((s) => Math.abs(s - 3600) < 5)).toBe(true);
    // A range the user picks goes into the URL and stays when going to another board, whatever that board's default.
    await picker.click();
    await page.getByRole('button', { name: 'Last 15 minutes' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toBe('now-15m');
    mark = spans.length;
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Business' }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('Business');
    expect(await picker.textContent()).toBe('Last 15 minutes');
    const picked = await spansSince(mark);
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((s) => Math.abs(s - 900) < 5)).toBe(true);
    // A range in a link wins over the board's default too, and a panel's Explore link carries the board's range.
    await page.goto(`${base}/boards/business?from=now-3h&to=now`);
    await expect.poll(() => picker.textContent(), { timeout: 10_000 }).toBe('Last 3 hours');
    await page.goto(`${base}/boards/business`);
    await panelsSettled(page);
    const explore = await page.getByRole('link', { name: 'open Orders by status in Explore' }).getAttribute('href');
    expect(new URL(explore ?? '', base).searchParams.get('from')).toBe('now-6h');
    await page.screenshot({ path: path.join(artifacts, 'business-default-range.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Overview's error ratio is 0 for a job without 5xx answers, in the api's answer and on the page", async () => {
    // A worker job that only ever answers 200, every 15 s for the last 30 minutes.
    const nowS = Math.floor(Date.now() / 1000);
    const lines: string[] = [];
    for (let t = nowS - 1800, i = 0; t <= nowS; t += 15, i++) {
      lines.push(`http_request_duration_seconds_count,job=worker,route=/jobs/run,method=POST,status_code=200 value=${i * 12} ${t}`);
    }
    expect((await fetch(`${base}/write?db=test&precision=s`, { method: 'POST', body: lines.join('\n') })).status).toBe(204);
    const board = (await (await fetch(`${base}/api/v1/boards/overview`)).json()) as { data: { rows: { panels: { title: string; queries: { query: string }[] }[] }[] } };
    const queryOf = (title: string): string => {
      const panel = board.data.rows.flatMap((r) => r.panels).find((p) => p.title === title);
      if (!panel) throw new Error(`overview.yaml has no panel "${title}"`);
      return panel.queries[0].query;
    };
    const run = async (query: string, job: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
      const q = query.replaceAll('$job', job).replaceAll('$__rate_interval', '1m');
      const r = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: q, time: String(nowS) })}`);
      expect(r.status).toBe(200);
      return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
    };
    const stat = await run(queryOf('Error ratio'), 'worker');
    expect(stat.map((s) => Number(s.value[1]))).toEqual([0]);
    const byJob = await run(queryOf('Error ratio by job'), 'worker');
    expect(byJob.map((s) => [s.metric.job, Number(s.value[1])])).toEqual([['worker', 0]]);
    // With every job, the shop (which has 5xx) keeps its non-zero ratio beside the worker's 0.
    const all = new Map((await run(queryOf('Error ratio by job'), '.*')).map((s) => [s.metric.job, Number(s.value[1])]));
    expect(all.get('worker')).toBe(0);
    expect(all.get('shop')).toBeGreaterThan(0);
    // On the page: the stat shows 0 %, not the "no request metrics" hint, and the chart has the worker's line.
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/?var-job=worker`);
    await panelsSettled(page);
    const ratio = page.getByRole('region', { name: 'Error ratio', exact: true });
    expect(await ratio.locator('.stat-value').textContent()).toMatch(/^0(\.0+)? ?%$/);
    const chart = page.getByRole('region', { name: 'Error ratio by job', exact: true });
    expect(await chart.locator('.legend li').allTextContents()).toEqual(['worker']);
    await page.screenshot({ path: path.join(artifacts, 'overview-job-without-5xx.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('dark and light themes switch from the keyboard', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/boards/business`);
    await panelsSettled(page);
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByRole('button', { name: /switch to the/ }).focus();
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(after).not.toBe(before);
    await page.screenshot({ path: path.join(artifacts, `business-${after}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
