// What every browser test of the dashboard needs: Debian's chromium through playwright-core, a page that records
// console errors, the wait for board panels to settle, and a production build of the dashboard to serve.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

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
