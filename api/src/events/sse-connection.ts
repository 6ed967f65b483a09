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
  /** Events up to this seq were sent already (replayed) or predate the connection: skipped. */
  readonly afterSeq: number;
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

/** Frames of one batch are written in groups of about this size (each write checks the slow-client limit). */
const WRITE_GROUP_BYTES = 64 * 1024;

const HEARTBEAT = Buffer.from(': hb\n\n', 'utf8');

/**
 * One client of `GET /api/v1/events`. Writes never queue without bound: once more than `maxBufferedBytes` wait in
 * the process (the kernel's socket buffer is full), further events are dropped; when the socket drains the client
 * gets a `reset` event (refetch, then continue live); one still behind after `maxLagMs` is disconnected.
 */
export class SseConnection {
  private lagSince: number | undefined;
  private closed = false;
  private lastSeq: number;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseConnectionOptions,
  ) {
    this.lastSeq = options.afterSeq;
    res.on('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Sends the events of `batch` (published in the same turn of the event loop, in order) that this client wants and
   * has not had, in as few writes as the slow-client limit allows; `all` is the whole batch's frames concatenated
   * (`allBytes` long), shared by the clients that want them all.
   */
  deliver(batch: readonly LiveEvent[], all: () => Buffer, allBytes: number): void {
    if (this.closed) return;
    let wanted: LiveEvent[] | undefined;
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i];
      const ok = event.seq > this.lastSeq && this.options.accepts(event);
      if (ok && wanted !== undefined) wanted.push(event);
      else if (!ok && wanted === undefined) wanted = batch.slice(0, i);
    }
    this.lastSeq = Math.max(this.lastSeq, batch[batch.length - 1]?.seq ?? 0);
    if (wanted === undefined && allBytes <= WRITE_GROUP_BYTES) {
      this.write(all());
      return;
    }
    this.writeFrames(wanted ?? batch);
  }

  /** Writes the frames of `events` in groups of about WRITE_GROUP_BYTES, each subject to the slow-client limit. */
  writeFrames(events: readonly LiveEvent[]): void {
    let group: Buffer[] = [];
    let size = 0;
    for (const event of events) {
      group.push(event.frame);
      size += event.frame.length;
      if (size >= WRITE_GROUP_BYTES) {
        this.write(group.length === 1 ? group[0] : Buffer.concat(group, size));
        group = [];
        size = 0;
      }
    }
    if (group.length > 0) this.write(group.length === 1 ? group[0] : Buffer.concat(group, size));
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
