// Log pipeline benchmark: lines per second from a file to searchable in the store. Standalone:
// `npx tsx bench/logs-pipeline.ts` (BENCH_LOGS_PIPELINE_LINES, default 500,000; BENCH_COLLECTOR_NODE_ARGS,
// e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, are passed to the collector process).
//
// N pino JSON lines (~200 bytes each, as a service logs them) are written to a file beforehand. The real
// collector process (collector/src/main.ts, log tailing only) watches an empty directory; the clock starts
// when the file is moved into it and stops when a search of the store finds the last line's unique term.
// Between the two: tailing, parsing, gzip JSON batches over HTTP (HttpLogSink), and on the receiving side
// SqliteLogStore.append (FTS5 indexing, synchronous=full as the api runs it).
//
// The receiving side is a Fastify route in this file with the api's contract (gzip JSON body, records
// validated by Fastify with the api's LogRecordSchema, stored once by id): the api's own POST /api/v1/logs
// (api/src/logs/http) had not landed when this was written. The search is SqliteLogStore.search with the
// api's query parser, i.e. GET /api/v1/logs minus HTTP.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import Fastify from 'fastify';
import { LogRecordSchema, type LogRecord } from '../api/src/logs/log-record.js';
import { parseLogQuery } from '../api/src/logs/query/parse-log-query.js';
import { SqliteLogStore } from '../api/src/logs/sqlite/sqlite-log-store.js';
import type { BenchRow } from './bench-row.js';

const gunzip = promisify(gunzipCb);
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const COLLECTOR_MAIN = join(ROOT, 'collector', 'src', 'main.ts');
const TARGET = '>= 50000';
const ROUTES = ['/api/orders', '/api/cart', '/api/checkout', '/api/products/:id', '/api/login'];

/** Writes `lines` pino lines to `file`; the last one carries `marker` in its message. */
async function writeLogFile(file: string, lines: number, marker: string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const t0 = 1_767_225_600_000;
  let chunk = '';
  for (let i = 0; i < lines; i++) {
    const status = i % 50 === 0 ? 500 : i % 17 === 0 ? 404 : 200;
    const msg = i === lines - 1 ? `request completed ${marker}` : `request completed order ${i} for customer ${i % 9973}`;
    chunk += `${JSON.stringify({
      level: status >= 500 ? 50 : status >= 400 ? 40 : 30,
      time: t0 + i,
      pid: 4242,
      hostname: 'shop-1',
      name: 'shop',
      req: { id: i, method: 'GET', url: ROUTES[i % ROUTES.length] },
      res: { statusCode: status },
      responseTime: (i % 300) + 1,
      msg,
    })}\n`;
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

export async function benchLogsPipeline(): Promise<BenchRow[]> {
  const lines = Number(process.env.BENCH_LOGS_PIPELINE_LINES ?? 500_000);
  const n = lines.toLocaleString('en-US');
  const ackOnly = await runPipeline(lines, false);
  const stored = await runPipeline(lines, true);
  return [
    { name: `log lines, file to searchable (${n} pino lines: collector tail+parse+gzip POST, SqliteLogStore+FTS5)`, value: stored, unit: 'lines/s', target: TARGET },
    { name: `log lines, file to acknowledged by a receiver that does not store (collector side alone)`, value: ackOnly, unit: 'lines/s', target: '' },
  ];
}

/** One run: lines per second from the file being moved into place to the last line searchable (or, without a store, received). */
async function runPipeline(lines: number, withStore: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-logs-pipeline-'));
  const store = withStore ? SqliteLogStore.open({ dataDir: join(dir, 'api'), retentionIntervalMs: 0, retentionMs: 100 * 365 * 86_400_000 }) : undefined;
  const marker = `benchend${Date.now().toString(36)}`;
  let markerReceived = false;
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    (req.headers['content-encoding'] === 'gzip' ? gunzip(raw) : Promise.resolve(raw)).then(
      (buf) => {
        try {
          done(null, JSON.parse(buf.toString('utf8')));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
      (err: Error) => done(err, undefined),
    );
  });
  const bodySchema = { type: 'object', required: ['records'], properties: { records: { type: 'array', items: LogRecordSchema } } };
  app.post('/api/v1/logs', { schema: { body: bodySchema } }, async (req) => {
    const records = (req.body as { records: LogRecord[] }).records;
    let result = { accepted: records.length, duplicates: 0 };
    if (store !== undefined) result = await store.append(records);
    else if (records.some((r) => r.message.includes(marker))) markerReceived = true;
    return { status: 'success', data: result };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;

  const staging = join(dir, 'staging', 'app.log');
  const watched = join(dir, 'logs');
  mkdirSync(dirname(staging), { recursive: true });
  mkdirSync(watched, { recursive: true });
  const bytes = await writeLogFile(staging, lines, marker);

  const config = join(dir, 'collector.yaml');
  writeFileSync(
    config,
    [
      'host: { enabled: false }',
      'scrape: { selfScrape: false }',
      'logLevel: warn',
      'logs:',
      `  files: [{ paths: ['${join(watched, '*.log')}'] }]`,
      `  checkpointDir: ${join(dir, 'collector')}`,
      '  pollInterval: 100ms',
      '',
    ].join('\n'),
  );
  const nodeArgs = (process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', COLLECTOR_MAIN, '--config', config], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), COLLECTOR_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    // Let the collector start (tsx compile, first poll of the empty directory) before the clock starts.
    await new Promise((r) => setTimeout(r, 3000));
    if (child.exitCode !== null) throw new Error(`collector exited early:\n${output}`);

    const query = parseLogQuery(marker);
    const started = performance.now();
    renameSync(staging, join(watched, 'app.log'));
    const deadline = started + 600_000;
    for (;;) {
      if (performance.now() > deadline) throw new Error(`last line not there after 10 minutes:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
      if (store === undefined ? markerReceived : (await store.search({ query, start: 0, end: Date.now() + 86_400_000, limit: 1 })).records.length > 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    if (store !== undefined) {
      const stored = (await store.stats()).records;
      if (stored !== lines) throw new Error(`store holds ${stored} records when the last line is searchable, expected ${lines}`);
    }
    const rate = lines / seconds;
    const what = store !== undefined ? 'file to searchable' : 'file to received (no store)';
    console.error(`  ${what}: ${lines.toLocaleString('en-US')} lines (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-US')} lines/s`);
    return rate;
  } finally {
    child.kill('SIGTERM');
    await exited;
    await app.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchLogsPipeline()
    .then((rows) => console.log(rows))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
