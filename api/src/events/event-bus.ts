import type { Logger } from 'pino';
import type { LiveEventPayloads, ResetReason } from './event-payloads.js';
import { EVENT_NAMES, EVENT_TOPICS, type EventName, type EventTopic } from './event-topics.js';

/** What a topic's events carry (the JSON `data:` of its SSE events). */
export type TopicPayload<T extends EventTopic> = LiveEventPayloads[(typeof EVENT_NAMES)[T]];

/**
 * Where in-process producers hand live events to `GET /api/v1/events`: the rule engine's alert transitions, the SLO
 * engine's status updates, newly stored log lines. `publish` never blocks and never throws (slow clients are handled
 * per connection); call it after the change is committed.
 */
export interface EventPublisher {
  publish<T extends EventTopic>(topic: T, payload: TopicPayload<T>): void;
}

/**
 * One published event; `frame` is the complete SSE frame (`id:`, `event:`, `data:`), encoded once for every client,
 * when a client first needs it (most log lines are published with nobody streaming them).
 */
export interface LiveEvent {
  /** Position in the bus's sequence (1, 2, ... across all topics). */
  readonly seq: number;
  /** `<boot>-<seq>`: the SSE `id:`; a restarted api has another boot, so an id from before is recognised as unknown. */
  readonly id: string;
  readonly topic: EventTopic;
  readonly name: EventName;
  /** Unix ms when published. */
  readonly at: number;
  readonly payload: unknown;
  readonly frame: Buffer;
}

export interface EventBusOptions {
  /** Events kept per topic for resuming (Last-Event-ID); 10,000 by default. */
  readonly maxEventsPerTopic?: number;
  /** Events older than this are not kept for resuming; 5 minutes by default. */
  readonly maxAgeMs?: number;
  /** Clock; Date.now by default. */
  readonly now?: () => number;
  /** The id prefix of this process's events; the start time in base 36 by default (tests set it). */
  readonly boot?: string;
  /** Where a subscriber that throws is reported (it does not reach the publisher); none: not reported. */
  readonly logger?: Pick<Logger, 'error'>;
}

/** The answer to a resume request: the events after the given id, or why they cannot be replayed. */
export type ResumeResult = { readonly kind: 'events'; readonly events: readonly LiveEvent[] } | { readonly kind: 'reset'; readonly reason: ResetReason };

export const DEFAULT_MAX_EVENTS_PER_TOPIC = 10_000;
export const DEFAULT_MAX_EVENT_AGE_MS = 5 * 60_000;

/** A bounded FIFO of one topic's recent events (an array with a moving head, compacted now and then). */
class TopicBuffer {
  private items: LiveEvent[] = [];
  private head = 0;
  /** The seq of the newest event dropped from this buffer (0: none). */
  droppedUpTo = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(event: LiveEvent, max: number): void {
    this.items.push(event);
    while (this.size > max) this.dropOldest();
  }

  dropOlderThan(cutoff: number): void {
    while (this.size > 0 && this.items[this.head].at < cutoff) this.dropOldest();
  }

  /** Events with seq > `seq`, oldest first. */
  after(seq: number): LiveEvent[] {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.items.slice(lo);
  }

  private dropOldest(): void {
    this.droppedUpTo = this.items[this.head].seq;
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * The in-memory event bus behind `GET /api/v1/events`: numbers every event, keeps the recent ones of each topic
 * (at most `maxEventsPerTopic`, at most `maxAgeMs` old) for clients that reconnect with `Last-Event-ID`, and hands
 * every event to the subscribers (the SSE connections) synchronously.
 */
export class EventBus implements EventPublisher {
  private seq = 0;
  private readonly boot: string;
  private readonly maxEvents: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly buffers = new Map<EventTopic, TopicBuffer>(EVENT_TOPICS.map((t) => [t, new TopicBuffer()]));
  private readonly subscribers = new Set<(event: LiveEvent) => void>();
  private readonly logger: Pick<Logger, 'error'> | undefined;

  constructor(options: EventBusOptions = {}) {
    this.maxEvents = options.maxEventsPerTopic ?? DEFAULT_MAX_EVENTS_PER_TOPIC;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
    this.now = options.now ?? Date.now;
    this.boot = options.boot ?? Date.now().toString(36);
    this.logger = options.logger;
    if (!/^[0-9a-z]+$/.test(this.boot)) throw new Error(`EventBus boot must be lowercase letters and digits, got ${JSON.stringify(this.boot)}`);
  }

  publish<T extends EventTopic>(topic: T, payload: TopicPayload<T>): void {
    const seq = ++this.seq;
    const id = `${this.boot}-${seq}`;
    const name = EVENT_NAMES[topic];
    const at = this.now();
    const event: LiveEvent = new PublishedEvent(seq, id, topic, name, at, payload);
    const buffer = this.buffers.get(topic) as TopicBuffer;
    buffer.push(event, this.maxEvents);
    buffer.dropOlderThan(at - this.maxAgeMs);
    for (const subscriber of this.subscribers) {
      try {
        subscriber(event);
      } catch (err) {
        this.logger?.error({ err, topic }, 'a live-event subscriber failed');
      }
    }
  }

  /** Calls `listener` with every event published from now on; returns the unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => {
      this.subscribers.delete(listener);
    };
  }

  /** The seq of the newest event (0 before the first). */
  lastSeq(): number {
    return this.seq;
  }

  /** The id of the newest event (`<boot>-0` before the first): where a client that is reset resumes from. */
  lastId(): string {
    return `${this.boot}-${this.seq}`;
  }

  /**
   * The kept events of `topics` after `lastEventId`, oldest first; a reset when the id is not one of this
   * process's (`unknown_id`) or when events of those topics after it were already dropped (`too_old`).
   */
  resume(lastEventId: string, topics: ReadonlySet<EventTopic>): ResumeResult {
    const m = /^([0-9a-z]+)-(\d+)$/.exec(lastEventId.trim());
    if (!m || m[1] !== this.boot) return { kind: 'reset', reason: 'unknown_id' };
    const seq = Number(m[2]);
    if (!Number.isSafeInteger(seq) || seq > this.seq) return { kind: 'reset', reason: 'unknown_id' };
    const cutoff = this.now() - this.maxAgeMs;
    const lists: LiveEvent[][] = [];
    for (const topic of topics) {
      const buffer = this.buffers.get(topic) as TopicBuffer;
      buffer.dropOlderThan(cutoff);
      if (buffer.droppedUpTo > seq) return { kind: 'reset', reason: 'too_old' };
      lists.push(buffer.after(seq));
    }
    const events = lists.flat();
    if (lists.length > 1) events.sort((a, b) => a.seq - b.seq);
    return { kind: 'events', events };
  }
}

/** A LiveEvent whose frame is encoded on first use and then shared. */
class PublishedEvent implements LiveEvent {
  private encoded: Buffer | undefined;

  constructor(
    readonly seq: number,
    readonly id: string,
    readonly topic: EventTopic,
    readonly name: EventName,
    readonly at: number,
    readonly payload: unknown,
  ) {}

  get frame(): Buffer {
    this.encoded ??= Buffer.from(`id: ${this.id}\nevent: ${this.name}\ndata: ${JSON.stringify(this.payload)}\n\n`, 'utf8');
    return this.encoded;
  }
}
