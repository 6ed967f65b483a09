import type { ServerResponse } from 'node:http';
import type { LiveEvent } from './event-bus.js';
import type { ResetReason } from './event-payloads.js';

export interface SseConnectionOptions {
  /** Bytes queued in the process for this client (beyond the kernel's socket buffer) before events are dropped. */
  readonly maxBufferedBytes: number;
  /** A client that stays over `maxBufferedBytes` this long is disconnected. */
  readonly maxLagMs: number;
  /** Which events this client gets (its topics and log query). */
  readonly accepts: (event: LiveEvent) => boolean;
  /** The id a reset event carries (the newest event's), so the client resumes from there. */
  readonly lastId: () => string;
  /** Told when this client misses events (reset) or is disconnected for being too slow. */
  readonly onSlow: (what: 'reset' | 'disconnect') => void;
  readonly now: () => number;
}

/** The SSE frame telling the client to refetch: it missed events. */
export function resetFrame(id: string, reason: ResetReason): Buffer {
  return Buffer.from(`id: ${id}\nevent: reset\ndata: ${JSON.stringify({ reason })}\n\n`, 'utf8');
}

const HEARTBEAT = Buffer.from(': hb\n\n', 'utf8');

/**
 * One client of `GET /api/v1/events`. Writes never queue without bound: once more than `maxBufferedBytes` wait in
 * the process (the kernel's socket buffer is full), further events are dropped; when the socket drains the client
 * gets a `reset` event (refetch, then continue live); one still behind after `maxLagMs` is disconnected.
 */
export class SseConnection {
  private lagSince: number | undefined;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseConnectionOptions,
  ) {
    res.on('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends `event` when this client wants it (dropped while the client is behind). */
  deliver(event: LiveEvent): void {
    if (this.closed || !this.options.accepts(event)) return;
    this.write(event.frame);
  }

  /** Writes frames without the per-event filter (the start of the stream: retry hint, replay or reset). */
  write(frame: Buffer): void {
    if (this.closed) return;
    if (this.lagSince !== undefined) {
      this.checkLag();
      return;
    }
    if (this.res.writableLength > this.options.maxBufferedBytes) {
      this.lagSince = this.options.now();
      this.res.once('drain', this.onDrain);
      return;
    }
    this.res.write(frame);
  }

  /** The `: hb` comment that keeps proxies and clients from timing the stream out. */
  heartbeat(): void {
    this.write(HEARTBEAT);
  }

  /** Ends the stream (server shutdown). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    // A client that does not read cannot take the end of the response: do not let it hold the server open.
    if (this.res.writableLength > 0) this.res.destroy();
    else this.res.end();
  }

  private checkLag(): void {
    if (this.lagSince !== undefined && this.options.now() - this.lagSince > this.options.maxLagMs) {
      this.closed = true;
      this.options.onSlow('disconnect');
      this.res.destroy();
    }
  }

  private readonly onDrain = (): void => {
    if (this.closed) return;
    this.lagSince = undefined;
    this.options.onSlow('reset');
    this.res.write(resetFrame(this.options.lastId(), 'slow_client'));
  };
}
