// The api's live events (`GET /api/v1/events`, Server-Sent Events) over fetch rather than the browser's EventSource:
// fetch can send the bearer token (EventSource cannot set headers) and sees the HTTP status, so a rejected request
// (a bad `logQuery`: 400) is reported once instead of retried forever. eventsource-parser reads the stream.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { apiToken, buildUrl, type QueryParams } from './api-client.js';

/** Where a live stream is: shown to the user (a live view that silently stopped would look like "no new lines"). */
export type LiveConnectionState = 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closed';

export interface LiveEventsOptions {
  /** `/api/v1/events` by default. */
  readonly path?: string;
  /** `topics`, `logQuery`, ... */
  readonly params?: QueryParams;
  /** One event: its SSE `event:` name (`log`, `alert`, `slo`, `reset`), its JSON `data:`, and its `id:`. */
  readonly onEvent: (name: string, data: unknown, id: string | undefined) => void;
  /** Every state change; `detail` says why for `reconnecting` and `failed`. */
  readonly onState?: (state: LiveConnectionState, detail?: string) => void;
  /** First reconnect delay (doubled per failed attempt up to `maxDelayMs`); the server's `retry:` hint wins if larger. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly fetchImpl?: typeof fetch;
}

export interface LiveEventsHandle {
  /** Ends the stream for good (state `closed`). */
  close(): void;
}

/**
 * Opens the api's event stream and keeps it open: after a network failure, a 5xx or the server ending the stream it
 * reconnects with backoff, sending the last seen id as `Last-Event-ID` so no event is missed (the api answers `reset`
 * when it no longer has them). A 4xx other than 408/429 is final (`failed`, with the api's message).
 */
export function openLiveEvents(opts: LiveEventsOptions): LiveEventsHandle {
  const abort = new AbortController();
  const doFetch = opts.fetchImpl ?? fetch.bind(globalThis);
  const minDelay = opts.minDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  let lastId: string | undefined;
  let retryHint = 0;
  let closed = false;
  const setState = (state: LiveConnectionState, detail?: string): void => {
    if (!closed || state === 'closed') opts.onState?.(state, detail);
  };
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (message.id !== undefined) lastId = message.id;
      let data: unknown = message.data;
      try {
        data = JSON.parse(message.data);
      } catch {
        // not JSON: handed over as the raw string
      }
      opts.onEvent(message.event ?? 'message', data, message.id);
    },
    onRetry(ms: number) {
      retryHint = ms;
    },
  });

  const connectOnce = async (): Promise<{ retry: boolean; detail: string }> => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const token = apiToken();
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    let response: Response;
    try {
      response = await doFetch(buildUrl(opts.path ?? '/api/v1/events', opts.params), { headers, signal: abort.signal, cache: 'no-store' });
    } catch (err) {
      return { retry: true, detail: `cannot reach the api (${(err as Error).message})` };
    }
    if (!response.ok || response.body === null) {
      const detail = await errorMessage(response);
      const final = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      return { retry: !final, detail };
    }
    setState('open');
    parser.reset();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch (err) {
      if (abort.signal.aborted) return { retry: false, detail: 'closed' };
      return { retry: true, detail: `stream interrupted (${(err as Error).message})` };
    }
    return { retry: true, detail: 'the api ended the stream' };
  };

  void (async () => {
    let attempt = 0;
    setState('connecting');
    while (!closed) {
      const openedBefore = lastId;
      const outcome = await connectOnce();
      if (closed) break;
      if (!outcome.retry) {
        setState('failed', outcome.detail);
        return;
      }
      // A stream that delivered events was healthy: start the backoff over.
      if (lastId !== openedBefore) attempt = 0;
      const delay = Math.max(retryHint, Math.min(maxDelay, minDelay * 2 ** attempt)) * (0.8 + Math.random() * 0.4);
      attempt++;
      setState('reconnecting', outcome.detail);
      await sleep(delay, abort.signal);
    }
  })();

  return {
    close(): void {
      if (closed) return;
      closed = true;
      abort.abort();
      setState('closed');
    },
  };
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body) return String((body as { error: unknown }).error);
  } catch {
    // no JSON body
  }
  return `the api answered HTTP ${response.status}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(id);
        resolve();
      },
      { once: true },
    );
  });
}
