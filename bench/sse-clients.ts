// Child process of bench/sse.ts: holds many SSE connections to GET /api/v1/events and times each bench event's
// arrival. Driven over IPC: {cmd:'connect', url, count} -> {connected, failed, ms}; {cmd:'report'} -> latencies.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

interface ConnectCommand {
  readonly cmd: 'connect';
  readonly url: string;
  readonly count: number;
}
type Command = ConnectCommand | { readonly cmd: 'report' } | { readonly cmd: 'close' };

const MARK = '"message":"sse-bench ';
/** Per bench event (by sequence number): the delivery latency to each client, ms. */
const latencies = new Map<number, number[]>();
const requests: http.ClientRequest[] = [];
let closedByServer = 0;
/** Epoch ms (high resolution) when the last stream closed. */
let lastClosedAt = 0;

const nowMs = (): number => performance.timeOrigin + performance.now();

function onData(chunk: string): void {
  const at = nowMs();
  for (let i = chunk.indexOf(MARK); i >= 0; i = chunk.indexOf(MARK, i + 1)) {
    const m = /^(\d+) ([\d.]+)/.exec(chunk.slice(i + MARK.length, i + MARK.length + 40));
    if (!m) continue;
    const seq = Number(m[1]);
    let list = latencies.get(seq);
    if (list === undefined) latencies.set(seq, (list = []));
    list.push(at - Number(m[2]));
  }
}

function open(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(false);
        return;
      }
      res.setEncoding('utf8');
      res.on('data', onData);
      res.on('close', () => {
        closedByServer++;
        lastClosedAt = nowMs();
      });
      resolve(true);
    });
    req.on('error', () => resolve(false));
    requests.push(req);
  });
}

async function connect(cmd: ConnectCommand): Promise<void> {
  const started = performance.now();
  let connected = 0;
  let failed = 0;
  // In batches, so the server's listen backlog does not overflow (SYN retries would add seconds).
  const BATCH = 200;
  for (let done = 0; done < cmd.count; done += BATCH) {
    const results = await Promise.all(Array.from({ length: Math.min(BATCH, cmd.count - done) }, () => open(cmd.url)));
    for (const ok of results) {
      if (ok) connected++;
      else failed++;
    }
  }
  process.send?.({ connected, failed, ms: performance.now() - started });
}

process.on('message', (msg: Command) => {
  if (msg.cmd === 'connect') void connect(msg);
  else if (msg.cmd === 'report') process.send?.({ latencies: [...latencies.entries()], closedByServer, lastClosedAt });
  else if (msg.cmd === 'close') {
    for (const req of requests) req.destroy();
    process.exit(0);
  }
});

process.send?.({ ready: true });
