import type { Labels } from '../storage/labels.js';
import type { Sample } from '../storage/metric-store.js';
import { STALE_NAN } from '../storage/stale-marker.js';

/** The generated data set: its samples in time order and the window they cover. */
export interface CompatData {
  readonly samples: readonly Sample[];
  /** First and last scrape time (ms). */
  readonly start: number;
  readonly end: number;
  readonly intervalMs: number;
}

/** A small deterministic PRNG (mulberry32), so every run pushes the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HISTOGRAM_BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'] as const;

/**
 * Scrape-like data over `steps` scrapes every `intervalMs` from `start`: counters (one with a reset), gauges
 * (negative values too), a classic histogram (`_bucket{le}`, `_sum`, `_count`), `up`, a series that starts late
 * and ends with a staleness marker, and one that just stops (no marker, so only the lookback hides it).
 * Timestamps carry a few ms of jitter per target, like real scrapes, so rate extrapolation is exercised.
 */
export function generateCompatData(start: number, steps: number, intervalMs = 15_000, seed = 42): CompatData {
  const rand = prng(seed);
  const samples: Sample[] = [];
  const instances = ['a:9100', 'b:9100'];
  const counters = new Map<string, number>();
  const gauges = new Map<string, number>();
  const bump = (labels: Labels, by: number): number => {
    const key = JSON.stringify(labels);
    const v = (counters.get(key) ?? 0) + by;
    counters.set(key, v);
    return v;
  };

  for (let step = 0; step < steps; step++) {
    const base = start + step * intervalMs;
    for (const [i, instance] of instances.entries()) {
      const t = base + ((step * 7 + i * 13) % 11); // deterministic jitter, 0..10 ms
      const push = (labels: Labels, value: number): void => {
        samples.push({ labels, timestamp: t, value });
      };
      push({ __name__: 'up', job: 'api', instance }, step % 50 === 49 && i === 1 ? 0 : 1);
      for (const method of ['GET', 'POST']) {
        for (const code of ['200', '500']) {
          const labels = { __name__: 'http_requests_total', job: 'api', instance, method, code };
          const rate = (code === '200' ? 20 : 1) * (method === 'GET' ? 3 : 1) * (1 + i);
          let v = bump(labels, Math.floor(rand() * rate));
          // instance b's GET 200 counter restarts (process restart) in the middle of the window
          if (i === 1 && method === 'GET' && code === '200' && step === Math.floor(steps / 2)) {
            counters.set(JSON.stringify(labels), 3);
            v = 3;
          }
          push(labels, v);
        }
      }
      const mem = { __name__: 'process_resident_memory_bytes', job: 'api', instance };
      const m = (gauges.get(instance) ?? 2e8 * (i + 1)) + (rand() - 0.5) * 4e6;
      gauges.set(instance, m);
      push(mem, Math.round(m));
      push({ __name__: 'temperature_celsius', job: 'sensors', instance, room: i === 0 ? 'cellar' : 'attic' }, Math.round((Math.sin(step / 17 + i) * 15 + (i === 0 ? -3 : 10) + rand()) * 100) / 100);

      // a classic histogram per instance and route
      for (const route of ['/api', '/health']) {
        const obs = 1 + Math.floor(rand() * (route === '/api' ? 12 : 3));
        let sum = 0;
        const counts = HISTOGRAM_BUCKETS.map(() => 0);
        for (let k = 0; k < obs; k++) {
          const d = route === '/api' ? rand() * rand() * 3 : rand() * 0.2;
          sum += d;
          HISTOGRAM_BUCKETS.forEach((le, j) => {
            if (le === '+Inf' || d <= Number(le)) counts[j] += 1;
          });
        }
        const common = { job: 'api', instance, route };
        HISTOGRAM_BUCKETS.forEach((le, j) => push({ __name__: 'http_request_duration_seconds_bucket', ...common, le }, bump({ ...common, le }, counts[j])));
        const sumKey = { ...common, __name__: 'sum' };
        const total = (counters.get(JSON.stringify(sumKey)) ?? 0) + sum;
        counters.set(JSON.stringify(sumKey), total);
        push({ __name__: 'http_request_duration_seconds_sum', ...common }, total);
        push({ __name__: 'http_request_duration_seconds_count', ...common }, bump({ ...common, __name__: 'count' }, obs));
      }
    }

    // a batch job that runs from 30% to 60% of the window and ends with a staleness marker
    const batchLabels = { __name__: 'batch_items_processed_total', job: 'batch', instance: 'c:9100' };
    const from = Math.floor(steps * 0.3);
    const to = Math.floor(steps * 0.6);
    if (step >= from && step < to) samples.push({ labels: batchLabels, timestamp: base + 3, value: bump(batchLabels, 5 + Math.floor(rand() * 10)) });
    if (step === to) samples.push({ labels: batchLabels, timestamp: base + 3, value: STALE_NAN });
    // a target that disappears at 70% without a staleness marker
    if (step < Math.floor(steps * 0.7)) {
      samples.push({ labels: { __name__: 'queue_depth', job: 'worker', instance: 'd:9100' }, timestamp: base + 5, value: Math.floor(rand() * 40) });
    }
  }
  samples.sort((x, y) => x.timestamp - y.timestamp);
  return { samples, start, end: start + (steps - 1) * intervalMs + 11, intervalMs };
}
