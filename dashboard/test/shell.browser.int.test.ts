// The shell's common controls in Chromium (Debian's, through playwright-core) against a real api (buildApp, SQLite
// store in a temp dir, an hour of data): the time range picker without a mouse, focus rings, Explore's tabs from the
// keyboard, refresh and URL state across pages, chart tooltips readable in both themes. Screenshots go to
// test-artifacts/shell/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBuild, launchChromium, openPage, panelsSettled, startDemoDataApi, type DemoDataApi } from './browser-harness.js';

const dashboardDir = fileURLToPath(new URL('..', import.meta.url));
const artifacts = path.join(dashboardDir, '..', 'test-artifacts', 'shell');

let dir: string;
let api: DemoDataApi;
let browser: Browser;
let base: string;

/** What has the keyboard focus: tag and accessible text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return a ? `${a.tagName.toLowerCase()}: ${a.getAttribute('aria-label') ?? a.textContent?.trim() ?? ''}` : 'none';
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shell-browser-'));
  api = await startDemoDataApi(dir, await dashboardBuild(dir));
  base = api.base;
  await mkdir(artifacts, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('shell in chromium', () => {
  it('the time range picker works from the keyboard: presets, Escape, absolute and typed relative ranges, focus back on the button', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/`);
    await panelsSettled(page);
    const button = page.getByRole('button', { name: /^time range:/ });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog', { name: 'choose a time range' }).count()).toBe(1);
    expect(await focused(page)).toBe('button: Last 1 hour'); // the current preset
    // Escape closes and the focus is back where it was.
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focused(page)).toMatch(/^button: time range: Last 1 hour/);
    // Two Tabs down the presets: Last 6 hours.
    await page.keyboard.press('Enter');
    for (let i = 0; i < 2; i++) await page.keyboard.press('Tab'); // 3 hours, 6 hours
    expect(await focused(page)).toBe('button: Last 6 hours');
    await page.screenshot({ path: path.join(artifacts, 'time-picker-open.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('now-6h');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focused(page)).toMatch(/^button: time range: Last 6 hours/);
    // Tabbing out of the dialog closes it; so does a click outside.
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Apply absolute range' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await focused(page)).toBe('button: refresh now');
    await button.click();
    await page.mouse.click(200, 600);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // An absolute range: an inverted one is refused with a message, a good one lands in the URL as Unix ms.
    await button.focus();
    await page.keyboard.press('Enter');
    const from = page.getByRole('textbox', { name: 'From' });
    const to = page.getByRole('textbox', { name: 'To' });
    await from.fill('2026-01-02T10:00');
    await to.fill('2026-01-02T09:00');
    await page.getByRole('button', { name: 'Apply absolute range' }).press('Enter');
    expect(await page.getByRole('dialog').getByRole('alert').textContent()).toMatch(/"From" must be before "to"/);
    await to.fill('2026-01-02T12:30');
    await to.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(String(new Date('2026-01-02T10:00').getTime()));
    expect(new URL(page.url()).searchParams.get('to')).toBe(String(new Date('2026-01-02T12:30').getTime()));
    expect(await focused(page)).toMatch(/^button: time range: /);
    // A custom relative range typed as Grafana takes it: a bad one is refused with a message, "2d" is now-2d to now.
    await page.keyboard.press('Enter');
    const last = page.getByRole('textbox', { name: 'Last' });
    await last.fill('yesterday');
    await last.press('Enter');
    expect(await page.getByRole('dialog').getByRole('alert').textContent()).toMatch(/a duration such as 90m, 12h, 2d or 2w/);
    await last.fill('2d');
    await last.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('now-2d');
    expect(new URL(page.url()).searchParams.get('to')).toBe('now');
    expect(await focused(page)).toMatch(/^button: time range: Last 2d/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every control in the top bar is reached by Tab, in order, with a visible focus ring', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${base}/`);
    await panelsSettled(page);
    const seen: string[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        const s = getComputedStyle(a);
        const label = a instanceof HTMLSelectElement ? a.labels?.[0]?.textContent?.trim() : undefined;
        return { name: a.getAttribute('aria-label') ?? label ?? a.textContent?.trim() ?? '', ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, top: a.closest('.topbar') !== null || a.classList.contains('skip-link') };
      });
      if (!f.top) break;
      expect(f.ring, `focus ring on ${f.name}`).toBe(true);
      seen.push(f.name);
    }
    expect(seen[0]).toBe('Skip to content');
    expect(seen).toEqual(expect.arrayContaining(['Overview', 'SLOs', 'Alerts', 'Logs', 'Explore', 'refresh now', 'auto-refresh interval']));
    expect(seen.findIndex((s) => s.startsWith('time range:'))).toBeGreaterThan(seen.indexOf('Explore'));
    expect(seen.at(-1)).toMatch(/^switch to the (dark|light) theme$/);
    await page.close();
  });

  it('refresh and the range follow the URL from page to page, and each page refetches on "refresh now"', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/?from=now-3h&to=now`);
    await panelsSettled(page);
    await page.getByRole('combobox', { name: 'auto-refresh interval' }).selectOption('5m');
    await expect.poll(() => new URL(page.url()).searchParams.get('refresh')).toBe('5m');
    for (const [link, api] of [
      ['Logs', '/api/v1/logs'],
      ['Explore', '/api/v1/query_range'],
      ['Alerts', '/api/v1/alerts'],
      ['SLOs', '/api/v1/slos'],
    ] as const) {
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: link, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toMatch(new RegExp(link === 'SLOs' ? 'SLO' : link));
      const params = new URL(page.url()).searchParams;
      expect([params.get('from'), params.get('to'), params.get('refresh')]).toEqual(['now-3h', 'now', '5m']);
      if (link === 'Explore') {
        await page.getByRole('textbox', { name: 'PromQL query' }).fill('node_load1');
        await page.getByRole('button', { name: 'Run query' }).click();
        await page.waitForSelector('.recharts-line-curve');
      }
      await page.waitForLoadState('networkidle');
      const refetched = page.waitForRequest((r) => new URL(r.url()).pathname === api, { timeout: 10_000 });
      await page.getByRole('button', { name: 'refresh now' }).click();
      await refetched;
    }
    // This api runs without notifications: the Alerts page's silences and outbox calls answer 503 on purpose (the page
    // says to set notify in the api config); nothing else may fail.
    expect(errors.filter((e) => !/status of 503/.test(e))).toEqual([]);
    await page.close();
  });

  it("Explore's Graph and Table tabs switch with the arrow keys (one tab stop, the panel labelled by its tab)", async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/explore?expr=node_load1`);
    await page.waitForSelector('.recharts-line-curve');
    const graph = page.getByRole('tab', { name: 'Graph (range)' });
    expect(await graph.getAttribute('tabindex')).toBe('0');
    expect(await page.getByRole('tab', { name: 'Table (instant)' }).getAttribute('tabindex')).toBe('-1');
    await graph.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('table');
    expect(await focused(page)).toBe('button: Table (instant)');
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Table (instant)' }).locator('table').count()).toBe(1);
    await page.keyboard.press('Home');
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBeNull();
    expect(await focused(page)).toBe('button: Graph (range)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the log volume chart zooms to a bar from the keyboard (arrow keys pick it, Enter zooms)', async () => {
    const nowMs = Date.now();
    const records = Array.from({ length: 30 }, (_, i) => ({
      id: `shell:${i}`,
      timestamp: nowMs - 50 * 60_000 + i * 100_000,
      level: i % 3 === 0 ? 'error' : 'info',
      message: `request ${i} done`,
      service: 'shop',
    }));
    const posted = await fetch(`${base}/api/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
    expect(posted.status).toBe(200);
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/logs?from=now-1h&to=now`);
    await page.waitForSelector('.log-volume .recharts-bar-rectangle');
    const chart = page.getByRole('group', { name: /^log lines per .+ by level: 30 in total; arrow keys pick a bar/ });
    await chart.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    // The first bucket with lines: step right from the start until the announcement counts one.
    const announced = page.locator('.log-volume [aria-live="polite"]');
    for (let i = 0; i < 400 && !/[1-9]\d* (error|info)/.test((await announced.textContent()) ?? ''); i++) await page.keyboard.press('ArrowRight');
    const said = (await announced.textContent()) ?? '';
    expect(said).toMatch(/: \d+ (error|info).*\. Enter zooms to this/);
    expect(await page.locator('.log-volume .recharts-reference-area').count()).toBe(1); // the picked bar is highlighted
    await page.screenshot({ path: path.join(artifacts, 'log-volume-keyboard.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toMatch(/^\d+$/);
    const params = new URL(page.url()).searchParams;
    const [from, to] = [Number(params.get('from')), Number(params.get('to'))];
    const inBucket = records.filter((r) => r.timestamp >= from && r.timestamp < to);
    expect(inBucket.length).toBeGreaterThan(0);
    await expect.poll(async () => (await page.locator('.log-message').allTextContents()).sort()).toEqual(inBucket.map((r) => r.message).sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(['dark', 'light'])('chart tooltips are readable in the %s theme (text contrast at least 4.5:1)', async (theme) => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/`);
    await page.evaluate((t) => localStorage.setItem('theme', t), theme);
    await page.goto(`${base}/boards/business`);
    await panelsSettled(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    const chart = page.locator('.panel .recharts-surface').first();
    const box = await chart.boundingBox();
    if (!box) throw new Error('no chart drawn on the Business board');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.waitForSelector('.recharts-tooltip-item');
    const ratios = await page.evaluate(() => {
      const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: string): number => {
        const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const tip = document.querySelector('.recharts-default-tooltip') as HTMLElement;
      const bg = lum(getComputedStyle(tip).backgroundColor);
      return [...tip.querySelectorAll('.recharts-tooltip-label, .recharts-tooltip-item-name, .recharts-tooltip-item-value')].map((e) => {
        const fg = lum(getComputedStyle(e).color);
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      });
    });
    expect(ratios.length).toBeGreaterThanOrEqual(3);
    for (const r of ratios) expect(r).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: path.join(artifacts, `tooltip-${theme}.png`) });
    expect(errors).toEqual([]);
    await page.close();
  });
});
