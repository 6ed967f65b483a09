import http from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * A Server-Sent Events client for the tests and the benchmark: one real HTTP connection, frames parsed with
 * eventsource-parser, every event, comment and retry hint kept in arrival order.
 */
export class SseTestClient {
  readonly events: EventSourceMessage[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  ended = false;
  /** Resolves when the server ends the stream or the connection closes. */
  readonly closed: Promise<void>;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly response: http.IncomingMessage,
    private readonly request: http.ClientRequest,
  ) {
    const parser = createParser({
      onEvent: (event) => {
        this.events.push(event);
        this.wake();
      },
      onComment: (comment) => {
        this.comments.push(comment);
        this.wake();
      },
      onRetry: (retry) => {
        this.retry = retry;
      },
    });
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => parser.feed(chunk));
    this.closed = new Promise((resolve) => {
      const done = (): void => {
        this.ended = true;
        this.wake();
        resolve();
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
  }

  /** Opens `url`; resolves once the response headers arrived (rejects on a connection error). */
  static connect(url: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
        resolve(new SseTestClient(response, request));
      });
      request.on('error', reject);
    });
  }

  /** Events with this `event:` name. */
  named(name: string): EventSourceMessage[] {
    return this.events.filter((e) => e.event === name);
  }

  /** Waits until `condition` holds (checked on every event, comment and close); rejects after `timeoutMs`. */
  async waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
