import { describe, expect, it } from 'vitest';
import { encodeSample } from './line-protocol-encoder.js';

describe('encodeSample', () => {
  it('maps name to measurement, labels to sorted tags, value to the float field `value`, ms timestamps', () => {
    expect(encodeSample({ name: 'node_load1', labels: {}, value: 0.5, timestamp: 1700000000123 })).toBe('node_load1 value=0.5 1700000000123');
    expect(encodeSample({ name: 'up', labels: { job: 'api', instance: '127.0.0.1:8080' }, value: 1, timestamp: 5 })).toBe(
      'up,instance=127.0.0.1:8080,job=api value=1 5',
    );
  });

  it('escapes commas, spaces, equals signs and newlines in tags', () => {
    const line = encodeSample({ name: 'm', labels: { 'a b': 'x,y=z w', nl: 'l1\nl2' }, value: 2, timestamp: 1 });
    expect(line).toBe('m,a\\ b=x\\,y\\=z\\ w,nl=l1\\nl2 value=2 1');
  });

  it('drops empty label values and refuses what line protocol cannot carry', () => {
    expect(encodeSample({ name: 'm', labels: { a: '' }, value: 1, timestamp: 1 })).toBe('m value=1 1');
    expect(encodeSample({ name: 'm', labels: {}, value: NaN, timestamp: 1 })).toBeUndefined();
    expect(encodeSample({ name: 'm', labels: {}, value: Infinity, timestamp: 1 })).toBeUndefined();
    expect(encodeSample({ name: 'm', labels: { p: 'C:\\' }, value: 1, timestamp: 1 })).toBeUndefined();
  });

  it('converts the timestamp to the requested precision', () => {
    const s = { name: 'm', labels: {}, value: 1, timestamp: 1700000000123 };
    expect(encodeSample(s, 's')).toBe('m value=1 1700000000');
    expect(encodeSample(s, 'us')).toBe('m value=1 1700000000123000');
    expect(encodeSample(s, 'ns')).toBe('m value=1 1700000000123000000');
  });
});
