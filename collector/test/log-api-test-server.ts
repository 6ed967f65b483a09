import { gunzipSync } from 'node:zlib';
import { LOG_LEVELS, type LogRecord } from '../src/logs/log-record.js';
import { startTestServer, type TestServer } from './http-test-server.js';

/** One bad record of a request, as the api names it in its 400 answer. */
export interface BadRecord {
  readonly index: number;
  readonly field: string;
  readonly error: string;
}

export interface LogApiTestServer extends TestServer {
  /** Every record stored, by id (first copy wins, as in the api). */
  readonly stored: Map<string, LogRecord>;
  /** How many times each id arrived (more than 1: re-sent). */
  readonly received: Map<string, number>;
  requests: number;
  /** While true, every POST answers 503 (nothing stored). */
  down: boolean;
}

/**
 * A stand-in for the api's `POST /api/v1/logs` that enforces the wire contract: gzip or plain JSON
 * `{"records": [...]}`, a bearer token when `token` is given, every record checked field by field; records
 * stored once by id; 200 `{"status":"success","data":{"accepted":N,"duplicates":M}}`, or 400 in the
 * Prometheus error shape naming each bad record's index and field (the good ones are stored).
 */
export async function startLogApiTestServer(options: { token?: string; validate?: (r: LogRecord) => BadRecord | undefined } = {}): Promise<LogApiTestServer> {
  const stored = new Map<string, LogRecord>();
  const received = new Map<string, number>();
  // The handler runs after `api` exists: it counts requests and reads `down` on it.
  // eslint-disable-next-line prefer-const
  let api: LogApiTestServer;
  const server = await startTestServer((req, body, res) => {
    res.setHeader('content-type', 'application/json');
    const fail = (status: number, errorType: string, error: string, data?: unknown): void => {
      res.statusCode = status;
      res.end(JSON.stringify({ status: 'error', errorType, error, ...(data !== undefined ? { data } : {}) }));
    };
    if (req.method !== 'POST' || req.url !== '/api/v1/logs') return fail(404, 'not_found', `no route ${req.method} ${req.url}`);
    api.requests++;
    if (api.down) return fail(503, 'unavailable', 'down for the test');
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) return fail(401, 'unauthorized', 'bad token');
    let parsed: unknown;
    try {
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      parsed = JSON.parse(text);
    } catch (err) {
      return fail(400, 'bad_data', `body is not (gzip) JSON: ${(err as Error).message}`);
    }
    const records = (parsed as { records?: unknown }).records;
    if (!Array.isArray(records)) return fail(400, 'bad_data', 'body.records must be an array');
    const bad: BadRecord[] = [];
    let accepted = 0;
    let duplicates = 0;
    records.forEach((r: unknown, index) => {
      const problem = checkRecord(r, index) ?? options.validate?.(r as LogRecord);
      if (problem !== undefined) return void bad.push({ ...problem, index });
      const rec = r as LogRecord;
      received.set(rec.id, (received.get(rec.id) ?? 0) + 1);
      if (stored.has(rec.id)) duplicates++;
      else {
        stored.set(rec.id, rec);
        accepted++;
      }
    });
    if (bad.length > 0) return fail(400, 'bad_data', `${bad.length} of ${records.length} records rejected`, { accepted, duplicates, rejected: bad });
    res.end(JSON.stringify({ status: 'success', data: { accepted, duplicates } }));
  });
  api = { url: server.url, port: server.port, close: () => server.close(), stored, received, requests: 0, down: false };
  return api;
}

function checkRecord(r: unknown, index: number): BadRecord | undefined {
  const bad = (field: string, error: string): BadRecord => ({ index, field, error });
  if (r === null || typeof r !== 'object') return bad('', 'must be an object');
  const o = r as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id === '') return bad('id', 'must be a non-empty string');
  if (typeof o.timestamp !== 'number' || !Number.isFinite(o.timestamp) || o.timestamp < 0) return bad('timestamp', 'must be Unix ms');
  if (typeof o.level !== 'string' || !(LOG_LEVELS as readonly string[]).includes(o.level)) return bad('level', `must be one of ${LOG_LEVELS.join(', ')}`);
  if (typeof o.message !== 'string') return bad('message', 'must be a string');
  for (const k of ['service', 'host', 'traceId', 'spanId'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'string') return bad(k, 'must be a string');
  }
  if (o.attributes !== undefined) {
    if (o.attributes === null || typeof o.attributes !== 'object') return bad('attributes', 'must be an object');
    for (const [k, v] of Object.entries(o.attributes)) if (typeof v !== 'string') return bad(`attributes.${k}`, 'must be a string');
  }
  return undefined;
}
