import { describe, expect, it } from 'vitest';
import { isStaleMarker, STALE_NAN } from '../../sources/scrape/stale-marker.js';
import type { CollectedSample } from '../../sources/source.js';
import { decodeWriteRequest } from './prompb.js';
import { encodeSamplesAsWriteRequest } from './write-request-encoder.js';

describe('encodeSamplesAsWriteRequest', () => {
  it('writes a WriteRequest protobufjs decodes: sorted labels with __name__, empty labels left out, exact floats, int64 ms', () => {
    const samples: CollectedSample[] = [
      { name: 'up', labels: { job: 'api', instance: '127.0.0.1:8080', Zone: 'EU', empty: '' }, value: 1, timestamp: 1_700_000_000_123 },
      { name: 'gone', labels: { path: 'C:\\ü "x"\nnext', a: 'x'.repeat(300) }, value: STALE_NAN, timestamp: 1 },
      { name: 'odd', labels: {}, value: NaN, timestamp: -1500 },
      { name: 'inf', labels: { z: '1' }, value: Infinity, timestamp: 0 },
      { name: 'neg', labels: {}, value: -Infinity, timestamp: 2 ** 52 },
    ];
    const decoded = decodeWriteRequest(encodeSamplesAsWriteRequest(samples));
    const got = decoded.timeseries.map((ts) => ({
      labels: ts.labels.map((l) => [l.name, l.value]),
      value: ts.samples[0].value,
      timestamp: Number(ts.samples[0].timestamp),
      count: ts.samples.length,
    }));
    expect(got).toEqual([
      { labels: [['Zone', 'EU'], ['__name__', 'up'], ['instance', '127.0.0.1:8080'], ['job', 'api']], value: 1, timestamp: 1_700_000_000_123, count: 1 },
      { labels: [['__name__', 'gone'], ['a', 'x'.repeat(300)], ['path', 'C:\\ü "x"\nnext']], value: NaN, timestamp: 1, count: 1 },
      { labels: [['__name__', 'odd']], value: NaN, timestamp: -1500, count: 1 },
      { labels: [['__name__', 'inf'], ['z', '1']], value: Infinity, timestamp: 0, count: 1 },
      { labels: [['__name__', 'neg']], value: -Infinity, timestamp: 2 ** 52, count: 1 },
    ]);
    expect(isStaleMarker(decoded.timeseries[1].samples[0].value)).toBe(true);
    expect(isStaleMarker(decoded.timeseries[2].samples[0].value)).toBe(false);
  });

  it('encodes an empty batch as an empty message', () => {
    expect(encodeSamplesAsWriteRequest([]).length).toBe(0);
  });
});
