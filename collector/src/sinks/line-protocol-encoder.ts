import { Point } from '@influxdata/influxdb-client';
import type { Precision } from '../config/config-schema.js';
import type { CollectedSample } from '../sources/source.js';
import type { SampleEncoding } from './sample-encoding.js';

const MS_TO: Record<Precision, (ms: number) => string> = {
  s: (ms) => String(Math.floor(ms / 1000)),
  ms: (ms) => String(Math.round(ms)),
  us: (ms) => String(Math.round(ms) * 1000),
  ns: (ms) => `${Math.round(ms)}000000`,
};

/**
 * One sample as one line of InfluxDB line protocol, per DESIGN.md: measurement = metric name, tags = labels,
 * one float field `value`, timestamp in `precision`. Escaping is `@influxdata/influxdb-client`'s `Point`.
 * Returns undefined for what line protocol cannot carry: a non-finite value (NaN, +-Inf: InfluxDB rejects
 * them) or a tag value ending in a backslash (it would escape the separator after it). Empty tag values
 * are left out, which is what an empty label means in Prometheus.
 */
export function encodeSample(s: CollectedSample, precision: Precision = 'ms'): string | undefined {
  if (!Number.isFinite(s.value)) return undefined;
  const p = new Point(s.name).floatField('value', s.value).timestamp(s.timestamp);
  for (const [k, v] of Object.entries(s.labels)) {
    if (v.endsWith('\\') || k.endsWith('\\')) return undefined;
    p.tag(k, v);
  }
  const convert = MS_TO[precision];
  return p.toLineProtocol({ convertTime: (t) => (t === undefined ? undefined : convert(Number(t))) });
}

/** InfluxDB line protocol as the batching sink's wire format: one line per sample, a batch is lines joined by `\n`. */
export function lineProtocolEncoding(precision: Precision): SampleEncoding<string> {
  return {
    format: 'InfluxDB line protocol',
    limits: 'NaN, +Inf, -Inf (so no staleness markers either) and tag values ending in a backslash',
    encode: (s) => encodeSample(s, precision),
    body: (lines) => lines.join('\n'),
  };
}
