import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { Sample } from '../storage/metric-store.js';
import { AppendBatcher } from './append-batcher.js';

const sample = (name: string, t: number): Sample => ({ labels: Object.freeze({ __name__: name }), timestamp: t, value: t });

describe('AppendBatcher', () => {
  it('sends appends issued in the same turn as one store append, and resolves each after it', async () => {
    const store = new MemoryMetricStore();
    const calls: number[] = [];
    const append = store.append.bind(store);
    store.append = async (samples) => {
      calls.push(samples.length);
      await append(samples);
    };
    const batcher = new AppendBatcher(store);
    await Promise.all([batcher.append([sample('a', 1)]), batcher.append([sample('b', 2), sample('b', 3)]), batcher.append([sample('c', 4)])]);
    expect(calls).toEqual([4]);
    expect((await store.select([], { start: 0, end: 10 })).map((s) => s.labels.__name__)).toEqual(['a', 'b', 'c']);
    await batcher.append([sample('d', 5)]);
    expect(calls).toEqual([4, 1]);
  });

  it('rejects every caller of a failed append', async () => {
    const store = new MemoryMetricStore();
    store.append = async () => {
      throw new Error('disk full');
    };
    const batcher = new AppendBatcher(store);
    const results = await Promise.allSettled([batcher.append([sample('a', 1)]), batcher.append([sample('b', 1)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
