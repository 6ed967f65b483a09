import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

/**
 * The shop's business counters through the OpenTelemetry metrics API (exported over OTLP when the SDK runs;
 * no-ops otherwise). They mirror two of the prom-client series so both paths into the platform can be compared:
 * `shop.orders` (-> shop_orders_total{status}) and `shop.payment.duration` (seconds, a histogram).
 */
export interface BusinessTelemetry {
  readonly orders: Counter;
  readonly paymentDuration: Histogram;
}

export function createBusinessTelemetry(): BusinessTelemetry {
  const meter = metrics.getMeter('shop');
  return {
    orders: meter.createCounter('shop.orders', { description: 'Checkouts by outcome.', unit: '{order}' }),
    paymentDuration: meter.createHistogram('shop.payment.duration', {
      description: 'Time the payment provider took to answer.',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.05, 0.1, 0.2, 0.5, 1, 2, 5] },
    }),
  };
}
