import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { ShopBehaviour } from '../config/demo-config.js';
import { createBusinessTelemetry } from './business-telemetry.js';
import { CURRENCY } from './catalog.js';
import { CartStore, cartTotalCents } from './cart-store.js';
import { ShopError } from './shop-error.js';
import type { ErrorType, ShopMetrics } from './shop-metrics.js';
import { shopRoutes } from './shop-routes.js';
import { PaymentGateway, REAL_CHANCE, SimulatedDependency, type Chance } from './simulated-dependency.js';

export interface ShopDeps {
  readonly behaviour: ShopBehaviour;
  readonly metrics: ShopMetrics;
  readonly logger: Logger;
  /** Randomness and sleeping; real ones by default, scripted ones in tests. */
  readonly chance?: Chance;
  /** Clock of the cart store (abandonment); Date.now by default. */
  readonly now?: () => number;
}

export interface Shop {
  readonly app: FastifyInstance;
  readonly carts: CartStore;
}

/** The route label of requests that matched no route (one value, so unknown URLs cannot blow up cardinality). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Operational routes are left out of the request metrics and the request log (scrapes would drown the rest). */
const OPS_ROUTES = new Set(['/metrics', '/healthz']);

/**
 * Builds the demo shop (does not listen): catalog, cart, checkout and signup routes with simulated
 * dependencies, `GET /healthz`, `GET /metrics` (prom-client text format), one log line per request and the
 * request/business metrics. Starts the abandoned-cart sweeper; `app.close()` stops it.
 */
export async function buildShop(deps: ShopDeps): Promise<Shop> {
  const { behaviour, metrics, logger } = deps;
  const chance = deps.chance ?? REAL_CHANCE;
  const carts = new CartStore(
    behaviour.cartTtlMs,
    (cart) => {
      metrics.cartsAbandoned.inc();
      logger.info(
        { event: 'cart_abandoned', cartId: cart.id, items: cart.lines.length, amount: cartTotalCents(cart) / 100, currency: CURRENCY },
        'cart abandoned',
      );
    },
    deps.now,
  );
  const inventory = new SimulatedDependency('inventory', { fastMs: [2, 30], slowMs: [300, 1200], slowRate: behaviour.slowRate }, chance);
  const paymentProvider = new SimulatedDependency('payment', { fastMs: [40, 180], slowMs: [500, 1500], slowRate: behaviour.slowRate }, chance);
  const payments = new PaymentGateway(paymentProvider, behaviour.paymentFailureRate, chance);

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request is written by the onResponse hook below (with the route and the duration).
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const countError = (type: ErrorType): void => metrics.errors.inc({ type });

  app.setErrorHandler((error: FastifyError | ShopError | Error, request, reply) => {
    if (error instanceof ShopError) {
      countError(error.type);
      return reply.code(error.statusCode).send({ error: error.type, message: error.message, ...error.details });
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      countError('validation');
      return reply.code(400).send({ error: 'validation', message: fe.message });
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      countError('validation');
      return reply.code(fe.statusCode).send({ error: 'bad_request', message: fe.message });
    }
    countError('internal');
    request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => {
    countError('not_found');
    return reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    if (OPS_ROUTES.has(route)) return;
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    metrics.httpRequests.inc(labels);
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'warn' : 'info';
    request.log[level](
      { method: request.method, route, url: request.url, statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 },
      'request completed',
    );
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await app.register(shopRoutes, { metrics, business: createBusinessTelemetry(), carts, inventory, payments, errorRate: behaviour.errorRate, chance });

  carts.start();
  app.addHook('onClose', async () => carts.stop());
  return { app, carts };
}
