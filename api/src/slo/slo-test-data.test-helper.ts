import type { MetricStore, Sample } from '../storage/metric-store.js';

/** 5-minute-aligned evaluation time used by the SLO tests (2023-11-14T22:10:00Z). */
export const T = 1_700_000_000_000 - (1_700_000_000_000 % 300_000);
export const SCRAPE_MS = 15_000;

/**
 * Writes a counter sampled every 15 s from `from` to `to` (inclusive) whose value at time t is `valueAt(t)`.
 */
export async function writeCounter(store: MetricStore, labels: Record<string, string>, from: number, to: number, valueAt: (t: number) => number): Promise<void> {
  const samples: Sample[] = [];
  for (let t = from; t <= to; t += SCRAPE_MS) samples.push({ labels, timestamp: t, value: valueAt(t) });
  await store.append(samples);
}

/** A counter that grows by `count` events spread evenly over [start, end] (0 before, `count` after). */
export function ramp(start: number, end: number, count: number, base = 0): (t: number) => number {
  return (t) => base + (t <= start ? 0 : t >= end ? count : (count * (t - start)) / (end - start));
}
