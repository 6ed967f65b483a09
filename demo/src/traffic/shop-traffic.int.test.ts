// The real shop (runShop: Fastify on a port, pino to a file, prom-client) under a short burst from the real
// traffic generator, then scraped over HTTP: what the generator saw and what the shop exposes must agree.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../config/demo-config.js';
import { runShop, type RunningShop } from '../shop/run-shop.js';
import { TrafficGenerator } from './traffic-generator.js';

let dir: string;
let shop: RunningShop;
let generator: TrafficGenerator;
let exposition: string;

/** Sum of the values of every sample of `name` whose labels include `labels` in the exposition text. */
function sumOf(name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const set = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'demo-shop-'));
  const config = loadShopConfig({
    DATA_DIR: dir,
    SHOP_PORT: '0',
    // Errors and slow calls more often than by default, so a short burst exercises every path.
    SHOP_ERROR_RATE: '0.05',
    SHOP_PAYMENT_FAILURE_RATE: '0.2',
    SHOP_SLOW_RATE: '0.02',
    SHOP_CART_TTL_MS: '300',
    OTEL_SDK_DISABLED: 'true',
  });
  shop = await runShop(config);
  generator = new TrafficGenerator({ target: shop.url, sessionsPerSecond: 40, thinkTimeMs: 5 });
  generator.start();
  await new Promise((r) => setTimeout(r, 2500));
  await generator.stop();
  // Let the abandoned-cart sweeper see the carts left behind (TTL 300 ms).
  await new Promise((r) => setTimeout(r, 700));
  const res = await fetch(`${shop.url}/metrics`);
  expect(res.status).toBe(200);
  exposition = await res.text();
});

afterAll(async () => {
  await shop?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the shop under generated traffic', () => {
  it('counts every request the generator made, by status code', () => {
    const { stats } = generator;
    expect(stats.sessions).toBeGreaterThan(30);
    expect(stats.byStatus['0'] ?? 0).toBe(0); // the shop answered every request
    expect(sumOf('http_requests_total')).toBe(stats.requests);
    expect(sumOf('http_request_duration_seconds_count')).toBe(stats.requests);
    for (const [status, n] of Object.entries(stats.byStatus)) {
      expect(sumOf('http_requests_total', { status_code: status }), `status ${status}`).toBe(n);
    }
    // Browsing, carts and checkouts all carried traffic; some of it failed the way the shop is told to fail.
    expect(sumOf('http_requests_total', { route: '/products/:id' })).toBeGreaterThan(0);
    expect(sumOf('http_requests_total', { route: '/cart' })).toBeGreaterThan(0);
    expect(sumOf('http_requests_total', { route: '/checkout' })).toBeGreaterThan(0);
    expect(stats.byStatus['500']).toBeGreaterThan(0);
  });

  it('business counters agree with the sessions: orders, revenue, abandoned carts, errors', () => {
    const { outcomes, byStatus } = generator.stats;
    expect(sumOf('orders_total', { status: 'completed' })).toBe(outcomes.ordered ?? 0);
    expect(sumOf('orders_total', { status: 'completed' })).toBeGreaterThan(0);
    expect(sumOf('orders_total', { status: 'payment_failed' })).toBe(byStatus['502'] ?? 0);
    // Every order costs at least the cheapest product (5.90 EUR) and at most 9 of the dearest (499 EUR).
    const orders = sumOf('orders_total', { status: 'completed' });
    const revenue = sumOf('order_value_total', { currency: 'EUR' });
    expect(revenue).toBeGreaterThanOrEqual(orders * 5.9 - 1e-6);
    expect(revenue).toBeLessThanOrEqual(orders * 9 * 499 + 1e-6);
    // Carts left behind (abandoned sessions, and failed payments not retried) were swept after their TTL.
    expect(sumOf('cart_abandoned_total')).toBeGreaterThanOrEqual(outcomes.abandoned ?? 0);
    expect(sumOf('cart_abandoned_total')).toBeGreaterThan(0);
    expect(sumOf('errors_total', { type: 'internal' })).toBe(byStatus['500'] ?? 0);
    expect(sumOf('errors_total', { type: 'payment' })).toBe(byStatus['502'] ?? 0);
    expect(exposition).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('writes one JSON log line per request to the file, errors with their stack trace', async () => {
    await shop.close();
    const lines = readFileSync(path.join(dir, 'demo', 'shop.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request completed');
    // The /metrics scrape above is not a request line.
    expect(requests.length).toBe(generator.stats.requests);
    expect(lines.every((l) => l.service === 'shop' && typeof l.time === 'number')).toBe(true);
    const failures = lines.filter((l) => l.msg === 'request failed');
    expect(failures.length).toBe(generator.stats.byStatus['500']);
    expect(String((failures[0].err as { stack: string }).stack)).toContain('\n    at ');
    expect(lines.filter((l) => l.event === 'order_placed').length).toBe(generator.stats.outcomes.ordered ?? 0);
  });
});
