// The Logs page in a real browser (Debian's chromium through playwright-core) against a real api: buildApp with a
// SqliteLogStore in a temp dir, log lines posted to POST /api/v1/logs, the production build of the dashboard
// (dashboard/dist when it has the Logs page, else built into the temp dir). Screenshots: test-artifacts/dashboard/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.js';
import { loadConfig } from '../../api/src/config/load-config.js';
import type { LogRecord } from '../../api/src/logs/log-record.js';
import { SqliteLogStore } from '../../api/src/logs/sqlite/sqlite-log-store.js';
import { MemoryMetricStore } from '../../api/src/storage/memory/memory-metric-store.js';
import { dashboardBuild, launchChromium, openPage } from './browser-harness.js';

const dashboardDir = fileURLToPath(new URL('..', import.meta.url));
const artifacts = path.join(dashboardDir, '..', 'test-artifacts', 'dashboard');
const SERVICES = ['checkout', 'cart', 'web'];
const LEVELS = ['info', 'info', 'info', 'debug', 'warn', 'error'] as const;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
/** Polls wait this long: the shared 2-core machine is often loaded. */
const SLOW = { timeout: 15_000 };

let dir: string;
let logStore: SqliteLogStore;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let posted: LogRecord[];

/** 300 lines over the last 50 minutes: three services, mixed levels, `timeout` in every 7th, one trace in every 10th. */
function demoLogs(nowMs: number): LogRecord[] {
  const out: LogRecord[] = [];
  for (let i = 0; i < 300; i++) {
    const service = SERVICES[i % 3];
    out.push({
      id: `demo:${i}`,
      timestamp: nowMs - 50 * 60_000 + i * 10_000,
      level: LEVELS[i % LEVELS.length],
      message: i % 7 === 0 ? `payment timeout after 5000 ms (order ${i})` : `GET /api/orders/${i} 200`,
      service,
      host: i % 2 === 0 ? 'web-1' : 'web-2',
      ...(i % 10 === 0 ? { traceId: TRACE, spanId: `00f067aa0ba902b${i % 10}` } : {}),
      attributes: { 'http.status_code': i % 7 === 0 ? '504' : '200', 'http.route': '/api/orders/:id' },
    });
  }
  return out;
}

async function postLogs(records: LogRecord[]): Promise<void> {
  const r = await fetch(`${base}/api/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(r.status).toBe(200);
}

const queryParam = (page: Page): string | null => new URL(page.url()).searchParams.get('query');

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'logs-browser-'));
  const distDir = await dashboardBuild(dir);
  logStore = SqliteLogStore.open({ dataDir: path.join(dir, 'data'), retentionIntervalMs: 0 });
  app = await buildApp({
    config: loadConfig({}),
    store: new MemoryMetricStore(),
    logStore,
    logger: pino({ level: 'silent' }),
    dashboard: { distDir },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  posted = demoLogs(Date.now());
  await postLogs(posted);
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await logStore?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Logs page in chromium', () => {
  it('searches, draws the volume, pages older, expands a record and filters from a service and a trace id', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/logs?from=now-1h&to=now`);
    await page.waitForSelector('.log-record');
    // Volume by level: stacked bars drawn, one legend entry per level present.
    await page.waitForSelector('.log-volume .recharts-bar-rectangle');
    const legend = await page.locator('.log-volume .legend li').allTextContents();
    expect(legend.slice(0, -1)).toEqual(['debug', 'info', 'warn', 'error']);
    expect(legend[legend.length - 1]).toMatch(/^300 lines, \d+ (s|min) buckets$/);
    // Newest first, 100 a page, then older pages by cursor.
    expect(await page.locator('.log-record').count()).toBe(100);
    expect(await page.locator('.log-message').first().textContent()).toBe('GET /api/orders/299 200');
    await page.getByRole('button', { name: 'Load older lines' }).click();
    await expect.poll(() => page.locator('.log-record').count(), SLOW).toBe(200);
    expect(await page.locator('.log-message').nth(100).textContent()).toBe('GET /api/orders/199 200');

    // A search typed in the box goes into the URL and narrows the list and the volume.
    const box = page.getByRole('searchbox', { name: 'log query' });
    await box.fill('timeout -level:debug');
    await box.press('Enter');
    await expect.poll(() => queryParam(page), SLOW).toBe('timeout -level:debug');
    await expect.poll(() => page.locator('.log-record').count(), SLOW).toBe(36);
    for (const m of await page.locator('.log-message').allTextContents()) expect(m).toMatch(/^payment timeout/);
    await expect.poll(() => page.locator('.log-volume .legend li').last().textContent(), SLOW).toMatch(/^36 lines, /);

    // Expanding a record shows every field, from the keyboard.
    const first = page.locator('.log-record').first();
    await first.locator('.log-toggle').focus();
    await page.keyboard.press('Enter');
    const details = first.locator('.log-details');
    await details.waitFor();
    const fields = await details.locator('dt').allTextContents();
    expect(fields).toEqual(['timestamp', 'level', 'service', 'host', 'http.route', 'http.status_code', 'id']);
    expect(await details.locator('.log-full-message').textContent()).toBe('payment timeout after 5000 ms (order 294)');
    await screenshot(page, 'logs-expanded.png');

    // A click on the service adds the filter and searches.
    await first.locator('.log-service').click();
    await expect.poll(() => queryParam(page), SLOW).toBe('timeout -level:debug service:checkout');
    await expect.poll(() => page.locator('.log-record').count(), SLOW).toBe(8);
    expect(new Set(await page.locator('.log-service').allTextContents())).toEqual(new Set(['checkout']));

    // A trace id: search a record that has one, expand it, click the id.
    await box.fill('order 0');
    await box.press('Enter');
    await expect.poll(() => page.locator('.log-record').count(), SLOW).toBe(1);
    await page.locator('.log-record .log-toggle').first().click();
    await page.getByRole('button', { name: TRACE, exact: true }).click();
    await expect.poll(() => queryParam(page), SLOW).toBe(`order 0 trace_id:${TRACE}`);
    // A link with the URL shows the same search.
    const shared = page.url();
    const { page: other, errors: otherErrors } = await openPage(browser);
    await other.goto(shared);
    await other.waitForSelector('.log-record');
    expect(await other.getByRole('searchbox', { name: 'log query' }).inputValue()).toBe(`order 0 trace_id:${TRACE}`);
    expect(await other.locator('.log-record').count()).toBe(1);
    await other.close();

    await box.fill(`trace_id:${TRACE}`);
    await box.press('Enter');
    await expect.poll(() => page.locator('.log-record').count(), SLOW).toBe(30);
    await screenshot(page, 'logs-trace.png');

    // A click on a bar narrows the range to its bucket (absolute, in the URL): the one trace line in it.
    // (the first bar with a height: buckets of the range before the first line are drawn empty)
    const bars = page.locator('.log-volume .recharts-bar-rectangle');
    let clicked = false;
    for (let k = 0, n = await bars.count(); k < n && !clicked; k++) {
      const box = await bars.nth(k).boundingBox();
      if (box !== null && box.height > 0.5) {
        await bars.nth(k).click();
        clicked = true;
      }
    }
    expect(clicked).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), SLOW).toMatch(/^\d{13}$/);
    const url = new URL(page.url());
    expect(Number(url.searchParams.get('to')) - Number(url.searchParams.get('from'))).toBeLessThanOrEqual(5 * 60_000);
    // How many trace lines fall in the bucket depends on where its edges land (the lines are 100 s apart, the
    // bucket width on the chart's width): expect exactly those of the posted lines, with the end inclusive or not.
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    const traced = posted.filter((r) => r.traceId === TRACE && r.timestamp >= from);
    const inBucket = [traced.filter((r) => r.timestamp < to).length, traced.filter((r) => r.timestamp <= to).length];
    expect(inBucket[1]).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => inBucket.includes(await page.locator('.log-record').count()), SLOW).toBe(true);
    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
    await page.close();
  });

  it('shows a rejected query with the position marked', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/logs`);
    await page.waitForSelector('.log-record');
    const box = page.getByRole('searchbox', { name: 'log query' });
    await box.fill('level:error "unterminated');
    await box.press('Enter');
    const alert = page.locator('.log-query-error');
    await expect.poll(() => alert.textContent(), SLOW).toMatch(/unterminated quote at position 13/);
    expect(await alert.locator('.caret').textContent()).toBe(`${' '.repeat(12)}^`);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'logs-query-error.png');
    // The rejected searches answer 400: the browser logs those, nothing else.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.close();
  });

  it('live tail shows lines posted after it started, with the connection state', async () => {
    const { page, errors } = await openPage(browser);
    // (the dark theme here, the light one above: the level colours are checked by eye in both screenshots)
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/logs?query=${encodeURIComponent('service:live')}`);
    await page.waitForSelector('.log-results');
    await page.getByRole('button', { name: /Live tail/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('live'), SLOW).toBe('1');
    await expect.poll(() => page.locator('.live-state').getAttribute('data-connection'), SLOW).toBe('open');
    const now = Date.now();
    await postLogs([
      { id: 'live:1', timestamp: now, level: 'error', message: 'disk full on /var', service: 'live' },
      { id: 'live:2', timestamp: now + 1, level: 'info', message: 'not for this query', service: 'other' },
    ]);
    await expect.poll(() => page.locator('.log-record.live .log-message').allTextContents(), SLOW).toEqual(['disk full on /var']);
    expect(await page.locator('.live-state').textContent()).toContain('1 new line');
    await screenshot(page, 'logs-live.png');
    expect(errors).toEqual([]);
    await page.close();
  });
});
