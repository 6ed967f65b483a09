import snappy from 'snappyjs';
import { encodeWriteRequest, type PromTimeSeries } from '../ingest/remote-write/prompb.js';
import { labelsKey } from '../storage/labels.js';
import type { Sample } from '../storage/metric-store.js';

/**
 * Pushes samples to a remote_write 1.0 endpoint (a Prometheus with --web.enable-remote-write-receiver, or the
 * api's /api/v1/write) in time order, `batchSize` samples per request. Throws on any non-2xx answer.
 */
export async function pushRemoteWrite(url: string, samples: readonly Sample[], batchSize = 5000): Promise<void> {
  for (let i = 0; i < samples.length; i += batchSize) {
    const bySeries = new Map<string, { labels: Sample['labels']; samples: Array<{ value: number; timestamp: number }> }>();
    for (const s of samples.slice(i, i + batchSize)) {
      const key = labelsKey(s.labels);
      let entry = bySeries.get(key);
      if (!entry) bySeries.set(key, (entry = { labels: s.labels, samples: [] }));
      entry.samples.push({ value: s.value, timestamp: s.timestamp });
    }
    const timeseries: PromTimeSeries[] = [...bySeries.values()].map((e) => ({
      labels: Object.entries(e.labels)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => ({ name, value })),
      samples: e.samples,
    }));
    const body = Buffer.from(snappy.compress(encodeWriteRequest({ timeseries })));
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
    });
    if (res.status < 200 || res.status >= 300) throw new Error(`remote write to ${url}: ${res.status} ${await res.text()}`);
  }
}
