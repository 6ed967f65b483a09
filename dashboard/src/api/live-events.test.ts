import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openLiveEvents, type LiveConnectionState, type LiveEventsHandle } from './live-events.js';

// A real HTTP server speaking SSE; each test scripts what the n-th connection gets.
let server: Server | undefined;
let handle: LiveEventsHandle | undefined;

async function serve(onRequest: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => onRequest(req, res, n++));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
}

afterEach(async () => {
  handle?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

function sse(res: ServerResponse, frames: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(frames);
}

describe('openLiveEvents', () => {
  it('parses events, and after the server ends the stream reconnects with Last-Event-ID and the same parameters', async () => {
    const seen: { lastEventId: string | undefined; url: string }[] = [];
    const url = await serve((req, res, n) => {
      seen.push({ lastEventId: req.headers['last-event-id'] as string | undefined, url: req.url ?? '' });
      if (n === 0) sse(res, 'retry: 10\n\nid: b-1\nevent: log\ndata: {"id":"a","message":"one"}\n\n');
      else if (n === 1) sse(res, 'id: b-2\nevent: log\ndata: {"id":"b","message":"two"}\n\n: hb\n\n');
      else {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': stays open\n\n');
      }
    });
    const events: unknown[] = [];
    const states: LiveConnectionState[] = [];
    handle = openLiveEvents({
      path: url,
      params: { topics: 'logs', logQuery: 'service:checkout' },
      onEvent: (name, data, id) => events.push([name, data, id]),
      onState: (s) => states.push(s),
      minDelayMs: 10,
    });
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(3);
    expect(events).toEqual([
      ['log', { id: 'a', message: 'one' }, 'b-1'],
      ['log', { id: 'b', message: 'two' }, 'b-2'],
    ]);
    expect(seen.map((s) => s.lastEventId)).toEqual([undefined, 'b-1', 'b-2']);
    for (const s of seen) expect(s.url).toBe('/api/v1/events?topics=logs&logQuery=service%3Acheckout');
    await expect.poll(() => states.at(-1)).toBe('open');
    expect(states.slice(0, 3)).toEqual(['connecting', 'open', 'reconnecting']);
    handle.close();
    expect(states.at(-1)).toBe('closed');
  });

  it('retries a 503 and stops on a 400 with the api message', async () => {
    const url = await serve((_req, res, n) => {
      res.writeHead(n === 0 ? 503 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: n === 0 ? 'unavailable' : 'invalid parameter "logQuery": invalid query: unterminated quote at position 1' }));
    });
    const states: [LiveConnectionState, string | undefined][] = [];
    handle = openLiveEvents({ path: url, onEvent: () => undefined, onState: (s, d) => states.push([s, d]), minDelayMs: 10 });
    await expect.poll(() => states.at(-1)?.[0], { timeout: 5000 }).toBe('failed');
    expect(states).toEqual([
      ['connecting', undefined],
      ['reconnecting', 'unavailable'],
      ['failed', 'invalid parameter "logQuery": invalid query: unterminated quote at position 1'],
    ]);
  });
});
