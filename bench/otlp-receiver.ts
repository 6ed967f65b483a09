// OTLP receiver benchmark: protobuf metric exports (the shape of the SDK's http.server.request.duration histograms:
// 15 buckets, 100 series per request, plus 100 counter points) POSTed over real HTTP to the receiver, translated
// to Prometheus samples and written to an in-memory sink. Run alone with `npx tsx bench/otlp-receiver.ts`
// (env BENCH_OTLP_REQUESTS, default 300).
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { CollectedSample } from '../collector/src/sources/source.js';
import { OtlpReceiver } from '../collector/src/sources/otlp/otlp-receiver.js';
import { OtlpTypes } from '../collector/src/sources/otlp/otlp-proto-schema.js';
import type { BenchRow } from './bench-row.js';

const REQUESTS = Number(process.env.BENCH_OTLP_REQUESTS ?? 300);
const SERIES = 100;
const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

function exportRequest(t: number): Buffer {
  const ns = `${BigInt(t) * 1_000_000n}`;
  const attrs = (i: number): unknown[] => [
    { key: 'http.request.method', value: { stringValue: i % 2 ? 'GET' : 'POST' } },
    { key: 'http.route', value: { stringValue: `/api/item/${i}` } },
    { key: 'http.response.status_code', value: { intValue: 200 } },
  ];
  const histogramPoints = Array.from({ length: SERIES }, (_, i) => ({
    attributes: attrs(i),
    startTimeUnixNano: ns,
    timeUnixNano: ns,
    count: 150,
    sum: 12.5,
    explicitBounds: BOUNDS,
    bucketCounts: BOUNDS.map((_, k) => k + 1).concat([15]),
  }));
  const sumPoints = Array.from({ length: SERIES }, (_, i) => ({ attributes: attrs(i), startTimeUnixNano: ns, timeUnixNano: ns, asInt: 1000 + i }));
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }, { key: 'host.name', value: { stringValue: 'web-1' } }] },
        scopeMetrics: [
          {
            scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' },
            metrics: [
              { name: 'http.server.request.duration', unit: 's', histogram: { aggregationTemporality: 2, dataPoints: histogramPoints } },
              { name: 'orders', unit: '{order}', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: sumPoints } },
            ],
          },
        ],
      },
    ],
  };
  const T = OtlpTypes.ExportMetricsServiceRequest;
  return gzipSync(T.encode(T.fromObject(body)).finish());
}

export async function benchOtlpReceiver(): Promise<BenchRow[]> {
  let samples = 0;
  const sink = { write: async (s: readonly CollectedSample[]): Promise<void> => void (samples += s.length) };
  const receiver = new OtlpReceiver({
    settings: {
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 4 * 1024 * 1024,
      retryAfterMs: 5000,
      logsAckTimeoutMs: 5000,
      maxPendingLogRecords: 1000,
      maxExponentialScale: 3,
      deltaMaxSeries: 100_000,
      deltaStaleAfterMs: 3_600_000,
    },
    metricSink: sink,
    logSink: undefined,
    logger: pino({ level: 'silent' }),
  });
  const port = await receiver.start();
  try {
    const url = `http://127.0.0.1:${port}/v1/metrics`;
    const body = new Uint8Array(exportRequest(Date.now()));
    const post = async (): Promise<void> => {
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
    };
    for (let i = 0; i < 20; i++) await post(); // warm-up
    samples = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) await post();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const points = REQUESTS * SERIES * 2;
    return [
      { name: 'data points per second (protobuf+gzip, one client)', value: points / seconds, unit: 'points/s', target: '>= 20000' },
      { name: 'samples per second written to the sink', value: samples / seconds, unit: 'samples/s', target: '>= 100000' },
      { name: 'CPU per request (200 points, 1,800 samples; client included)', value: (cpu.user + cpu.system) / 1000 / REQUESTS, unit: 'ms', target: '<= 20' },
    ];
  } finally {
    await receiver.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchOtlpReceiver()) console.log(`${row.name}: ${row.value.toFixed(2)} ${row.unit} (target ${row.target})`);
}
