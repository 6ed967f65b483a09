import type { CollectedSample } from '../../sources/source.js';
import type { SampleEncoding } from '../sample-encoding.js';
import { encodeWriteRequest, type PromLabel, type PromTimeSeries } from './prompb.js';

/**
 * Prometheus remote_write 1.0 as the batching sink's wire format: each sample one TimeSeries (labels sorted
 * by name with `__name__`, empty values left out as Prometheus does), a batch one WriteRequest. Every float
 * is carried exactly: NaN, +Inf, -Inf and the staleness marker's NaN bits.
 */
export const remoteWriteEncoding: SampleEncoding<PromTimeSeries> = {
  format: 'Prometheus remote_write',
  limits: 'nothing: every value is carried',
  encode: toTimeSeries,
  body: (timeseries) => encodeWriteRequest({ timeseries }),
};

export function toTimeSeries(s: CollectedSample): PromTimeSeries {
  const labels: PromLabel[] = [{ name: '__name__', value: s.name }];
  for (const name in s.labels) {
    const value = s.labels[name];
    if (value !== '') labels.push({ name, value });
  }
  labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { labels, samples: [{ value: s.value, timestamp: Math.round(s.timestamp) }] };
}
