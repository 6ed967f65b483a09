import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds; 0.2 is there so a 200 ms latency SLO reads straight off `le="0.2"`. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export type OrderStatus = 'completed' | 'payment_failed';
export type ErrorType = 'validation' | 'not_found' | 'payment' | 'internal' | 'conflict';

/** The shop's Prometheus metrics (served on GET /metrics), on a registry of its own. */
export interface ShopMetrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly orders: Counter<'status'>;
  readonly orderValue: Counter<'currency'>;
  readonly signups: Counter;
  readonly cartsAbandoned: Counter;
  readonly errors: Counter<'type'>;
}

/** Creates the metrics on a fresh registry; `defaultMetrics` adds prom-client's process_* and nodejs_* series. */
export function createShopMetrics(options: { defaultMetrics: boolean }): ShopMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests handled by the shop, in seconds.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_DURATION_BUCKETS,
      registers,
    }),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled by the shop.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    }),
    orders: new Counter({
      name: 'orders_total',
      help: 'Checkouts by outcome (completed, payment_failed).',
      labelNames: ['status'],
      registers,
    }),
    orderValue: new Counter({
      name: 'order_value_total',
      help: 'Value of completed orders, in currency units.',
      labelNames: ['currency'],
      registers,
    }),
    signups: new Counter({ name: 'signups_total', help: 'Accounts created.', registers }),
    cartsAbandoned: new Counter({
      name: 'cart_abandoned_total',
      help: 'Carts left without a checkout for longer than the cart time-to-live.',
      registers,
    }),
    errors: new Counter({
      name: 'errors_total',
      help: 'Failed requests by kind (validation, not_found, payment, internal, conflict).',
      labelNames: ['type'],
      registers,
    }),
  };
}
