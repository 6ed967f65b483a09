// The live events of GET /api/v1/events (Server-Sent Events) behind one small wrapper: the browser's EventSource
// reconnects by itself after a dropped stream (sending Last-Event-ID), but gives up for good when the api answers an
// error or is unreachable at connect time; this wrapper then opens a new one after a growing delay, resuming with
// `?lastEventId=` (the api's query-parameter form of the header). Its state is for a visible connection indicator.

/** `connecting` (first attempt), `open`, `reconnecting` (lost; retrying after a delay), `closed` (close() called). */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The SSE event names of the api (api/src/events/event-topics.ts) plus `reset` (events were missed: refetch). */
export type LiveEventName = 'alert' | 'slo' | 'log' | 'reset';
export type LiveTopic = 'alerts' | 'slos' | 'logs';

export interface LiveEvent {
  readonly name: LiveEventName;
  readonly id: string;
  /** The parsed JSON `data:` (AlertTransition, SloJson, LogRecord or {reason}). */
  readonly data: unknown;
}

/** What the wrapper needs of EventSource (the browser's; a fake in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface EventStreamOptions {
  readonly topics: readonly LiveTopic[];
  /** Only log lines matching this log query (the `logs` topic). */
  readonly logQuery?: string;
  readonly onEvent: (event: LiveEvent) => void;
  readonly onState?: (state: StreamState) => void;
  /** `/api/v1/events` by default. */
  readonly path?: string;
  /** First retry delay (doubles per failure up to maxRetryMs); 1 s and 30 s by default. */
  readonly minRetryMs?: number;
  readonly maxRetryMs?: number;
  readonly createEventSource?: (url: string) => EventSourceLike;
}

const EVENT_NAMES: readonly LiveEventName[] = ['alert', 'slo', 'log', 'reset'];
const CLOSED = 2;

/** One live stream: `start()` connects, `close()` stops for good. Events with unparsable data are dropped. */
export class EventStream {
  private source: EventSourceLike | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastId: string | undefined;
  private failures = 0;
  private current: StreamState = 'connecting';
  private stopped = false;

  constructor(private readonly opts: EventStreamOptions) {}

  get state(): StreamState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  close(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.source?.close();
    this.source = undefined;
    this.setState('closed');
  }

  /** The URL of the next connection (topics, log filter, resume id). */
  url(): string {
    const params = new URLSearchParams({ topics: this.opts.topics.join(',') });
    if (this.opts.logQuery !== undefined && this.opts.logQuery !== '') params.set('logQuery', this.opts.logQuery);
    if (this.lastId !== undefined) params.set('lastEventId', this.lastId);
    return `${this.opts.path ?? '/api/v1/events'}?${params.toString()}`;
  }

  private connect(): void {
    if (this.stopped) return;
    const create = this.opts.createEventSource ?? ((url: string): EventSourceLike => new EventSource(url));
    const source = create(this.url());
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.setState('open');
    };
    source.onerror = () => {
      if (this.stopped || this.source !== source) return;
      // The browser retries a dropped stream itself (readyState CONNECTING); a refused one is CLOSED for good.
      if (source.readyState === CLOSED) {
        source.close();
        this.source = undefined;
        this.scheduleReconnect();
      }
      this.setState('reconnecting');
    };
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (ev: MessageEvent) => {
        if (typeof ev.lastEventId === 'string' && ev.lastEventId !== '') this.lastId = ev.lastEventId;
        let data: unknown;
        try {
          data = JSON.parse(String(ev.data));
        } catch {
          return;
        }
        this.opts.onEvent({ name, id: ev.lastEventId, data });
      });
    }
  }

  private scheduleReconnect(): void {
    const min = this.opts.minRetryMs ?? 1000;
    const max = this.opts.maxRetryMs ?? 30_000;
    const delay = Math.min(max, min * 2 ** this.failures);
    this.failures++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, delay);
  }

  private setState(state: StreamState): void {
    if (state === this.current) return;
    this.current = state;
    this.opts.onState?.(state);
  }
}
