import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';

/** What the contract server received (every request, including the ones it failed on purpose). */
export interface ReceivedEvent {
  readonly body: unknown;
  readonly status: number;
  readonly at: number;
}

/** An accepted (202) Events API v2 event. */
export interface AcceptedEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger' | 'acknowledge' | 'resolve';
  readonly dedup_key: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: string;
    readonly timestamp?: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details?: Record<string, unknown>;
  };
  readonly links?: Array<{ href: string; text?: string }>;
  readonly images?: Array<{ src: string; href?: string; alt?: string }>;
}

const MAX_BODY_BYTES = 512 * 1024;
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
/** RFC 3339 / ISO 8601 date-time as PagerDuty parses it. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A local HTTPS server enforcing the PagerDuty Events API v2 contract (`POST /v2/enqueue`): routing_key 32
 * characters, event_action trigger|acknowledge|resolve, dedup_key ≤ 255 (required unless trigger), on trigger a
 * payload with summary (1..1024), source, severity (critical|error|warning|info), optional ISO 8601 timestamp and
 * string component/group/class, object custom_details; links [{href, text?}], images [{src, href?, alt?}];
 * body ≤ 512 KB. Answers 202 `{status:"success", message:"Event processed", dedup_key}` or 400
 * `{status:"invalid event", message:"Event object is invalid", errors:[...]}`; can be told to answer 429 or 500
 * for the next N requests, or to hang (never answer) or be slow.
 */
export class PagerDutyContractServer {
  readonly received: ReceivedEvent[] = [];
  readonly accepted: AcceptedEvent[] = [];
  /** Requests whose answer was written (received minus answered: in flight or hanging). */
  answered = 0;
  private failures: Array<{ status: number; remaining: number }> = [];
  private hangs = 0;
  private delayMs = 0;
  private readonly sockets = new Set<Socket>();
  private readonly waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    /** PEM of the self-signed certificate: trust it with notify.pagerduty.caFile / the transport's `ca`. */
    readonly ca: string,
  ) {}

  static async start(): Promise<PagerDutyContractServer> {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
    });
    const server = createServer({ key: pems.private, cert: pems.cert });
    const s = new PagerDutyContractServer(server, pems.cert);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => s.handle(req, res));
    server.on('connection', (socket: Socket) => {
      s.sockets.add(socket);
      socket.on('close', () => s.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  /** host:port for PAGERDUTY_SERVER / notify.pagerduty.server. */
  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `count` requests get `status` (429 or 5xx). */
  failNext(count: number, status: number): void {
    this.failures.push({ status, remaining: count });
  }

  /** The next `count` requests are never answered (the connection stays open). */
  hangNext(count: number): void {
    this.hangs += count;
  }

  /** Every answer waits this long. */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Resolves once `predicate` holds (checked after each request), rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`contract server: condition not met in ${timeoutMs} ms (${this.accepted.length} accepted, ${this.received.length} received)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  reset(): void {
    this.received.length = 0;
    this.accepted.length = 0;
    this.answered = 0;
    this.failures = [];
    this.hangs = 0;
    this.delayMs = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES + 1) chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      if (this.hangs > 0) {
        this.hangs--;
        this.received.push({ body, status: 0, at: Date.now() });
        this.notify();
        return; // never answered
      }
      const answer = (status: number, json: unknown): void => {
        this.received.push({ body, status, at: Date.now() });
        const send = (): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
          this.answered++;
          this.notify();
        };
        if (this.delayMs > 0) setTimeout(send, this.delayMs);
        else send();
      };
      if (req.method !== 'POST' || req.url !== '/v2/enqueue') {
        answer(404, { status: 'not found', message: `no route ${req.method ?? ''} ${req.url ?? ''}` });
        return;
      }
      const failure = this.failures.find((f) => f.remaining > 0);
      if (failure) {
        failure.remaining--;
        if (failure.status === 429) answer(429, { status: 'throttle event', message: 'Requests for this service are arriving too quickly.  Please retry later.' });
        else answer(failure.status, { status: 'error', message: 'internal server error' });
        return;
      }
      if (size > MAX_BODY_BYTES) {
        answer(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Request body is larger than 512 KB'] });
        return;
      }
      const errors = validateEvent(body);
      if (errors.length > 0) {
        answer(400, { status: 'invalid event', message: 'Event object is invalid', errors });
        return;
      }
      const e = body as AcceptedEvent;
      const dedupKey = e.dedup_key ?? `generated-${this.accepted.length + 1}`;
      this.accepted.push({ ...e, dedup_key: dedupKey });
      answer(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
    });
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** The Events API v2 rules; an empty list when the event is valid. */
export function validateEvent(body: unknown): string[] {
  const errors: string[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['Event object must be a JSON object'];
  const e = body as Record<string, unknown>;
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32) errors.push("'routing_key' must be a 32 character string");
  if (typeof e.event_action !== 'string' || !ACTIONS.includes(e.event_action)) errors.push("'event_action' must be one of trigger, acknowledge, resolve");
  if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length === 0 || e.dedup_key.length > 255)) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (e.event_action !== 'trigger' && e.dedup_key === undefined) errors.push("'dedup_key' is required for acknowledge and resolve");
  if (e.event_action === 'trigger' || e.payload !== undefined) errors.push(...validatePayload(e.payload));
  if (e.links !== undefined) {
    if (!Array.isArray(e.links)) errors.push("'links' must be an array");
    else
      e.links.forEach((l: unknown, i) => {
        const link = l as Record<string, unknown> | null;
        if (link === null || typeof link !== 'object' || typeof link.href !== 'string' || link.href === '') errors.push(`'links[${i}].href' is required`);
        else if (link.text !== undefined && typeof link.text !== 'string') errors.push(`'links[${i}].text' must be a string`);
      });
  }
  if (e.images !== undefined) {
    if (!Array.isArray(e.images)) errors.push("'images' must be an array");
    else
      e.images.forEach((m: unknown, i) => {
        const img = m as Record<string, unknown> | null;
        if (img === null || typeof img !== 'object' || typeof img.src !== 'string' || !img.src.startsWith('https://')) errors.push(`'images[${i}].src' must be an https URL`);
      });
  }
  for (const f of ['client', 'client_url']) if (e[f] !== undefined && typeof e[f] !== 'string') errors.push(`'${f}' must be a string`);
  return errors;
}

function validatePayload(p: unknown): string[] {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return ["'payload' is required and must be an object"];
  const payload = p as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof payload.summary !== 'string' || payload.summary.length === 0) errors.push("'payload.summary' is required");
  else if (payload.summary.length > 1024) errors.push("'payload.summary' must be at most 1024 characters");
  if (typeof payload.source !== 'string' || payload.source.length === 0) errors.push("'payload.source' is required");
  if (typeof payload.severity !== 'string' || !SEVERITIES.includes(payload.severity)) errors.push("'payload.severity' must be one of critical, error, warning, info");
  if (payload.timestamp !== undefined && (typeof payload.timestamp !== 'string' || !ISO_8601.test(payload.timestamp) || Number.isNaN(Date.parse(payload.timestamp)))) {
    errors.push("'payload.timestamp' must be an ISO 8601 date-time");
  }
  for (const f of ['component', 'group', 'class']) if (payload[f] !== undefined && typeof payload[f] !== 'string') errors.push(`'payload.${f}' must be a string`);
  if (payload.custom_details !== undefined && (payload.custom_details === null || typeof payload.custom_details !== 'object')) {
    errors.push("'payload.custom_details' must be an object");
  }
  return errors;
}
