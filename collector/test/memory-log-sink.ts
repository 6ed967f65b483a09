import type { LogRecord } from '../src/logs/log-record.js';
import type { LogSink } from '../src/sinks/log-sink.js';

/**
 * Keeps every acknowledged record in memory, deduplicated by id as the api's log store does. `hold()` makes
 * `send` wait (as a sink whose api is down keeps retrying) until `release()`.
 */
export class MemoryLogSink implements LogSink {
  readonly records: LogRecord[] = [];
  readonly ids = new Set<string>();
  sends = 0;
  private held: Array<() => void> | undefined;

  async send(records: readonly LogRecord[]): Promise<void> {
    this.sends++;
    if (this.held !== undefined) await new Promise<void>((resolve) => this.held?.push(resolve));
    for (const r of records) {
      if (this.ids.has(r.id)) continue;
      this.ids.add(r.id);
      this.records.push(r);
    }
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const w of waiting) w();
  }

  async close(): Promise<void> {
    this.release();
  }
}
