// Child process of bench/scrape.ts: serves TARGETS scrape targets of SERIES series each (text format 0.0.4),
// one HTTP server per target on 127.0.0.1 and a free port, and prints the ports as one JSON line on stdout.
// Counter values grow with every scrape, gauges move, so every scrape carries new values.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const TARGETS = Number(process.env.TARGETS ?? 100);
const SERIES = Number(process.env.SERIES ?? 1000);

/** 1,000 series as node_exporter-like families: counters, a histogram, gauges. Each entry is `name{labels} `. */
function seriesTemplate(target: number): { header: string; series: string[] } {
  const series: string[] = [];
  const routes = Array.from({ length: 20 }, (_, i) => `/api/v1/resource_${i}`);
  const buckets = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
  for (const route of routes) {
    for (const le of buckets) series.push(`bench_http_request_duration_seconds_bucket{route="${route}",le="${le}"} `);
    series.push(`bench_http_request_duration_seconds_sum{route="${route}"} `, `bench_http_request_duration_seconds_count{route="${route}"} `);
  }
  for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
    for (const code of ['200', '201', '400', '404', '500']) {
      for (const route of routes) series.push(`bench_http_requests_total{method="${method}",code="${code}",route="${route}"} `);
    }
  }
  for (let i = 0; series.length < SERIES; i++) series.push(`bench_worker_queue_depth{worker="w${i}",pool="p${i % 7}",target="${target}"} `);
  series.length = SERIES;
  const header = [
    '# HELP bench_http_request_duration_seconds Request latency.',
    '# TYPE bench_http_request_duration_seconds histogram',
    '# HELP bench_http_requests_total Requests.',
    '# TYPE bench_http_requests_total counter',
    '# HELP bench_worker_queue_depth Queue depth.',
    '# TYPE bench_worker_queue_depth gauge',
    '',
  ].join('\n');
  return { header, series };
}

const ports: number[] = [];
for (let t = 0; t < TARGETS; t++) {
  const { header, series } = seriesTemplate(t);
  let scrapes = 0;
  const server = createServer((_req, res) => {
    scrapes++;
    let body = header;
    for (let i = 0; i < series.length; i++) body += `${series[i]}${(i * 7 + scrapes * (i % 13)) % 100000}\n`;
    res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as AddressInfo).port);
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
