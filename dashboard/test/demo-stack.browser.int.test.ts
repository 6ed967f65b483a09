// The dashboard in a real browser (Debian's chromium through playwright-core) against the real stack as users run
// it: `node scripts/demo.mjs` (api, collector, demo shop, traffic) with the collector's PostgreSQL and Redis sources
// pointed at a throwaway PostgreSQL 15 and redis-server, and its host source reading this machine. Every page and
// every board is opened once the api has data for each family the demo feeds; no console errors anywhere; every
// board panel settles with data; time range, variables, log search, silences and Explore are used by clicking and
// typing. Full-page screenshots of each page go to test-artifacts/demo-stack/.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { REPO_DIR, buildStale, startDemoStack, type DemoStack } from './demo-stack.js';
import { launchChromium, openPage as openBrowserPage, panelsSettled as settled } from './browser-harness.js';
import { describeProblems, panelReports } from './demo-stack-panels.js';
import { waitForData } from './demo-stack-ready.js';

const artifacts = path.join(REPO_DIR, 'test-artifacts', 'demo-stack');
/** Polls in the page wait this long: the 2-core machine also runs the whole stack. */
const SLOW = { timeout: 20_000 };
const SHOP_SLOS = ['shop-availability', 'shop-error-rate', 'shop-latency'];

let stack: DemoStack | undefined;
let browser: Browser | undefined;
let base: string;
const timings: string[] = [];

/**
 * A page that records console errors and uncaught exceptions. If the test fails, the page as it was is saved to
 * test-artifacts/demo-stack/failed-<name>.png, its console errors and failed requests are printed, and it is closed.
 */
async function openPage(name: string): Promise<{ page: Page; errors: string[] }> {
  if (browser === undefined) throw new Error('chromium did not start');
  const { page, errors } = await openBrowserPage(browser);
  const failedRequests: string[] = [];
  page.on('requestfailed', (r) => {
    // (requests of a page left behind are aborted: not a failure)
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failedRequests.push(`${r.url()}: ${r.status()}`);
  });
  onTestFailed(async () => {
    if (page.isClosed()) return;
    await page.screenshot({ path: path.join(artifacts, `failed-${name}.png`), fullPage: true }).catch(() => undefined);
    console.log(`failed-${name}: ${page.url()}\nconsole errors: ${errors.join('\n') || 'none'}\nfailed requests: ${failedRequests.join('\n') || 'none'}`);
    // Closed, so its requests and live stream do not weigh on the next tests.
    await page.close();
  });
  return { page, errors };
}

/** Board panels settled, with the real stack's longer wait. */
const panelsSettled = (page: Page): Promise<void> => settled(page, 30_000);

async function screenshot(page: Page, name: string): Promise<void> {
  // (the pointer off the charts, so no tooltip from the last click covers them)
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

interface BoardList {
  data: { boards: Array<{ name: string; title: string }>; problems: unknown[] };
}

beforeAll(async () => {
  const t0 = Date.now();
  const built = await buildStale();
  timings.push(`build ${built.length > 0 ? built.join(', ') : 'none needed'}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  stack = await startDemoStack();
  base = stack.base;
  timings.push(`stack started: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  // This run's screenshots only (no failed-*.png of an earlier run).
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
  const waited = await waitForData(base, 150_000, stack.running, stack.output);
  timings.push(`every data family in the api: ${(waited / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  const code = await stack?.stop();
  if (stack !== undefined) {
    // The demo stops as users stop it: SIGINT, every process in order, exit 0.
    expect(code, stack.output().slice(-5000)).toBe(0);
    expect(stack.output()).toContain('[demo] stopped cleanly');
  }
  console.log(`demo-stack timings: ${timings.join('; ')}`);
}, 90_000);

describe('the dashboard on the running demo stack, in chromium', () => {
  it('every board listed by the api renders every panel with data and no console errors', async () => {
    const list = (await (await fetch(`${base}/api/v1/boards`)).json()) as BoardList;
    expect(list.data.problems).toEqual([]);
    const names = list.data.boards.map((b) => b.name);
    for (const shipped of ['overview', 'infrastructure', 'application', 'business']) expect(names).toContain(shipped);
    const { page, errors } = await openPage('boards');
    // Without a range in the URL a board opens at its defaultRange: Business at the last 6 hours.
    await page.goto(`${base}/boards/business`);
    await expect.poll(() => page.getByRole('button', { name: /^time range/ }).textContent(), SLOW).toBe('Last 6 hours');
    // The sweep uses the last 15 minutes: on a stack started a minute or two ago, 6 hours put the data in the last
    // pixel columns (a lone point, not a line).
    // The Overview at / (its route), then each board at /boards/<name>.
    for (const [route, shot] of [['/', 'overview'], ...names.map((n) => [`/boards/${n}`, `board-${n}`])]) {
      const t = Date.now();
      await page.goto(`${base}${route}?from=now-15m&to=now`);
      await panelsSettled(page);
      const reports = await panelReports(page);
      expect(reports.length, `${route} has no panels`).toBeGreaterThan(0);
      await screenshot(page, shot);
      expect(reports.filter((r) => r.state === 'error'), describeProblems(route, reports)).toEqual([]);
      // Every shipped panel reads a family the demo feeds (shop requests, orders and other business counters,
      // node_* of this host, pg_* and redis_* of the servers started here): each shows data, not its empty state.
      expect(reports.filter((r) => !r.hasData).map((r) => r.title), describeProblems(route, reports)).toEqual([]);
      if (route === '/boards/application') {
        // Every route with traffic has an error ratio, 0 where nothing failed (not a missing line).
        const legend = (title: string): Promise<string[]> =>
          page.locator('.panel').filter({ has: page.getByRole('heading', { name: title, exact: true }) }).locator('.legend li').allTextContents();
        const routes = (await legend('Request rate by route')).filter((l) => l.startsWith('shop '));
        expect(routes.length).toBeGreaterThan(3);
        expect((await legend('Error ratio by route')).filter((l) => l.startsWith('shop ')).sort()).toEqual(routes.sort());
      }
      timings.push(`${route}: ${reports.length} panels in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a time range picked by clicking goes into the URL and the panels re-query for it', async () => {
    const { page, errors } = await openPage('time-range');
    await page.goto(`${base}/boards/application`);
    await panelsSettled(page);
    const spans: number[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/query_range') spans.push(Number(u.searchParams.get('end')) - Number(u.searchParams.get('start')));
    });
    await page.getByRole('button', { name: /^time range/ }).click();
    await page.getByRole('button', { name: 'Last 15 minutes' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), SLOW).toBe('now-15m');
    const timeseries = await page.locator('.panel-timeseries').count();
    expect(timeseries).toBeGreaterThan(0);
    // Every time series panel asked again, for 15 minutes.
    await expect.poll(() => spans.filter((s) => Math.abs(s - 900) < 5).length, SLOW).toBeGreaterThanOrEqual(timeseries);
    await panelsSettled(page);
    const reports = await panelReports(page);
    expect(reports.filter((r) => !r.hasData).map((r) => r.title), describeProblems('application, last 15 minutes', reports)).toEqual([]);
    expect(await page.getByRole('button', { name: /^time range/ }).textContent()).toContain('Last 15 minutes');
    await screenshot(page, 'time-range-15m');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('variable values picked on a board go into the URL and the panels show only those routes', async () => {
    const { page, errors } = await openPage('variable');
    await page.goto(`${base}/boards/application`);
    await panelsSettled(page);
    const exprs: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/query')) exprs.push(u.searchParams.get('query') ?? '');
    });
    // The route picker is a <select>, or a list of checkboxes for a multi-value variable: one route, or two.
    const variable = page.locator('.variable').filter({ has: page.getByText('route', { exact: true }) });
    const multi = (await variable.locator('select').count()) === 0;
    const picked = multi ? ['/checkout', '/cart'] : ['/checkout'];
    if (multi) {
      await variable.locator('summary').click();
      for (const route of picked) {
        // (the box is ticked once the URL has the value: a click, then a wait, not check())
        const box = variable.getByRole('checkbox', { name: route, exact: true });
        await box.click();
        await expect.poll(() => box.isChecked(), SLOW).toBe(true);
      }
      await page.keyboard.press('Escape');
    } else {
      const select = variable.locator('select');
      // The values come from the shop's series.
      await expect.poll(() => select.locator('option').allTextContents(), SLOW).toContain('/checkout');
      await select.selectOption('/checkout');
    }
    await expect.poll(() => new URL(page.url()).searchParams.getAll('var-route'), SLOW).toEqual(picked);
    const matcher = `route=~"${picked.join('|')}"`;
    await expect.poll(() => exprs.filter((q) => q.includes(matcher)).length, SLOW).toBeGreaterThan(0);
    await panelsSettled(page);
    // The table of routes now lists only the picked ones.
    const table = page.locator('.panel').filter({ has: page.getByRole('heading', { name: 'Routes now' }) });
    const routesListed = async (): Promise<string[]> => [...new Set(await table.locator('tbody tr td:nth-child(2)').allTextContents())].sort();
    await expect.poll(routesListed, SLOW).toEqual([...picked].sort());
    const reports = await panelReports(page);
    expect(reports.filter((r) => r.state === 'error'), describeProblems(`application, route ${picked.join(', ')}`, reports)).toEqual([]);
    // Those routes are requested all the time: the rate panel and the latency panels have lines for them.
    for (const title of ['Request rate by route', 'p50 by route']) expect(reports.find((r) => r.title === title)?.hasData, title).toBe(true);
    await screenshot(page, 'variable-route');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('SLOs: the list shows the shop SLOs with objective, budget and burn rates; the detail page draws its charts', async () => {
    const { page, errors } = await openPage('slos');
    await page.goto(`${base}/slos`);
    // Columns by their header: a fresh demo has no settled 5-minute slice yet, so the SLI may still say "no data";
    // the 5m burn rate is computed already.
    await page.locator('.slo-table thead th').first().waitFor(SLOW);
    const headers = (await page.locator('.slo-table thead th').allTextContents()).map((h) => h.trim());
    const cell = (name: string, header: string): ReturnType<Page['locator']> => page.locator(`tr[data-slo="${name}"]`).locator('th, td').nth(headers.indexOf(header));
    for (const h of ['objective', 'error budget', '5m']) expect(headers).toContain(h);
    for (const name of SHOP_SLOS) {
      await page.locator(`tr[data-slo="${name}"]`).waitFor(SLOW);
      expect(await cell(name, 'objective').textContent()).toMatch(/^\d+(\.\d+)?%$/);
      expect(await cell(name, 'error budget').locator('[role="meter"]').getAttribute('aria-label')).toMatch(/^error budget: /);
      await expect.poll(() => cell(name, '5m').textContent(), SLOW).toMatch(/^\d+(\.\d+)?×$/);
    }
    await screenshot(page, 'slos');
    await page.locator('tr[data-slo="shop-availability"]').getByRole('link', { name: 'shop-availability' }).click();
    await page.waitForURL(/\/slos\/shop-availability/);
    await expect.poll(() => page.locator('.tile').allTextContents(), SLOW).toEqual(expect.arrayContaining([expect.stringMatching(/^Objective99\.9%/)]));
    const burnRates = page.locator('section[aria-labelledby="burn-rates-title"] tbody tr').first();
    await expect.poll(() => burnRates.locator('td').first().textContent(), SLOW).toMatch(/^\d+(\.\d+)?×$/);
    await page.locator('figure[aria-label^="error budget remaining of shop-availability"] .recharts-area-curve').waitFor({ state: 'attached', ...SLOW });
    // The burn-rate recordings over the range: a series per window (one recording so far may be a lone point).
    await page.locator('section[aria-labelledby="burn-chart-title"] figure .legend li').first().waitFor(SLOW);
    expect(await page.locator('section[aria-labelledby="burn-chart-title"] figure .legend li').allTextContents()).toContain('5m');
    await screenshot(page, 'slo-shop-availability');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Logs: the shop\'s lines are listed; a typed search narrows them and redraws the volume histogram', async () => {
    const { page, errors } = await openPage('logs');
    await page.goto(`${base}/logs?from=now-15m&to=now`);
    await page.locator('.log-record').first().waitFor(SLOW);
    expect(await page.locator('.log-service').allTextContents()).toContain('shop');
    await page.locator('.log-volume .recharts-bar-rectangle').first().waitFor({ state: 'attached', ...SLOW });
    await screenshot(page, 'logs');
    const box = page.getByRole('searchbox', { name: 'log query' });
    await box.fill('service:shop level:error');
    await box.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('query'), SLOW).toBe('service:shop level:error');
    // Only the shop's errors (5xx answers: failed catalog reads, declined payments), each line and the volume.
    await expect.poll(async () => new Set(await page.locator('.log-record').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-level')))), SLOW).toEqual(new Set(['error']));
    expect(new Set(await page.locator('.log-service').allTextContents())).toEqual(new Set(['shop']));
    const legend = page.locator('.log-volume .legend li');
    await expect.poll(() => legend.allTextContents(), SLOW).toEqual([expect.stringMatching(/^error$/), expect.stringMatching(/^\d+ lines?, /)]);
    await page.locator('.log-volume .recharts-bar-rectangle').first().waitFor({ state: 'attached', ...SLOW });
    await screenshot(page, 'logs-search');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Alerts: rules with their health; a silence created in the form for a firing alert is listed and marks it, then expires', async () => {
    const { page, errors } = await openPage('alerts');
    await page.goto(`${base}/alerts`);
    const rules = page.locator('.rules-table tbody tr');
    await rules.first().waitFor(SLOW);
    // The shipped alert-rules/*.yaml plus the SLOs' burn-rate rules, evaluated.
    expect(await rules.count()).toBeGreaterThan(10);
    await expect.poll(() => rules.locator('td.tone-ok').count(), SLOW).toBeGreaterThan(0);
    await screenshot(page, 'alerts');

    // A firing alert (the shop burns its error budget faster than its SLOs allow), silenced from the form by name.
    // (a Shop* burn-rate alert when one fires: those stay firing, unlike SLONoData of a just-started SLO)
    const firing = page.locator('.alerts-table tbody tr').filter({ has: page.locator('.badge.firing') });
    await firing.first().waitFor(SLOW);
    const names = await firing.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert') ?? ''));
    const alertname = names.find((n) => n.startsWith('Shop')) ?? names[0];
    expect(alertname).not.toBe('');
    const silencedRows = page.locator(`.alerts-table tbody tr[data-alert="${alertname}"] .badge.silenced`);
    expect(await silencedRows.count()).toBe(0);
    const comment = `demo-stack test ${Date.now()}`;
    await page.getByRole('button', { name: 'New silence' }).click();
    await page.getByLabel('matcher 1 label').fill('alertname');
    await page.getByLabel('matcher 1 value').fill(alertname);
    await page.getByLabel('duration').fill('2h');
    await page.getByLabel('creator').fill('demo-stack');
    await page.getByLabel('comment').fill(comment);
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.getByText(/^Silence .+ created\.$/).waitFor(SLOW);
    const row = page.locator('.silences-table tbody tr').filter({ hasText: comment });
    await row.waitFor(SLOW);
    expect(await row.textContent()).toContain(`alertname="${alertname}"`);
    // The alert is marked silenced.
    await silencedRows.first().waitFor(SLOW);
    await screenshot(page, 'alerts-silence');
    await row.getByRole('button', { name: /^expire the silence/ }).click();
    await expect.poll(() => row.count(), SLOW).toBe(0);
    await expect.poll(() => silencedRows.count(), SLOW).toBe(0);
    const silences = (await (await fetch(`${base}/api/v1/silences`)).json()) as { data: Array<{ comment: string; status: { state: string } }> };
    expect(silences.data.find((s) => s.comment === comment)?.status.state).toBe('expired');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Explore: a PromQL query typed in the editor draws a graph, and the table lists its series', async () => {
    const { page, errors } = await openPage('explore');
    await page.goto(`${base}/explore`);
    await screenshot(page, 'explore-empty');
    const query = 'sum by (route) (rate(http_requests_total{job="shop"}[1m]))';
    const editor = page.locator('.cm-content');
    await editor.click();
    // Typed key by key: the editor closes brackets and quotes itself and steps over them when they are typed.
    await page.keyboard.type(query, { delay: 5 });
    await page.keyboard.press('Escape');
    expect(await editor.textContent()).toBe(query);
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.locator('.explore-result .recharts-line-curve').first().waitFor({ state: 'attached', ...SLOW });
    expect(await page.locator('.result-meta').textContent()).toMatch(/^\d+ series \(matrix\)/);
    expect(new URL(page.url()).searchParams.get('expr')).toBe(query);
    await screenshot(page, 'explore');
    await page.getByRole('tab', { name: /Table/ }).click();
    const rows = page.locator('.explore-result tbody tr');
    await rows.first().waitFor(SLOW);
    const texts = await rows.allTextContents();
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('\n')).toContain('/checkout');
    await screenshot(page, 'explore-table');
    expect(errors).toEqual([]);
    await page.close();
  });
});
