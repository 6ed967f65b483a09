import type { Labels } from '../storage/labels.js';

/** One series of a Prometheus range answer, as its HTTP API returns it. */
export interface PromRawSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** GET from a Prometheus HTTP API; the `data` of a success answer, else an error naming the URL. */
export async function promGet<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error}`);
  return body.data;
}

/** `<ts> {a="x",b="y"}` with sorted names: one sample's identity when comparing with Prometheus. */
export function sampleKey(labels: Labels, ts: number): string {
  const names = Object.keys(labels).sort();
  return `${ts} {${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(',')}}`;
}
