import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type pino from 'pino';
import { AppError } from '../../errors/app-error.js';
import type { LogRecord } from '../log-record.js';
import type { LogAppendResult } from '../log-store.js';
import type { LogWriterReply, LogWriterRequest, LogWriterThreadData } from './log-writer-messages.js';
import type { LogWriterPort } from './log-writer-port.js';

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type RequestBody = LogWriterRequest extends infer R ? (R extends LogWriterRequest ? Omit<R, 'id'> : never) : never;

/** Run from TypeScript sources (tests, tsx): the worker entry is the .ts file, loaded through tsx's loader. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './log-writer-worker.ts' : './log-writer-worker.js', import.meta.url);

/** The URL of tsx's ESM API (`tsx/esm/api`, import condition) from its package.json's exports. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), pkg.exports['./esm/api'].import.default)).href;
}

/** The worker's entry: the compiled file, or (from sources) a bootstrap that registers tsx and imports the .ts file. */
function newWorker(data: LogWriterThreadData): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData: data, name: 'log-writer' });
  // `--import tsx` in a worker's execArgv is not applied on Node 20; registering from inside the worker is.
  const tsx = tsxEsmApi();
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data, name: 'log-writer' });
}

/**
 * The LogWriter on a worker thread (log-writer-worker.ts): SQLite's insert, FTS5 indexing and the commit's fsync
 * run beside the event loop, which meanwhile parses and validates the next batch and answers searches. Requests are
 * answered in order. If the thread dies, what it had not answered is rejected as `unavailable` (nothing of an
 * unanswered append is acknowledged) and the next request starts a new thread.
 */
export class LogWriterThread implements LogWriterPort {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closing = false;

  constructor(
    private readonly data: LogWriterThreadData,
    private readonly log: pino.Logger,
  ) {
    this.start();
  }

  append(records: readonly LogRecord[]): Promise<LogAppendResult> {
    return this.request({ op: 'append', records }) as Promise<LogAppendResult>;
  }

  deleteBefore(cutoff: bigint, batch: number): Promise<number> {
    return this.request({ op: 'delete', cutoff, batch }) as Promise<number>;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined || this.closing) return;
    this.closing = true;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.request({ op: 'close' }).catch((err: unknown) => this.log.warn({ err }, 'log writer thread: close failed'));
    await exited;
  }

  private start(): Worker {
    const worker = newWorker(this.data);
    worker.on('message', (reply: LogWriterReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new AppError(reply.code, reply.message));
    });
    let failure = '';
    worker.on('error', (err) => {
      failure = `: ${err.message}`;
      this.log.error({ err }, 'log writer thread failed');
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.pending.size === 0) return;
      if (!this.closing) this.log.error({ code, unanswered: this.pending.size }, 'log writer thread stopped; its unanswered requests fail');
      const err = new AppError('unavailable', `log store writer stopped (exit code ${code})${failure}; nothing of the failed requests was acknowledged`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }

  private request(body: RequestBody): Promise<unknown> {
    if (this.closing && body.op !== 'close') return Promise.reject(new AppError('unavailable', 'log store is closed'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id });
    });
  }
}
