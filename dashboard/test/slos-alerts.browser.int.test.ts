// The SLOs and Alerts pages in a real browser (Debian's chromium through playwright-core) against a real api wired as
// server.ts wires it: buildApp with the RuleManager (a rule file whose alert fires at once), the SLO engine over the
// shipped slo/shop.yaml with its generated burn-rate rules and budget corrections, and the PagerDuty notifier sending
// to the contract server over HTTPS. Data: an hour of the shop's series written as line protocol. The dashboard is
// built into a temp dir. Screenshots go to test-artifacts/dashboard/.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.js';
import { alertEventListener } from '../../api/src/events/alert-event-listener.js';
import { EventBus } from '../../api/src/events/event-bus.js';
import { sloEventListener } from '../../api/src/events/slo-event-listener.js';
import { loadConfig } from '../../api/src/config/load-config.js';
import { PagerDutyContractServer } from '../../api/src/notify/pagerduty-contract-server.test-helper.js';
import { PagerDutyNotifier } from '../../api/src/notify/pagerduty-notifier.js';
import { RuleManager } from '../../api/src/rules/rule-manager.js';
import { SloManager } from '../../api/src/slo/slo-manager.js';
import { SloRuleSync } from '../../api/src/slo/slo-rule-sync.js';
import { SqliteBudgetCorrections } from '../../api/src/slo/sqlite-budget-corrections.js';
import { SqliteMetricStore } from '../../api/src/storage/sqlite/sqlite-metric-store.js';
import { demoLines } from './demo-data.js';
import { dashboardBuild, launchChromium, openPage } from './browser-harness.js';

const dashboardDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = path.join(dashboardDir, '..');
const artifacts = path.join(repoDir, 'test-artifacts', 'dashboard');

let dir: string;
let pd: PagerDutyContractServer;
let store: SqliteMetricStore;
let rules: RuleManager;
let slos: SloManager;
let notifier: PagerDutyNotifier;
let corrections: SqliteBudgetCorrections;
let app: FastifyInstance;
let browser: Browser;
let base: string;

const openWidePage = (colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> =>
  openPage(browser, { viewport: { width: 1500, height: 1000 }, colorScheme });

async function until<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dashboard-slos-alerts-'));
  const distDir = await dashboardBuild(dir);
  pd = await PagerDutyContractServer.start();
  await mkdir(path.join(dir, 'slo'));
  await copyFile(path.join(repoDir, 'slo', 'shop.yaml'), path.join(dir, 'slo', 'shop.yaml'));
  await writeFile(path.join(dir, 'ca.pem'), pd.ca);
  await writeFile(
    path.join(dir, 'rules.yaml'),
    [
      'groups:',
      '  - name: browser-test',
      '    interval: 1s',
      '    rules:',
      '      - alert: DiskAlmostFull',
      '        expr: vector(1) > 0',
      '        labels: { severity: page, team: db }',
      '        annotations: { summary: "disk of db-1 is 97% full", runbook_url: "https://runbooks.example.com/disk" }',
      // Fires for 3 s out of 6: transitions while a page is open (live events).
      '      - alert: Flapping',
      '        expr: (vector(time()) % 6) < 3',
      '        labels: { severity: ticket, team: web }',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'api.yaml'),
    [
      'rules:',
      '  evaluationInterval: 1s',
      'slo:',
      '  evaluationInterval: 2s',
      'notify:',
      '  pagerduty:',
      `    caFile: ${JSON.stringify(path.join(dir, 'ca.pem'))}`,
      '    groupWait: 0s',
      '    groupInterval: 1s',
    ].join('\n'),
  );
  const config = loadConfig({
    CONFIG: path.join(dir, 'api.yaml'),
    DATA_DIR: path.join(dir, 'data'),
    SLO_DIR: path.join(dir, 'slo'),
    PAGERDUTY_SERVER: pd.host,
    PAGERDUTY_ROUTING_KEY: 'd'.repeat(32),
  });
  const logger = pino({ level: 'silent' });
  const registry = new Registry();
  store = SqliteMetricStore.open({ dataDir: config.storage.dataDir, maintenanceIntervalMs: 0 });
  const engine = { store, lookbackDeltaMs: config.query.lookbackDeltaMs, maxSamples: config.query.maxSamples, queryTimeoutMs: config.query.timeoutMs, logger };
  rules = new RuleManager({ ...engine, files: [path.join(dir, 'rules.yaml')], baseDir: dir, evaluationIntervalMs: 1000, watch: false });
  notifier = new PagerDutyNotifier({ config: config.notify, dataDir: config.storage.dataDir, externalUrl: 'http://dashboard.example.com', logger, registry });
  rules.addListener(notifier.listener);
  const events = new EventBus({ logger });
  rules.addListener(alertEventListener(events));
  slos = new SloManager({ ...engine, files: config.slo.files, baseDir: dir, evaluationIntervalMs: 2000, writeSeries: false, watch: false });
  corrections = SqliteBudgetCorrections.open({ dataDir: config.storage.dataDir });
  slos.useCorrections(corrections);
  const sloRules = new SloRuleSync({ rules, slos, options: {}, logger });
  app = await buildApp({
    config,
    store,
    logger,
    registry,
    rules,
    notify: notifier,
    slos,
    corrections: { store: corrections, sloExists: (name) => slos.status(name) !== undefined },
    dashboard: { boardsDir: path.join(dashboardDir, 'boards'), distDir },
    events,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const lines = demoLines(Math.floor(Date.now() / 1000));
  for (let i = 0; i < lines.length; i += 5000) {
    const r = await fetch(`${base}/write?db=test&precision=s`, { method: 'POST', body: lines.slice(i, i + 5000).join('\n') });
    expect(r.status).toBe(204);
  }
  notifier.start();
  await rules.start();
  await slos.start();
  slos.addListener(sloRules);
  slos.addListener(sloEventListener(events));
  await sloRules.sync();
  // The SLOs evaluated with data, and the alert delivered to PagerDuty, before the pages are opened.
  let last = '';
  await until('an evaluated SLO', async () => {
    const text = await (await fetch(`${base}/api/v1/slos`)).text();
    last = text;
    const body = JSON.parse(text) as { data: { slos: Array<{ name: string; result: { total: number } | null }> } };
    return body.data.slos.find((s) => s.name === 'shop-availability' && (s.result?.total ?? 0) > 0);
  }).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}: ${last.slice(0, 3000)}`);
  });
  // DiskAlmostFull's own (one incident per alert): the Alerts test expects its trigger sent.
  await until('a sent notification for DiskAlmostFull', async () => {
    const body = (await (await fetch(`${base}/api/v1/notifications?state=sent`)).json()) as { data: { notifications: Array<{ event: unknown }> } };
    return body.data.notifications.some((n) => JSON.stringify(n.event).includes('"alertname":"DiskAlmostFull"')) ? true : undefined;
  });
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
}, 240_000);

/**
 * Deletes the budget corrections a test added to `slo` and waits for an evaluation that started after that, so the next
 * test sees the SLO as computed from all its data (a correction over the last hour leaves shop-availability with none).
 */
async function removeCorrections(slo: string): Promise<void> {
  const url = `${base}/api/v1/slos/${slo}/corrections`;
  const listed = (await (await fetch(url)).json()) as { data: Array<{ id: string }> };
  if (listed.data.length === 0) return;
  for (const c of listed.data) expect((await fetch(`${url}/${c.id}`, { method: 'DELETE' })).status).toBe(200);
  const deletedAt = Date.now();
  await until(`an evaluation of ${slo} without corrections`, async () => {
    const body = (await (await fetch(`${base}/api/v1/slos`)).json()) as { data: { slos: Array<{ name: string; evaluatedAt: number | null; result: { total: number } | null }> } };
    const s = body.data.slos.find((x) => x.name === slo);
    return s !== undefined && (s.evaluatedAt ?? 0) > deletedAt && (s.result?.total ?? 0) > 0 ? true : undefined;
  });
}

afterEach(async () => {
  if (base) await removeCorrections('shop-availability');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await slos?.stop();
  await rules?.stop();
  await notifier?.close();
  corrections?.close();
  await store?.close();
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('SLOs and Alerts pages in chromium', () => {
  it('SLO list shows status, SLI, budget and burn rates; a grouped SLO expands; the detail draws the burn-down and takes a correction', async () => {
    const { page, errors } = await openWidePage();
    await page.goto(`${base}/slos`);
    const row = page.locator('tr[data-slo="shop-availability"]');
    await row.waitFor();
    // 2% of the demo requests fail: the 99.9% SLO is below target and spends its budget 20× too fast.
    expect(await row.locator('td').nth(3).textContent()).toMatch(/^9[78](\.\d+)?%$/);
    expect(await row.locator('[role="meter"]').getAttribute('aria-label')).toMatch(/^error budget: .+, .+ of 40m$/);
    expect(await row.locator('td.num').filter({ hasText: '×' }).count()).toBeGreaterThan(0);
    expect(parseFloat((await row.locator('td').nth(5).textContent()) ?? '')).toBeGreaterThan(14.4);
    const expand = page.getByRole('button', { name: /expand the 2 groups of shop-error-rate/ });
    await expand.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr.group-row').count()).toBe(2);
    expect(await page.locator('tr.group-row th').allTextContents()).toEqual(expect.arrayContaining(['route=/api/orders', 'route=/api/cart']));
    await page.screenshot({ path: path.join(artifacts, 'slos.png'), fullPage: true });

    await row.getByRole('link', { name: 'shop-availability' }).click();
    await page.waitForURL(/\/slos\/shop-availability/);
    await page.locator('figure[aria-label^="error budget remaining of shop-availability"] .recharts-area-curve').waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.locator('.tile').first().textContent()).toMatch(/Status/);
    await page.getByLabel('why').fill('planned maintenance, CHG-1234');
    await page.getByRole('button', { name: 'Add correction' }).click();
    await page.getByRole('cell', { name: 'planned maintenance, CHG-1234', exact: true }).waitFor();
    await page.locator('.recharts-reference-area').first().waitFor({ state: 'attached' });
    const listed = (await (await fetch(`${base}/api/v1/slos/shop-availability/corrections`)).json()) as { data: Array<{ description: string }> };
    expect(listed.data.map((c) => c.description)).toEqual(['planned maintenance, CHG-1234']);
    await page.screenshot({ path: path.join(artifacts, 'slo-detail.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Overview: the SLO summary and firing alerts panels show the real SLOs and alerts, update live, and a row opens its page', async () => {
    const { page, errors } = await openWidePage();
    await page.goto(`${base}/`);
    const sloPanel = page.locator('.panel[data-type="slo-summary"]');
    const alertsPanel = page.locator('.panel[data-type="alerts"]');
    await page.waitForFunction(() => document.querySelectorAll('.panel').length > 0 && document.querySelectorAll('.panel[data-state="loading"]').length === 0, undefined, {
      timeout: 20_000,
    });
    expect(await sloPanel.getAttribute('data-state')).toBe('done');
    expect(await alertsPanel.getAttribute('data-state')).toBe('done');
    expect(await sloPanel.getAttribute('data-empty')).toBeNull();
    expect(await alertsPanel.getAttribute('data-empty')).toBeNull();
    // The first row of the board: the service level.
    expect(await page.locator('.board-row').first().locator('h2').textContent()).toBe('Service level');

    // SLO summary: the shop's three SLOs, the availability one with its numbers (2% of the demo requests fail).
    expect(await sloPanel.locator('.panel-count').textContent()).toMatch(/^3 SLOs, [1-3] burning\/exhausted$/);
    const sloRow = sloPanel.locator('tr[data-slo="shop-availability"]');
    expect(await sloRow.locator('td.sli').textContent()).toMatch(/^9[78](\.\d+)?% \/ 99\.9%$/);
    expect(await sloRow.locator('td.status').textContent()).toMatch(/^(budget exhausted|burning \(\d+ alerts?\)|below target)$/);
    expect(await sloRow.locator('[role="meter"]').getAttribute('aria-label')).toMatch(/^error budget: .+, .+ of 40m$/);
    const api = (await (await fetch(`${base}/api/v1/slos`)).json()) as { data: { slos: Array<{ name: string; result: { burnRates: Record<string, number | null> } | null }> } };
    const rates = Object.values(api.data.slos.find((s) => s.name === 'shop-availability')?.result?.burnRates ?? {}).filter((r): r is number => r !== null);
    const worst = parseFloat((await sloRow.locator('td.burn').textContent()) ?? '');
    expect(worst).toBeGreaterThan(14.4);
    expect(Math.abs(worst - Math.max(...rates)) / Math.max(...rates)).toBeLessThan(0.1);

    // Alerts: the always-firing rule with its severity and labels; the flapping one comes and goes without a reload.
    const disk = alertsPanel.locator('tr[data-alert="DiskAlmostFull"]');
    await disk.waitFor();
    expect(await disk.locator('.badge').textContent()).toBe('page');
    expect(await disk.locator('.label-chip').allTextContents()).toEqual(['team=db']);
    expect(await disk.locator('td.since').textContent()).toMatch(/^\d+[smh].* ago$/);
    const flapping = alertsPanel.locator('tr[data-alert="Flapping"]');
    await flapping.waitFor({ timeout: 15_000 });
    await flapping.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => page.locator('.board-header .live-indicator').getAttribute('class')).toContain('open');
    await page.screenshot({ path: path.join(artifacts, 'overview-service-level.png'), fullPage: true });

    // A click on an alert's row opens the Alerts page filtered to exactly that alert.
    await disk.locator('td.since').click();
    await page.waitForURL(/\/alerts\?filter=/);
    expect(new URL(page.url()).searchParams.get('filter')).toBe('{alertname="DiskAlmostFull",severity="page",team="db"}');
    await page.locator('.alerts-table tr[data-alert="DiskAlmostFull"]').waitFor();
    expect(await page.locator('.alerts-table tbody tr').count()).toBe(1);

    // A click on an SLO's row opens its detail page.
    await page.goBack();
    await sloRow.locator('td.status').click();
    await page.waitForURL(/\/slos\/shop-availability$/);
    await page.locator('.tile').first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Alerts: delivery state, a silence created by clicking and typing appears and expires; ?filter= narrows the list', async () => {
    // In the dark theme (the system's preference is the default).
    const { page, errors } = await openWidePage('dark');
    await page.goto(`${base}/alerts`);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const alertRow = page.locator('tr[data-alert="DiskAlmostFull"]');
    await alertRow.waitFor();
    // Read from the notifier's outbox, which loads apart from the alerts (until then the cell says so).
    await expect.poll(() => alertRow.locator('td.delivery').textContent(), { timeout: 10_000 }).toBe('trigger sent');
    expect(await alertRow.textContent()).toContain('disk of db-1 is 97% full');
    expect(await page.locator('.rules-table tbody tr').count()).toBeGreaterThan(1);
    // Live: the stream is open and a transition of the flapping alert arrives while the page is open.
    await expect.poll(() => page.locator('.live-indicator').getAttribute('class')).toContain('open');
    await page.locator('.history-table tr[data-source="live"]').first().waitFor({ state: 'attached', timeout: 15_000 });

    await alertRow.getByRole('button', { name: /^silence DiskAlmostFull/ }).click();
    expect(await page.getByLabel('matcher 1 label').inputValue()).toBe('alertname');
    expect(await page.getByLabel('matcher 1 value').inputValue()).toBe('DiskAlmostFull');
    await page.getByLabel('duration').fill('90m');
    await page.getByLabel('creator').fill('ana');
    await page.getByLabel('comment').fill('replacing the disk');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.getByText(/^Silence .+ created\.$/).waitFor();
    const silenceRow = page.locator('.silences-table tbody tr').filter({ hasText: 'replacing the disk' });
    await silenceRow.waitFor();
    expect(await silenceRow.locator('td').nth(1).textContent()).toContain('alertname="DiskAlmostFull"');
    await alertRow.locator('.badge.silenced').waitFor();
    const silences = (await (await fetch(`${base}/api/v1/silences`)).json()) as { data: Array<{ createdBy: string; startsAt: string; endsAt: string; status: { state: string } }> };
    const created = silences.data.find((s) => s.createdBy === 'ana');
    expect(created?.status.state).toBe('active');
    // Starts when the form was sent (the api may move a start just past to its own now), ends 90 minutes later.
    expect(Math.abs(Date.parse(created?.endsAt ?? '') - Date.parse(created?.startsAt ?? '') - 90 * 60_000)).toBeLessThan(5000);
    await page.screenshot({ path: path.join(artifacts, 'alerts.png'), fullPage: true });

    await silenceRow.getByRole('button', { name: /^expire the silence/ }).click();
    await expect.poll(() => silenceRow.count()).toBe(0);
    const after = (await (await fetch(`${base}/api/v1/silences`)).json()) as { data: Array<{ createdBy: string; status: { state: string } }> };
    expect(after.data.find((s) => s.createdBy === 'ana')?.status.state).toBe('expired');

    // The notifier's link: only the alerts matching the filter.
    await page.goto(`${base}/alerts?filter=${encodeURIComponent('{alertname="DiskAlmostFull",team="db"}')}`);
    await alertRow.waitFor();
    expect(new Set(await page.locator('.alerts-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert'))))).toEqual(new Set(['DiskAlmostFull']));
    expect(await page.getByLabel('Filter').inputValue()).toBe('{alertname="DiskAlmostFull",team="db"}');
    await page.screenshot({ path: path.join(artifacts, 'alerts-filtered.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
