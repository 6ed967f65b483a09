// What every browser test of the dashboard needs: Debian's chromium through playwright-core, a page that records
// console errors, the wait for board panels to settle, and a production build of the dashboard to serve.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../api/src/app.js';
import { loadConfig } from '../../api/src/config/load-config.js';
import { SqliteMetricStore } from '../../api/src/storage/sqlite/sqlite-metric-store.js';
import { demoLines } from './demo-data.js';

export const CHROMIUM = '/usr/bin/chromium';
export const dashboardDir = fileURLToPath(new URL('..', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** A new page (1400×1000 unless told) whose console errors and uncaught exceptions are collected in `errors`. */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 1000 }, colorScheme: options.colorScheme });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

/** Waits until the page shows board panels and none of them is loading any more. */
export async function panelsSettled(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForSelector('.panel', { timeout: timeoutMs });
  await page.waitForFunction(() => document.querySelectorAll('.panel[data-state="loading"]').length === 0, undefined, { timeout: timeoutMs });
}

/**
 * The dashboard build to serve: dashboard/dist when it was built after the last change to dashboard/src (CI builds
 * it before the tests), else a fresh production build into `<tempDir>/dist` (asynchronously: a synchronous build
 * would block the test worker's messages to Vitest for its whole length).
 */
export async function dashboardBuild(tempDir: string): Promise<string> {
  const dist = path.join(dashboardDir, 'dist');
  const index = path.join(dist, 'index.html');
  const src = path.join(dashboardDir, 'src');
  const fresh =
    existsSync(index) && !readdirSync(src, { recursive: true, encoding: 'utf8' }).some((f) => statSync(path.join(src, f)).mtimeMs > statSync(index).mtimeMs);
  if (fresh) return dist;
  const out = path.join(tempDir, 'dist');
  await promisify(execFile)('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: dashboardDir });
  return out;
}

/** An api for the browser tests: see startDemoDataApi. */
export interface DemoDataApi {
  readonly app: FastifyInstance;
  readonly store: SqliteMetricStore;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** The api's boards folder: a copy of dashboard/boards, where a test may add files (read on every request). */
  readonly boardsDir: string;
  close(): Promise<void>;
}

/**
 * buildApp on a SQLite metric store in `<dir>/data`, serving `distDir` and a copy of dashboard/boards in
 * `<dir>/boards`, on a free loopback port, with the last hour of demo data (demo-data.ts) written as line protocol.
 */
export async function startDemoDataApi(dir: string, distDir: string): Promise<DemoDataApi> {
  const boardsDir = path.join(dir, 'boards');
  await mkdir(boardsDir, { recursive: true });
  for (const f of await readdir(path.join(dashboardDir, 'boards'))) await copyFile(path.join(dashboardDir, 'boards', f), path.join(boardsDir, f));
  const store = SqliteMetricStore.open({ dataDir: path.join(dir, 'data'), maintenanceIntervalMs: 0 });
  const app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }), dashboard: { boardsDir, distDir } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const lines = demoLines(Math.floor(Date.now() / 1000));
  for (let i = 0; i < lines.length; i += 5000) {
    const r = await fetch(`${base}/write?db=test&precision=s`, { method: 'POST', body: lines.slice(i, i + 5000).join('\n') });
    if (r.status !== 204) throw new Error(`writing the demo data: ${r.status} ${await r.text()}`);
  }
  return {
    app,
    store,
    base,
    boardsDir,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
