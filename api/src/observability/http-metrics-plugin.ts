import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Buckets (seconds) around a 200 ms latency SLO: 0.2 is a bucket boundary so `le="0.2"` counts good requests. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The route label of requests that matched no route: one value, so unknown URLs cannot blow up cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface HttpMetricsOptions {
  readonly registry: Registry;
}

/**
 * `http_request_duration_seconds` (histogram) and `http_requests_total` (counter), labelled method, route
 * (the route pattern such as `/api/v1/label/:name/values`, never the raw URL) and status_code.
 */
const httpMetricsImpl: FastifyPluginAsync<HttpMetricsOptions> = async (app, opts) => {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests served by the api, by route pattern.',
    labelNames,
    buckets: [...HTTP_DURATION_BUCKETS],
    registers: [opts.registry],
  });
  const total = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served by the api, by route pattern.',
    labelNames,
    registers: [opts.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    duration.observe(labels, reply.elapsedTime / 1000);
    total.inc(labels);
  });
};

export const httpMetricsPlugin = fp(httpMetricsImpl, { name: 'http-metrics', fastify: '5.x' });
