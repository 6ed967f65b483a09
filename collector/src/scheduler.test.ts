import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test/capture-logger.js';
import { VirtualClock } from '../test/virtual-clock.js';
import { MemorySink } from './sinks/memory-sink.js';
import { Scheduler, nextTick } from './scheduler.js';
import type { CollectedSample, Source } from './sources/source.js';

/** A source that records when it ran, optionally taking `busyMs` of (virtual) time or throwing. */
function recordingSource(name: string, clock: VirtualClock, opts: { busyMs?: number; fail?: boolean } = {}) {
  const runs: number[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const source: Source = {
    name,
    async collect(now: number): Promise<CollectedSample[]> {
      runs.push(now);
      running++;
      maxConcurrent = Math.max(maxConcurrent, running);
      try {
        if (opts.busyMs) await clock.sleep(opts.busyMs);
        if (opts.fail) throw new Error(`${name} broke`);
        return [{ name: `${name}_metric`, labels: {}, value: 1, timestamp: now }];
      } finally {
        running--;
      }
    },
  };
  return { source, runs, maxConcurrent: () => maxConcurrent };
}

describe('Scheduler', () => {
  it('runs a source on ticks aligned to its interval and stamps samples with the tick', async () => {
    const clock = new VirtualClock(1_234);
    const sink = new MemorySink();
    const a = recordingSource('a', clock);
    const s = new Scheduler({ sources: [{ source: a.source, intervalMs: 1000 }], sink, clock, logger: captureLogger().logger });
    s.start();
    await clock.runUntil(4_500);
    expect(a.runs).toEqual([2000, 3000, 4000]);
    expect(sink.samples.map((x) => x.timestamp)).toEqual([2000, 3000, 4000]);
    await s.stop();
  });

  it('never overlaps runs of one source; a slow run skips ticks with a warning', async () => {
    const clock = new VirtualClock(0);
    const { logger, lines } = captureLogger();
    const slow = recordingSource('slow', clock, { busyMs: 2_500 });
    const s = new Scheduler({ sources: [{ source: slow.source, intervalMs: 1000 }], sink: new MemorySink(), clock, logger });
    s.start();
    await clock.runUntil(9_000);
    expect(slow.runs).toEqual([1000, 4000, 7000]);
    expect(slow.maxConcurrent()).toBe(1);
    expect(lines.filter((l) => l.msg.includes('skipping ticks'))[0]).toMatchObject({ skippedTicks: 2, source: 'slow' });
    await s.stop(10);
  });

  it('a failing or slow source never delays the others, and failures are logged', async () => {
    const clock = new VirtualClock(0);
    const { logger, lines } = captureLogger();
    const fast = recordingSource('fast', clock);
    const broken = recordingSource('broken', clock, { fail: true });
    const slow = recordingSource('slow', clock, { busyMs: 10_000 });
    const sink = new MemorySink();
    const s = new Scheduler({
      sources: [
        { source: fast.source, intervalMs: 1000 },
        { source: broken.source, intervalMs: 1000 },
        { source: slow.source, intervalMs: 1000 },
      ],
      sink,
      clock,
      logger,
    });
    s.start();
    await clock.runUntil(5_000);
    expect(fast.runs).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(broken.runs).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(slow.runs).toEqual([1000]);
    expect(lines.filter((l) => l.msg.startsWith('source failed') && l.source === 'broken')).toHaveLength(5);
    expect(sink.samples.filter((x) => x.name === 'fast_metric')).toHaveLength(5);
    await s.stop(10);
  });

  it("waits on the sink's back-pressure before that source's next tick", async () => {
    const clock = new VirtualClock(0);
    const a = recordingSource('a', clock);
    const b = recordingSource('b', clock);
    let writes = 0;
    const sink = {
      write: async (samples: readonly CollectedSample[]): Promise<void> => {
        // The first write of source a waits 3.5 s for room in the buffer.
        if (samples[0].name === 'a_metric' && writes++ === 0) await clock.sleep(3_500);
      },
    };
    const s = new Scheduler({
      sources: [
        { source: a.source, intervalMs: 1000 },
        { source: b.source, intervalMs: 1000 },
      ],
      sink,
      clock,
      logger: captureLogger().logger,
    });
    s.start();
    await clock.runUntil(6_000);
    expect(a.runs).toEqual([1000, 5000, 6000]);
    expect(b.runs).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    await s.stop();
  });

  it('stop() ends scheduling', async () => {
    const clock = new VirtualClock(0);
    const a = recordingSource('a', clock);
    const s = new Scheduler({ sources: [{ source: a.source, intervalMs: 1000 }], sink: new MemorySink(), clock, logger: captureLogger().logger });
    s.start();
    await clock.runUntil(2_000);
    await s.stop();
    await clock.runUntil(10_000);
    expect(a.runs).toEqual([1000, 2000]);
  });

  it('nextTick is the next multiple of the interval strictly after now', () => {
    expect(nextTick(0, 1000)).toBe(1000);
    expect(nextTick(999, 1000)).toBe(1000);
    expect(nextTick(1000, 1000)).toBe(2000);
  });
});
