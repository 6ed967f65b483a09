// Dashboard figures, measured in Chromium (Debian's /usr/bin/chromium through playwright-core) against a real api
// (buildApp + SQLite store in a temp dir with an hour of data), using the production build in dashboard/dist:
// - the initial route's JS, gzipped (the entry chunk and its modulepreloads; Explore's CodeMirror chunk is lazy), and
//   as the api serves it (the build's brotli copies);
// - cold load of the Overview board (new browser context: empty cache) to every panel drawn, median of 5;
// - refresh of a 12-panel time series board: from the click on "refresh now" to 12 range queries answered and drawn;
// - bytes on the wire for the Overview cold load, as Chromium counts them (compressed bodies + headers), with the
//   share of the API's JSON;
// - the 12-panel board over 1 hour and over 30 days (30 days of minute samples written before the bench): cold load,
//   the slowest query_range, one query alone, points per series against the charts' pixel widths (the step keeps one
//   point per pixel column, so 30 days draw as many points as an hour).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../api/src/app.js';
import { loadConfig } from '../api/src/config/load-config.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import { demoLines } from '../dashboard/test/demo-data.js';
import type { BenchRow } from './bench-row.js';

const dashboardDir = fileURLToPath(new URL('../dashboard/', import.meta.url));
const distDir = path.join(dashboardDir, 'dist');

function initialRouteJs(): string[] {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => path.join(distDir, 'assets', m[1]));
}

function initialRouteGzipKb(): number {
  return initialRouteJs().reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0) / 1024;
}

/** As the api sends it to a browser: the build's brotli copies (name.js.br, see dashboard/vite.config.ts). */
function initialRouteBrotliKb(): number {
  return initialRouteJs().reduce((sum, f) => sum + readFileSync(existsSync(`${f}.br`) ? `${f}.br` : f).length, 0) / 1024;
}

async function settled(page: Page, panels: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('.panel').length >= n && document.querySelectorAll('.panel[data-state="loading"]').length === 0,
    panels,
    { timeout: 30_000, polling: 'raf' },
  );
}

/** Bytes received per request as Chromium's network stack counts them (encoded body + headers), by URL. */
async function countBytes(context: BrowserContext, page: Page): Promise<() => { total: number; api: number }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  let total = 0;
  let api = 0;
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    total += e.encodedDataLength;
    if (new URL(urls.get(e.requestId) ?? 'http://x/').pathname.startsWith('/api/')) api += e.encodedDataLength;
  });
  return () => ({ total, api });
}

/** 30 days of the shop's request counters, one sample a minute, ending an hour before `endS` (demoLines' hour follows). */
function monthLines(endS: number): string[] {
  const lines: string[] = [];
  const last = endS - 3600 - 60;
  for (let t = last - 30 * 86400, i = 0; t <= last; t += 60, i++) {
    for (const [route, rps] of [['/api/orders', 4], ['/api/cart', 10]] as const) {
      const total = i * 60 * rps * (1 + 0.2 * Math.sin(i / 720));
      lines.push(`http_request_duration_seconds_count,job=shop,route=${route},method=GET,status_code=200 value=${Math.floor(total * 0.98)} ${t}`);
      lines.push(`http_request_duration_seconds_count,job=shop,route=${route},method=GET,status_code=500 value=${Math.floor(total * 0.02)} ${t}`);
    }
  }
  return lines;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchDashboard(): Promise<BenchRow[]> {
  if (!existsSync(path.join(distDir, 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: dashboardDir, stdio: 'ignore' });
  const rows: BenchRow[] = [
    { name: 'initial route JS, gzipped', value: initialRouteGzipKb(), unit: 'KB', target: '<= 350' },
    { name: 'initial route JS, as served (brotli)', value: initialRouteBrotliKb(), unit: 'KB', target: '' },
  ];

  const dir = await mkdtemp(path.join(tmpdir(), 'bench-dashboard-'));
  const boardsDir = path.join(dir, 'boards');
  await mkdir(boardsDir);
  for (const f of ['overview.yaml']) await writeFile(path.join(boardsDir, f), readFileSync(path.join(dashboardDir, 'boards', f)));
  const panel = (i: number): string =>
    `      - { title: "p${i}", type: timeseries, width: 4, legend: "{{route}}", query: 'sum by (route) (rate(http_request_duration_seconds_count{status_code="200"}[$__rate_interval])) * ${i + 1}' }`;
  await writeFile(
    path.join(boardsDir, 'twelve.yaml'),
    `title: Twelve\nrows:\n  - title: all\n    panels:\n${Array.from({ length: 12 }, (_, i) => panel(i)).join('\n')}\n`,
  );
  const store = SqliteMetricStore.open({ dataDir: path.join(dir, 'data'), maintenanceIntervalMs: 0 });
  const app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }), dashboard: { boardsDir, distDir } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const nowS = Math.floor(Date.now() / 1000);
    const lines = [...monthLines(nowS), ...demoLines(nowS)];
    for (let i = 0; i < lines.length; i += 5000) {
      await fetch(`${base}/write?db=bench&precision=s`, { method: 'POST', body: lines.slice(i, i + 5000).join('\n') });
    }

    const loads: number[] = [];
    let coldBytes = { total: 0, api: 0 };
    for (let run = 0; run < 6; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const bytes = await countBytes(context, page);
      const t0 = performance.now();
      await page.goto(`${base}/`);
      await settled(page, 10); // the Overview board's panels (2 service-level + 8 golden-signal)
      if (run > 0) loads.push(performance.now() - t0); // the first run warms the api's caches and the OS
      coldBytes = bytes();
      await context.close();
    }
    rows.push({ name: 'Overview cold load to all panels drawn (median of 5)', value: median(loads), unit: 'ms', target: '<= 1500' });
    rows.push({ name: 'Overview cold load, bytes received (compressed, with headers)', value: coldBytes.total / 1024, unit: 'KB', target: '' });
    rows.push({ name: 'Overview cold load, of which API JSON', value: coldBytes.api / 1024, unit: 'KB', target: '' });

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${base}/boards/twelve`);
    await settled(page, 12);
    const refreshes: number[] = [];
    for (let run = 0; run < 5; run++) {
      let answered = 0;
      const onResponse = (r: { url(): string }): void => {
        if (r.url().includes('/api/v1/query_range')) answered++;
      };
      page.on('response', onResponse);
      const t0 = performance.now();
      await page.getByRole('button', { name: 'refresh now' }).click();
      while (answered < 12) await page.waitForTimeout(5);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      refreshes.push(performance.now() - t0);
      page.off('response', onResponse);
    }
    rows.push({ name: '12-panel board refresh (median of 5)', value: median(refreshes), unit: 'ms', target: '' });
    rows.push(...(await rangeLoad(browser.newContext.bind(browser), base, '1h')));
    rows.push(...(await rangeLoad(browser.newContext.bind(browser), base, '30d')));
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The 12-panel board over the last `range` (1h: the reference; 30d), in a new context each run: load time, slowest
 * query_range, one query alone, points per series against the charts' widths, bytes.
 */
async function rangeLoad(newContext: () => Promise<BrowserContext>, base: string, range: '1h' | '30d'): Promise<BenchRow[]> {
  const loads: number[] = [];
  const slowest: number[] = [];
  let points = 0;
  let pointsOverWidth = 0;
  let kb = 0;
  let oneUrl = '';
  for (let run = 0; run < 4; run++) {
    const context = await newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    const bytes = await countBytes(context, page);
    const queries: Promise<void>[] = [];
    let slowestMs = 0;
    page.on('response', (r) => {
      if (!r.url().includes('/api/v1/query_range')) return;
      oneUrl = r.url();
      queries.push(
        r.json().then((body: { data: { result: { values: unknown[] }[] } }) => {
          const timing = r.request().timing();
          slowestMs = Math.max(slowestMs, timing.responseEnd);
          for (const series of body.data.result) points = Math.max(points, series.values.length);
        }),
      );
    });
    const t0 = performance.now();
    await page.goto(`${base}/boards/twelve?from=now-${range}&to=now`);
    await settled(page, 12);
    await Promise.all(queries);
    if (run > 0) loads.push(performance.now() - t0);
    if (run > 0) slowest.push(slowestMs);
    const widths = await page.$$eval('.panel .recharts-surface', (svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
    pointsOverWidth = Math.max(pointsOverWidth, points / Math.min(...widths));
    kb = bytes().total / 1024;
    await context.close();
  }
  // One panel's query_range alone (no other query running): the api's own time.
  const alone: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await fetch(oneUrl, { headers: { 'accept-encoding': 'br' } });
    await r.arrayBuffer();
    alone.push(performance.now() - t0);
  }
  const over = `12-panel board over ${range}`;
  return [
    { name: `${over}: cold load to all drawn (median of 3)`, value: median(loads), unit: 'ms', target: '' },
    { name: `${over}: slowest query_range, request to end (median of 3)`, value: median(slowest), unit: 'ms', target: '' },
    { name: `${over}: one panel's query_range alone (median of 5)`, value: median(alone), unit: 'ms', target: '' },
    { name: `${over}: points per series (max)`, value: points, unit: 'points', target: '' },
    { name: `${over}: points per pixel column of the narrowest chart`, value: pointsOverWidth, unit: 'ratio', target: '<= 1' },
    { name: `${over}: bytes received`, value: kb, unit: 'KB', target: '' },
  ];
}
