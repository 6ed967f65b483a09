// Dashboard figures, measured in Chromium (Debian's /usr/bin/chromium through playwright-core) against a real api
// (buildApp + SQLite store in a temp dir with an hour of data), using the production build in dashboard/dist:
// - the initial route's JS, gzipped (the entry chunk and its modulepreloads; Explore's CodeMirror chunk is lazy);
// - cold load of the Overview board (new browser context: empty cache) to every panel drawn, median of 5;
// - refresh of a 12-panel time series board: from the click on "refresh now" to 12 range queries answered and drawn.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../api/src/app.js';
import { loadConfig } from '../api/src/config/load-config.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import { demoLines } from '../dashboard/test/demo-data.js';
import type { BenchRow } from './bench-row.js';

const dashboardDir = fileURLToPath(new URL('../dashboard/', import.meta.url));
const distDir = path.join(dashboardDir, 'dist');

function initialRouteGzipKb(): number {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(distDir, 'assets', f))).length, 0);
  return bytes / 1024;
}

async function settled(page: Page, panels: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('.panel').length >= n && document.querySelectorAll('.panel[data-state="loading"]').length === 0,
    panels,
    { timeout: 30_000, polling: 'raf' },
  );
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchDashboard(): Promise<BenchRow[]> {
  if (!existsSync(path.join(distDir, 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: dashboardDir, stdio: 'ignore' });
  const rows: BenchRow[] = [{ name: 'initial route JS, gzipped', value: initialRouteGzipKb(), unit: 'KB', target: '<= 350' }];

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
    const lines = demoLines(Math.floor(Date.now() / 1000));
    for (let i = 0; i < lines.length; i += 5000) {
      await fetch(`${base}/write?db=bench&precision=s`, { method: 'POST', body: lines.slice(i, i + 5000).join('\n') });
    }

    const loads: number[] = [];
    for (let run = 0; run < 6; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/`);
      await settled(page, 10); // the Overview board's panels (2 service-level + 8 golden-signal)
      if (run > 0) loads.push(performance.now() - t0); // the first run warms the api's caches and the OS
      await context.close();
    }
    rows.push({ name: 'Overview cold load to all panels drawn (median of 5)', value: median(loads), unit: 'ms', target: '<= 1500' });

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
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
