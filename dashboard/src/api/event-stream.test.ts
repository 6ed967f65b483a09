import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream, type EventSourceLike, type LiveEvent, type StreamState } from './event-stream.js';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  private readonly listeners = new Map<string, (ev: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, id: string, data: string): void {
    this.listeners.get(type)?.(new MessageEvent(type, { data, lastEventId: id }));
  }
  fail(closed: boolean): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

afterEach(() => vi.useRealTimers());

describe('EventStream', () => {
  it('parses events, and after a refused connection reconnects with a growing delay, resuming after the last id', () => {
    vi.useFakeTimers();
    const sources: FakeSource[] = [];
    const events: LiveEvent[] = [];
    const states: StreamState[] = [];
    const stream = new EventStream({
      topics: ['alerts', 'slos'],
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
      createEventSource: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
    });
    stream.start();
    expect(sources[0].url).toBe('/api/v1/events?topics=alerts%2Cslos');
    sources[0].open();
    sources[0].emit('alert', '17', '{"from":"pending","to":"firing"}');
    sources[0].emit('slo', '18', 'not json');
    expect(events).toEqual([{ name: 'alert', id: '17', data: { from: 'pending', to: 'firing' } }]);

    // The browser retries a dropped stream by itself: no second EventSource.
    sources[0].fail(false);
    expect(sources).toHaveLength(1);
    expect(stream.state).toBe('reconnecting');
    // Refused (CLOSED): the wrapper opens a new one after 1 s, then 2 s.
    sources[0].fail(true);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    expect(new URL(sources[1].url, 'http://x').searchParams.get('lastEventId')).toBe('18');
    sources[1].fail(true);
    vi.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
    sources[2].open();
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    stream.close();
    expect(sources[2].closed).toBe(true);
    expect(stream.state).toBe('closed');
  });
});
