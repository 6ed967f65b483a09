import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShopBehaviour } from '../config/demo-config.js';
import { buildShop, type Shop } from './build-shop.js';
import { createShopMetrics, type ShopMetrics } from './shop-metrics.js';
import type { Chance } from './simulated-dependency.js';

const CALM: ShopBehaviour = { errorRate: 0, paymentFailureRate: 0, slowRate: 0, cartTtlMs: 60_000 };
/** Never slow, never failing (every roll is 0.99 against rates of 0), no waiting. */
const NO_SLEEP_CHANCE: Chance = { random: () => 0.99, sleep: async () => undefined };

interface Harness {
  shop: Shop;
  metrics: ShopMetrics;
  logLines: () => Array<Record<string, unknown>>;
  clock: { now: number };
}

const open: Shop[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.app.close();
});

async function harness(behaviour: Partial<ShopBehaviour> = {}): Promise<Harness> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb): void {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      cb();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const metrics = createShopMetrics({ defaultMetrics: true });
  const clock = { now: 1_000_000 };
  const shop = await buildShop({ behaviour: { ...CALM, ...behaviour }, metrics, logger, chance: NO_SLEEP_CHANCE, now: () => clock.now });
  open.push(shop);
  return { shop, metrics, clock, logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** The value of one series (0 when it does not exist yet); for a histogram, `name` is e.g. `..._count`. */
async function value(metrics: ShopMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const family = name.replace(/_(count|sum|bucket)$/, '');
  const metric = metrics.registry.getSingleMetric(family) ?? metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const data = await metric.get();
  const match = data.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? data.name) === name &&
      Object.keys(labels).length === Object.keys(v.labels).filter((k) => k !== 'le' || 'le' in labels).length &&
      Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val),
  );
  return match?.value ?? 0;
}

async function addToCart(h: Harness, productId: string, quantity: number, cartId?: string): Promise<string> {
  const res = await h.shop.app.inject({ method: 'POST', url: '/cart', payload: { productId, quantity, ...(cartId ? { cartId } : {}) } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { cartId: string }).cartId;
}

describe('shop instrumentation', () => {
  it('counts a request under its route pattern, method and status, in the counter and the histogram', async () => {
    const h = await harness();
    const labels = { method: 'GET', route: '/products/:id', status_code: '200' };
    expect(await value(h.metrics, 'http_requests_total', labels)).toBe(0);
    await h.shop.app.inject({ method: 'GET', url: '/products/p-100' });
    await h.shop.app.inject({ method: 'GET', url: '/products/p-201' });
    const missing = await h.shop.app.inject({ method: 'GET', url: '/products/p-999' });
    expect(missing.statusCode).toBe(404);
    expect(await value(h.metrics, 'http_requests_total', labels)).toBe(2);
    expect(await value(h.metrics, 'http_request_duration_seconds_count', labels)).toBe(2);
    expect(await value(h.metrics, 'http_requests_total', { ...labels, status_code: '404' })).toBe(1);
    expect(await value(h.metrics, 'errors_total', { type: 'not_found' })).toBe(1);
    // The raw URL never becomes a label.
    const text = await h.metrics.registry.metrics();
    expect(text).not.toContain('p-100');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.2",method="GET",route="/products/:id",status_code="200"} 2');
  });

  it('a completed checkout increments orders_total{status="completed"} and order_value_total by the cart total', async () => {
    const h = await harness();
    const cartId = await addToCart(h, 'p-100', 2); // 2 x 24.90
    await addToCart(h, 'p-300', 1, cartId); // 5.90
    const res = await h.shop.app.inject({ method: 'POST', url: '/checkout', payload: { cartId } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 55.7, currency: 'EUR' });
    expect(await value(h.metrics, 'orders_total', { status: 'completed' })).toBe(1);
    expect(await value(h.metrics, 'order_value_total', { currency: 'EUR' })).toBeCloseTo(55.7, 9);
    expect(await value(h.metrics, 'orders_total', { status: 'payment_failed' })).toBe(0);
    // The cart is gone: a second checkout of it is a 404, and no second order.
    const again = await h.shop.app.inject({ method: 'POST', url: '/checkout', payload: { cartId } });
    expect(again.statusCode).toBe(404);
    expect(await value(h.metrics, 'orders_total', { status: 'completed' })).toBe(1);
    const placed = h.logLines().find((l) => l.event === 'order_placed');
    expect(placed).toMatchObject({ msg: 'order placed', amount: 55.7, currency: 'EUR', items: 2 });
  });

  it('a declined payment answers 502 and counts a failed order and a payment error, not revenue', async () => {
    const h = await harness({ paymentFailureRate: 1 });
    const cartId = await addToCart(h, 'p-202', 1);
    const res = await h.shop.app.inject({ method: 'POST', url: '/checkout', payload: { cartId } });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ error: 'payment' });
    expect(await value(h.metrics, 'orders_total', { status: 'payment_failed' })).toBe(1);
    expect(await value(h.metrics, 'orders_total', { status: 'completed' })).toBe(0);
    expect(await value(h.metrics, 'order_value_total', { currency: 'EUR' })).toBe(0);
    expect(await value(h.metrics, 'errors_total', { type: 'payment' })).toBe(1);
    expect(await value(h.metrics, 'http_requests_total', { method: 'POST', route: '/checkout', status_code: '502' })).toBe(1);
    // The cart stays open for a retry.
    expect(h.shop.carts.get(cartId)).toBeDefined();
  });

  it('bad input is a 400 counted as a validation error', async () => {
    const h = await harness();
    const zero = await h.shop.app.inject({ method: 'POST', url: '/cart', payload: { productId: 'p-100', quantity: 0 } });
    const unknown = await h.shop.app.inject({ method: 'POST', url: '/cart', payload: { productId: 'nope', quantity: 1 } });
    const email = await h.shop.app.inject({ method: 'POST', url: '/signup', payload: { email: 'not-an-address' } });
    expect([zero.statusCode, unknown.statusCode, email.statusCode]).toEqual([400, 400, 400]);
    expect(zero.json()).toMatchObject({ error: 'validation' });
    expect(unknown.json()).toMatchObject({ error: 'validation', field: 'productId' });
    expect(await value(h.metrics, 'errors_total', { type: 'validation' })).toBe(3);
    expect(await value(h.metrics, 'signups_total')).toBe(0);
  });

  it('counts sign-ups once per address (a second one is a 409 conflict)', async () => {
    const h = await harness();
    const first = await h.shop.app.inject({ method: 'POST', url: '/signup', payload: { email: 'Ada@example.com' } });
    const second = await h.shop.app.inject({ method: 'POST', url: '/signup', payload: { email: 'ada@example.com' } });
    expect([first.statusCode, second.statusCode]).toEqual([201, 409]);
    expect(await value(h.metrics, 'signups_total')).toBe(1);
    expect(await value(h.metrics, 'errors_total', { type: 'conflict' })).toBe(1);
    const logged = JSON.stringify(h.logLines());
    expect(logged).not.toContain('ada@example.com');
  });

  it('counts a cart left alone past its time-to-live as abandoned, once', async () => {
    const h = await harness({ cartTtlMs: 30_000 });
    const cartId = await addToCart(h, 'p-101', 1);
    const kept = await addToCart(h, 'p-102', 1);
    h.clock.now += 20_000;
    await addToCart(h, 'p-102', 1, kept); // touched: its clock restarts
    h.clock.now += 15_000;
    expect(h.shop.carts.sweep()).toBe(1);
    expect(h.shop.carts.get(cartId)).toBeUndefined();
    expect(h.shop.carts.get(kept)).toBeDefined();
    expect(h.shop.carts.sweep()).toBe(0);
    expect(await value(h.metrics, 'cart_abandoned_total')).toBe(1);
    expect(h.logLines().filter((l) => l.event === 'cart_abandoned')).toHaveLength(1);
  });

  it('an internal failure answers 500, counts errors_total{type="internal"} and logs the stack trace', async () => {
    const h = await harness({ errorRate: 1 });
    const res = await h.shop.app.inject({ method: 'GET', url: '/products' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal', message: 'internal error' });
    expect(await value(h.metrics, 'errors_total', { type: 'internal' })).toBe(1);
    const failed = h.logLines().find((l) => l.msg === 'request failed') as { level: number; err: { stack: string } } | undefined;
    expect(failed?.level).toBe(50);
    expect(failed?.err.stack).toMatch(/connection reset by peer\n\s+at /);
  });

  it('writes one log line per request with route, status and duration; /metrics and /healthz stay out', async () => {
    const h = await harness();
    await h.shop.app.inject({ method: 'GET', url: '/products?category=coffee' });
    await h.shop.app.inject({ method: 'GET', url: '/nowhere' });
    await h.shop.app.inject({ method: 'GET', url: '/healthz' });
    const scrape = await h.shop.app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.headers['content-type']).toContain('text/plain');
    expect(scrape.body).toContain('process_cpu_user_seconds_total');
    const requests = h.logLines().filter((l) => l.msg === 'request completed');
    expect(requests.map((l) => [l.route, l.statusCode])).toEqual([
      ['/products', 200],
      ['unmatched', 404],
    ]);
    expect(typeof requests[0].durationMs).toBe('number');
    expect(await value(h.metrics, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(scrape.body).not.toContain('route="/metrics"');
  });
});
