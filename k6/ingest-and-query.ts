// k6 suite: writes line protocol to the api and reads it back through the Prometheus query API.
// Thresholds mirror the platform's own SLOs (99% of requests under 200 ms, errors under 0.1%).
// Run: k6 run -e BASE_URL=http://127.0.0.1:8080 k6/ingest-and-query.ts
// With results stored in the platform itself: add --out influxdb=http://127.0.0.1:8080/k6
import http from 'k6/http';
import { check, fail } from 'k6';
import type { Options } from 'k6/options';
import { BASE_URL, authHeaders } from './lib/config.ts';
import { profile } from './lib/profiles.ts';

export const options: Options = {
  ...profile(),
  thresholds: {
    'http_req_failed': ['rate<0.001'],
    'http_req_duration{endpoint:write}': ['p(99)<200'],
    'http_req_duration{endpoint:query}': ['p(99)<200'],
  },
};

export function setup(): void {
  const res = http.get(`${BASE_URL}/readyz`);
  if (res.status !== 200) fail(`api at ${BASE_URL} is not ready: /readyz answered ${res.status}`);
}

export default function (): void {
  const now = Date.now();
  const lines: string[] = [];
  for (let i = 0; i < 100; i++) {
    lines.push(`k6_load_test,vu=${__VU},series=${i} value=${Math.random() * 100} ${now}`);
  }
  const write = http.post(`${BASE_URL}/api/v2/write?org=k6&bucket=k6&precision=ms`, lines.join('\n'), {
    headers: { ...authHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
    tags: { endpoint: 'write' },
  });
  check(write, { 'write accepted (204)': (r) => r.status === 204 });

  const query = http.get(`${BASE_URL}/api/v1/query?query=${encodeURIComponent(`k6_load_test{vu="${__VU}"}`)}`, {
    headers: authHeaders(),
    tags: { endpoint: 'query' },
  });
  check(query, {
    'query succeeded': (r) => r.status === 200,
    'query returned series': (r) => {
      const body = r.json() as { data?: { result?: unknown[] } } | null;
      return (body?.data?.result?.length ?? 0) > 0;
    },
  });
}

export function handleSummary(data: object): Record<string, string> {
  return { 'k6-summary.json': JSON.stringify(data, null, 2) };
}
