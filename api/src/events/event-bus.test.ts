import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../logs/log-record.js';
import { EventBus, type LiveEvent } from './event-bus.js';

function log(id: string): LogRecord {
  return { id, timestamp: 1_700_000_000_000, level: 'info', message: `line ${id}` };
}

describe('EventBus', () => {
  it('numbers events across topics and builds one SSE frame per event', () => {
    const bus = new EventBus({ boot: 'b1' });
    const seen: LiveEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    bus.publish('logs', log('a'));
    bus.publish('logs', log('b'));
    expect(seen.map((e) => e.id)).toEqual(['b1-1', 'b1-2']);
    expect(seen[1].frame.toString()).toBe(`id: b1-2\nevent: log\ndata: ${JSON.stringify(log('b'))}\n\n`);
    expect(bus.lastId()).toBe('b1-2');
  });

  it('replays the kept events of the asked topics after an id, in order', () => {
    const bus = new EventBus({ boot: 'b1' });
    bus.publish('logs', log('a')); // 1
    bus.publish('slos', { name: 'x' } as never); // 2
    bus.publish('logs', log('b')); // 3
    bus.publish('slos', { name: 'y' } as never); // 4
    const all = bus.resume('b1-1', new Set(['logs', 'slos']));
    expect(all.kind === 'events' && all.events.map((e) => e.id)).toEqual(['b1-2', 'b1-3', 'b1-4']);
    const logs = bus.resume('b1-1', new Set(['logs']));
    expect(logs.kind === 'events' && logs.events.map((e) => e.id)).toEqual(['b1-3']);
    expect(bus.resume('b1-4', new Set(['logs']))).toEqual({ kind: 'events', events: [] });
  });

  it('resets a resume whose events were dropped by count, by age, or that is not from this process', () => {
    let now = 1_000_000;
    const bus = new EventBus({ boot: 'b1', maxEventsPerTopic: 3, maxAgeMs: 60_000, now: () => now });
    for (let i = 1; i <= 5; i++) bus.publish('logs', log(String(i)));
    // Kept: 3, 4, 5. Resuming after 2 is complete; after 1 misses event 2.
    expect(bus.resume('b1-2', new Set(['logs'])).kind).toBe('events');
    expect(bus.resume('b1-1', new Set(['logs']))).toEqual({ kind: 'reset', reason: 'too_old' });
    // A topic that dropped nothing is fine from any id of this process.
    expect(bus.resume('b1-1', new Set(['alerts']))).toEqual({ kind: 'events', events: [] });
    expect(bus.resume('b0-4', new Set(['logs']))).toEqual({ kind: 'reset', reason: 'unknown_id' });
    expect(bus.resume('b1-99', new Set(['logs']))).toEqual({ kind: 'reset', reason: 'unknown_id' });
    expect(bus.resume('garbage', new Set(['logs']))).toEqual({ kind: 'reset', reason: 'unknown_id' });
    now += 61_000;
    expect(bus.resume('b1-4', new Set(['logs']))).toEqual({ kind: 'reset', reason: 'too_old' });
    expect(bus.resume('b1-5', new Set(['logs']))).toEqual({ kind: 'events', events: [] });
  });

  it('keeps at most maxEventsPerTopic events however many are published', () => {
    const bus = new EventBus({ boot: 'b1', maxEventsPerTopic: 100 });
    for (let i = 1; i <= 10_000; i++) bus.publish('logs', log(String(i)));
    const r = bus.resume('b1-9900', new Set(['logs']));
    expect(r.kind === 'events' && r.events.length).toBe(100);
    expect(bus.resume('b1-9899', new Set(['logs'])).kind).toBe('reset');
  });

  it('does not let a failing subscriber reach the publisher or the other subscribers', () => {
    const errors: unknown[] = [];
    const bus = new EventBus({ boot: 'b1', logger: { error: (obj: unknown) => errors.push(obj) } as never });
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((e) => seen.push(e.id));
    expect(() => bus.publish('logs', log('a'))).not.toThrow();
    expect(seen).toEqual(['b1-1']);
    expect(errors).toHaveLength(1);
  });
});
