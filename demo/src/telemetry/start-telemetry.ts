import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import type { TelemetryConfig } from '../config/demo-config.js';

export interface Telemetry {
  /** Exports what is pending (metrics, logs) and stops the SDK. */
  readonly shutdown: () => Promise<void>;
}

/** Paths the http instrumentation leaves alone (scrapes and health checks are not traffic). */
const IGNORED_PATHS = new Set(['/metrics', '/healthz']);

/**
 * Starts the OpenTelemetry Node SDK: metrics (http.server.* from the http instrumentation plus the shop's own
 * meters) and logs (pino records, via the pino instrumentation) exported over OTLP/HTTP JSON to
 * `<otlpEndpoint>/v1/metrics` and `/v1/logs` (logs unless `exportLogs` is false). Spans are recorded, so log lines carry trace ids, but not exported
 * (the platform has no trace store). Must run before fastify and pino are loaded: call it first, then import the
 * rest dynamically. Export failures (collector down) are reported through `onExportError`, never thrown.
 */
export function startTelemetry(config: TelemetryConfig, onExportError: (message: string) => void): Telemetry {
  const quiet = (): void => {};
  // A refused connection shows up as a warning ("metrics export timed out") or an error, depending on the signal.
  const exportProblem = (message: string, ...args: unknown[]): void => {
    const text = [message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' ');
    if (/export|ECONNREFUSED|fetch failed|socket/i.test(text)) onExportError(text);
  };
  const logger: DiagLogger = { error: exportProblem, warn: exportProblem, info: quiet, debug: quiet, verbose: quiet };
  diag.setLogger(logger, DiagLogLevel.WARN);
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${config.otlpEndpoint}/v1/metrics` }),
        exportIntervalMillis: config.metricExportIntervalMs,
        exportTimeoutMillis: Math.min(config.metricExportIntervalMs, 10_000),
      }),
    ],
    logRecordProcessors: config.exportLogs
      ? [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${config.otlpEndpoint}/v1/logs` }), scheduledDelayMillis: 2000 })]
      : [],
    // A span processor that drops finished spans: a tracer provider exists (so requests get trace ids) but
    // nothing is exported.
    spanProcessors: [new tracing.NoopSpanProcessor()],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => IGNORED_PATHS.has((req.url ?? '').split('?')[0]),
        // The shop calls nothing over HTTP; the OTLP exporters' own requests must not become spans.
        ignoreOutgoingRequestHook: () => true,
      }),
      new PinoInstrumentation({ disableLogSending: !config.exportLogs }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
