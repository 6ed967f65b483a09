import { Agent } from 'node:https';
import { event } from '@pagerduty/pdjs';

type EventParameters = Parameters<typeof event>[0];
type EventPayloadV2 = EventParameters['data'];
import type { StoredEvent } from './notify-store.js';

/** The outcome of one delivery attempt. */
export type SendResult =
  | { readonly kind: 'sent'; readonly status: number }
  /** 429, 5xx, network error, timeout: try again later. */
  | { readonly kind: 'retry'; readonly status: number | undefined; readonly error: string }
  /** PagerDuty rejected the event (400 "invalid event", other 4xx): do not retry. */
  | { readonly kind: 'failed'; readonly status: number; readonly error: string; readonly errors: readonly string[] };

/** Sends one event; the seam between the outbox worker and PagerDuty (tests may put their own behind it). */
export interface EventTransport {
  send(routingKey: string, event: StoredEvent, signal: AbortSignal): Promise<SendResult>;
}

export interface PagerDutyTransportOptions {
  /** host[:port]; pdjs always uses `https://<server>/v2/enqueue`. */
  readonly server: string;
  /** Extra trusted CA certificates (PEM). */
  readonly ca?: string;
  /** pdjs's own wait before each of its (up to 3) immediate retries of a 429. */
  readonly pdjsRetryTimeoutMs?: number;
}

/**
 * Sends through `@pagerduty/pdjs`'s `event()` to the Events API v2. The attempt's AbortSignal bounds the whole
 * call (pdjs's own `requestTimeout` only sets a timer and never aborts). pdjs retries a 429 up to three times by
 * itself, `pdjsRetryTimeoutMs` apart, before answering; the outbox's backoff takes over after that.
 */
export class PagerDutyTransport implements EventTransport {
  private readonly agent: Agent;

  constructor(private readonly opts: PagerDutyTransportOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, ...(opts.ca !== undefined ? { ca: opts.ca } : {}) });
  }

  async send(routingKey: string, stored: StoredEvent, signal: AbortSignal): Promise<SendResult> {
    const data = { routing_key: routingKey, ...stored } as unknown as EventPayloadV2;
    // `agent` is node-fetch's option (pdjs passes its options through to cross-fetch/node-fetch); not in RequestInit.
    const params: EventParameters & { agent: Agent } = {
      server: this.opts.server,
      data,
      signal,
      agent: this.agent,
      retryTimeout: this.opts.pdjsRetryTimeoutMs ?? 1000,
      // pdjs's requestTimeout only starts a timer that never aborts anything (and is left running on network
      // errors); 0 turns it off. The signal above is the timeout.
      requestTimeout: 0,
    };
    let status: number;
    let body: unknown;
    try {
      const res = await event(params);
      status = res.status;
      body = res.data as unknown;
    } catch (err) {
      const e = err as Error & { type?: string; code?: string };
      if (signal.aborted || e.name === 'AbortError') return { kind: 'retry', status: undefined, error: 'timeout: no answer from PagerDuty in time' };
      return { kind: 'retry', status: undefined, error: `${e.code ?? e.type ?? e.name}: ${e.message}` };
    }
    const { message, errors } = describeBody(body);
    if (status >= 200 && status < 300) return { kind: 'sent', status };
    if (status === 429 || status >= 500 || status === 408) return { kind: 'retry', status, error: `HTTP ${status}${message ? `: ${message}` : ''}` };
    return { kind: 'failed', status, error: `HTTP ${status}${message ? `: ${message}` : ''}`, errors };
  }

  close(): void {
    this.agent.destroy();
  }
}

function describeBody(body: unknown): { message: string; errors: string[] } {
  if (body === null || typeof body !== 'object') return { message: '', errors: [] };
  const b = body as { status?: unknown; message?: unknown; errors?: unknown };
  const parts = [b.status, b.message].filter((x): x is string => typeof x === 'string' && x !== '');
  const errors = Array.isArray(b.errors) ? b.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : [];
  return { message: parts.join(': '), errors };
}
