/**
 * A small instrumented app for the OTLP receiver's integration test, run in a child process so the SDK's global
 * state stays out of the test runner. It uses the OpenTelemetry JS SDK as a service would: NodeSDK with the OTLP
 * HTTP exporters (JSON or protobuf, from OTLP_PROTOCOL), instrumentation-http on a real HTTP server, a counter,
 * a histogram, an up-down counter, an observable gauge, and log records (one inside a request's span).
 *
 * Env: OTLP_ENDPOINT (base URL of the receiver), OTLP_PROTOCOL (`json` | `protobuf`), OTLP_TEMPORALITY
 * (`cumulative` | `delta`), HTTP_INSTRUMENTATION (`current`: instrumentation-http 0.223, which emits only the
 * stable `http.server.request.duration` in s; `0.220`: the last release that still emits the old
 * `http.server.duration` in ms, by default or, with OTEL_SEMCONV_STABILITY_OPT_IN=http/dup, beside the stable one).
 * Prints one JSON line `{"traceId": …}` (the span the error log was written in) and exits.
 */
import { createRequire } from 'node:module';
import type * as HttpModule from 'node:http';
import { metrics, trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { AggregationTemporalityPreference, OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { HttpInstrumentation as HttpInstrumentation0220 } from 'instrumentation-http-0-220';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';

const endpoint = process.env.OTLP_ENDPOINT ?? 'http://127.0.0.1:4318';
const protobuf = process.env.OTLP_PROTOCOL === 'protobuf';
const temporalityPreference =
  process.env.OTLP_TEMPORALITY === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE;

const metricExporter = protobuf
  ? new ProtoMetricExporter({ url: `${endpoint}/v1/metrics`, temporalityPreference })
  : new JsonMetricExporter({ url: `${endpoint}/v1/metrics`, temporalityPreference });
const logExporter = protobuf ? new ProtoLogExporter({ url: `${endpoint}/v1/logs` }) : new JsonLogExporter({ url: `${endpoint}/v1/logs` });
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });

const sdk = new NodeSDK({
  resource: resourceFromAttributes({
    'service.name': 'shop',
    'service.namespace': 'demo',
    'service.instance.id': 'shop-1',
    'deployment.environment': 'test',
  }),
  metricReaders: [reader],
  views: [{ instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  logRecordProcessors: [new BatchLogRecordProcessor({ exporter: logExporter })],
  // Spans are kept in memory only: they give the log records a trace context.
  spanProcessors: [new tracing.SimpleSpanProcessor(new tracing.InMemorySpanExporter())],
  instrumentations: [process.env.HTTP_INSTRUMENTATION === '0.220' ? new HttpInstrumentation0220() : new HttpInstrumentation()],
});
sdk.start();

// Required (not imported) after start so that instrumentation-http has patched it.
const http = createRequire(import.meta.url)('node:http') as typeof HttpModule;

const meter = metrics.getMeter('shop', '1.0.0');
const logger = logs.getLogger('shop', '1.0.0');
const orders = meter.createCounter('orders', { unit: '{order}', description: 'orders placed' });
const checkout = meter.createHistogram('checkout.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } });
const cartItems = meter.createUpDownCounter('cart.items', { unit: '{item}' });
// An exponential histogram (through the view above).
const payloadSize = meter.createHistogram('payload.size', { unit: 'By' });
meter.createObservableGauge('queue.depth', { unit: '{job}' }).addCallback((r) => r.observe(7, { queue: 'mail' }));

let errorTraceId = '';
const server = http.createServer((req, res) => {
  const fail = req.url === '/fail';
  if (fail) {
    errorTraceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
    logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'payment failed', attributes: { 'order.id': 'o-9' } });
  }
  res.statusCode = fail ? 500 : 200;
  res.end(fail ? 'no' : 'ok');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;
const get = (path: string): Promise<void> =>
  new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => res.resume().on('end', resolve)).on('error', reject);
  });

orders.add(3, { 'payment.method': 'card' });
checkout.record(0.05);
checkout.record(0.3);
checkout.record(0.7);
cartItems.add(5);
cartItems.add(-2);
for (const v of [100, 200, 400, 1000]) payloadSize.record(v);
for (const path of ['/ok', '/ok', '/ok', '/fail']) await get(path);
logger.emit({ severityNumber: SeverityNumber.INFO, body: { event: 'order placed', total: 42.5 }, attributes: { customer: { tier: 'gold' } } });
await reader.forceFlush();

// A second export: cumulative points repeat the totals, delta points carry only what changed since.
orders.add(2, { 'payment.method': 'card' });
payloadSize.record(5000);
await get('/ok');
await reader.forceFlush();

await new Promise<void>((resolve) => server.close(() => resolve()));
await sdk.shutdown();
process.stdout.write(`${JSON.stringify({ traceId: errorTraceId })}\n`);
