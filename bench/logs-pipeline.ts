// Log pipeline benchmark: lines per second from a file to searchable in the api. Standalone:
// `npx tsx bench/logs-pipeline.ts` (BENCH_LOGS_PIPELINE_LINES, default 500,000; BENCH_LOGS_BATCH sets the
// collector's logs.batchSize, default 5000; BENCH_COLLECTOR_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
// are passed to the collector process, BENCH_API_NODE_ARGS to the api process).
//
// N pino JSON lines (~220 bytes each, as a service logs them) are written to a file beforehand. The real
// collector process (collector/src/main.ts, log tailing only) watches an empty directory; the clock starts
// when the file is moved into it and stops when GET /api/v1/logs?query=<the last line's unique term> on the
// real api process (api/src/server.ts: POST /api/v1/logs into SqliteLogStore with FTS5, synchronous=full as
// configured by default) returns the last line. In between: tailing, parsing, gzip JSON batches over HTTP
// (HttpLogSink, up to 2 requests in flight), validation and storing in the api.
//
// A second figure runs the same collector against a receiver in this process that decodes, validates and
// acknowledges without storing: what the collector side alone sustains on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import Fastify from 'fastify';
import { validateLogRecords } from '../api/src/logs/http/validate-log-records.js';
import type { BenchRow } from './bench-row.js';

const gunzip = promisify(gunzipCb);
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const COLLECTOR_MAIN = join(ROOT, 'collector', 'src', 'main.ts');
const API_SERVER = join(ROOT, 'api', 'src', 'server.ts');
const TARGET = '>= 50000';
const ROUTES = ['/api/orders', '/api/cart', '/api/checkout', '/api/products/:id', '/api/login'];

/** Writes `lines` pino lines (1 ms apart, ending now) to `file`; the last one carries `marker` in its message. */
async function writeLogFile(file: string, lines: number, marker: string): Promise<{ bytes: number; firstMs: number }> {
  const out = createWriteStream(file);
  let bytes = 0;
  const firstMs = Date.now() - lines;
  let chunk = '';
  for (let i = 0; i < lines; i++) {
    const status = i % 50 === 0 ? 500 : i % 17 === 0 ? 404 : 200;
    const msg = i === lines - 1 ? `request completed ${marker}` : `request completed order ${i} for customer ${i % 9973}`;
    chunk += `${JSON.stringify({
      level: status >= 500 ? 50 : status >= 400 ? 40 : 30,
      time: firstMs + i,
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
  return { bytes, firstMs };
}

/** CPU seconds (user + system) a process has used so far, from /proc (undefined where there is none). */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15 (clock ticks, 100 Hz on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function cpuNote(name: string, before: number | undefined, after: number | undefined, lines: number): string {
  if (before === undefined || after === undefined) return '';
  const s = after - before;
  return `; ${name} ${s.toFixed(2)} CPU-s (${s > 0 ? Math.round(lines / s).toLocaleString('en-US') : '∞'} lines per CPU-s)`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Proc {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function startProcess(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The real api process on a free port with its stores in `dataDir`; resolves once /readyz answers. */
async function startApi(dataDir: string): Promise<{ proc: Proc; base: string }> {
  const port = await freePort();
  const apiArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const proc = startProcess([...apiArgs, '--import', 'tsx', API_SERVER], { HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', API_TOKENS: '', CONFIG: '' });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`api exited:\n${proc.output()}`);
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return { proc, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop();
  throw new Error(`api not ready after 60 s:\n${proc.output()}`);
}

/** A receiver of POST /api/v1/logs in this process that decodes and validates (as the api does) but stores nothing. */
async function startAckOnlyReceiver(marker: string): Promise<{ base: string; received: () => boolean; close: () => Promise<void> }> {
  let seen = false;
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    (req.headers['content-encoding'] === 'gzip' ? gunzip(body as Buffer) : Promise.resolve(body as Buffer)).then(
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
  app.post('/api/v1/logs', async (req) => {
    const { records, errors } = validateLogRecords((req.body as { records: unknown[] }).records);
    if (records.some((r) => r.message.includes(marker))) seen = true;
    return { status: 'success', data: { accepted: records.length, duplicates: 0, rejected: errors.length } };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, received: () => seen, close: () => app.close() };
}

export async function benchLogsPipeline(): Promise<BenchRow[]> {
  const lines = Number(process.env.BENCH_LOGS_PIPELINE_LINES ?? 500_000);
  const n = lines.toLocaleString('en-US');
  const ackOnly = await runPipeline(lines, false);
  const searchable = await runPipeline(lines, true);
  return [
    { name: `log lines, file to searchable (${n} pino lines: collector tail+parse+gzip POST, api SqliteLogStore+FTS5)`, value: searchable, unit: 'lines/s', target: TARGET },
    { name: 'log lines, file to acknowledged by a receiver that validates but does not store (collector side alone)', value: ackOnly, unit: 'lines/s', target: '' },
  ];
}

/** One run: lines per second from the file being moved into place to the last line searchable in the api (or received). */
async function runPipeline(lines: number, withApi: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-logs-pipeline-'));
  const marker = `benchend${Date.now().toString(36)}`;
  const staging = join(dir, 'staging', 'app.log');
  const watched = join(dir, 'logs');
  mkdirSync(dirname(staging), { recursive: true });
  mkdirSync(watched, { recursive: true });
  const { bytes, firstMs } = await writeLogFile(staging, lines, marker);

  let api: { proc: Proc; base: string } | undefined;
  let receiver: Awaited<ReturnType<typeof startAckOnlyReceiver>> | undefined;
  let collector: Proc | undefined;
  try {
    if (withApi) api = await startApi(join(dir, 'api'));
    else receiver = await startAckOnlyReceiver(marker);
    const base = api?.base ?? (receiver as { base: string }).base;
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
        ...(process.env.BENCH_LOGS_BATCH ? [`  batchSize: ${process.env.BENCH_LOGS_BATCH}`] : []),
        `  url: ${base}/api/v1/logs`,
        '',
      ].join('\n'),
    );
    const nodeArgs = (process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    collector = startProcess([...nodeArgs, '--import', 'tsx', COLLECTOR_MAIN, '--config', config], { HOST: '127.0.0.1', PORT: '9', COLLECTOR_TOKEN: '' });
    // Let the collector start (tsx compile, first poll of the empty directory) before the clock starts.
    await new Promise((r) => setTimeout(r, 3000));
    if (collector.child.exitCode !== null) throw new Error(`collector exited early:\n${collector.output()}`);

    const searchUrl = `${base}/api/v1/logs?query=${marker}&start=${(firstMs - 1000) / 1000}&end=${(Date.now() + 3_600_000) / 1000}&limit=1`;
    const isThere = async (): Promise<boolean> => {
      if (receiver !== undefined) return receiver.received();
      const body = (await (await fetch(searchUrl)).json()) as { data?: { records?: unknown[] } };
      return (body.data?.records?.length ?? 0) > 0;
    };
    const collectorCpu0 = cpuSeconds(collector.child.pid);
    const apiCpu0 = cpuSeconds(api?.proc.child.pid);
    const started = performance.now();
    renameSync(staging, join(watched, 'app.log'));
    const deadline = started + 600_000;
    while (!(await isThere())) {
      if (performance.now() > deadline) throw new Error(`last line not there after 10 minutes:\n${collector.output()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = lines / seconds;
    const what = withApi ? 'file to searchable in the api' : 'file to received (no store)';
    const cpu = cpuNote('collector', collectorCpu0, cpuSeconds(collector.child.pid), lines) + cpuNote('api', apiCpu0, cpuSeconds(api?.proc.child.pid), lines);
    console.error(`  ${what}: ${lines.toLocaleString('en-US')} lines (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-US')} lines/s${cpu}`);
    return rate;
  } finally {
    await collector?.stop();
    await api?.proc.stop();
    await receiver?.close();
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
