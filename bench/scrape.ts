// Scrape benchmark: the real collector process (collector/dist/main.js, compiled here as `npm start` does) scrapes 100 targets of 1,000 series
// each every 10 s for about a minute. The targets are served by a child process (bench/scrape-target-server.ts);
// the collector ships to a remote_write endpoint in this process that decodes and counts what it gets.
// Reported: the collector's CPU share of one core and its peak RSS (from /proc/<pid>), after a warm-up scrape.
// Run alone with `npx tsx bench/scrape.ts` (env BENCH_SCRAPE_SECONDS, default 60).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeWriteRequest } from '../collector/src/sinks/remote-write/prompb.js';
import type { BenchRow } from './bench-row.js';

const TARGETS = 100;
const SERIES = 1000;
const INTERVAL = '10s';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// snappyjs has no types of its own; the collector declares them in its workspace, which this folder does not include.
const snappy = createRequire(import.meta.url)('snappyjs') as { uncompress(compressed: Buffer): Buffer };

interface ProcStats {
  cpuSeconds: number;
  rssBytes: number;
}

function procStats(pid: number, ticksPerSecond: number): ProcStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the comm field: state is [0], utime [11], stime [12] (fields 14 and 15 of proc(5)).
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds, rssBytes: Number(rss?.[1] ?? 0) * 1024 };
}

async function waitFor(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function benchScrape(): Promise<BenchRow[]> {
  const seconds = Number(process.env.BENCH_SCRAPE_SECONDS ?? 60);
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const dir = mkdtempSync(join(tmpdir(), 'bench-scrape-'));
  const children: ChildProcess[] = [];
  let received = 0;
  let requests = 0;
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = decodeWriteRequest(snappy.uncompress(Buffer.concat(chunks)));
      for (const ts of request.timeseries) received += ts.samples.length;
      requests++;
      res.statusCode = 204;
      res.end();
    });
  });
  try {
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkPort = (sink.address() as AddressInfo).port;

    const targets = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'scrape-target-server.ts')], {
      env: { ...process.env, TARGETS: String(TARGETS), SERIES: String(SERIES) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(targets);
    const ports = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      targets.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as number[]);
      });
      targets.once('exit', (code) => reject(new Error(`target server exited with ${code}`)));
    });

    const config = [
      `interval: ${INTERVAL}`,
      `logLevel: ${process.env.BENCH_SCRAPE_LOG_LEVEL ?? 'warn'}`,
      'host: { enabled: false }',
      'scrape:',
      '  selfScrape: false',
      '  configs:',
      '    - job_name: bench',
      '      static_configs:',
      `        - targets: [${ports.map((p) => `'127.0.0.1:${p}'`).join(', ')}]`,
      '          labels: { env: bench }',
      'sink:',
      '  kind: api',
      `  url: http://127.0.0.1:${sinkPort}/api/v1/write`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'collector.yaml'), config);
    // The collector as `npm start` runs it: compiled JavaScript (collector/dist, built here), not tsx.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'collector', 'tsconfig.build.json')], { stdio: 'inherit' });
    // The flags `npm start` runs the collector with (collector/node-args.json), unless BENCH_SCRAPE_NODE_FLAGS is set.
    const nodeFlags =
      process.env.BENCH_SCRAPE_NODE_FLAGS !== undefined
        ? process.env.BENCH_SCRAPE_NODE_FLAGS.split(' ').filter((f) => f !== '')
        : (JSON.parse(readFileSync(join(ROOT, 'collector', 'node-args.json'), 'utf8')) as { nodeArgs: string[] }).nodeArgs;
    const collector = spawn(process.execPath, [...nodeFlags, join(ROOT, 'collector', 'dist', 'main.js'), '--config', join(dir, 'collector.yaml')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: join(dir, 'data'), CONFIG: '' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(collector);
    const pid = collector.pid as number;
    const perScrape = TARGETS * (SERIES + 5);

    // Warm-up: the first scrape of every target delivered (module loading and JIT are not steady state).
    const trace = process.env.BENCH_SCRAPE_TRACE === '1' ? setInterval(() => console.error(`rss ${(procStats(pid, ticksPerSecond).rssBytes / 2 ** 20).toFixed(0)} MB, received ${received}`), 500) : undefined;
    await waitFor('the first scrape', () => {
      if (collector.exitCode !== null) throw new Error(`the collector exited with ${collector.exitCode}`);
      return received >= perScrape;
    }, 60_000);
    const start = procStats(pid, ticksPerSecond);
    const startWall = performance.now();
    const receivedAtStart = received;
    let peakRss = start.rssBytes;
    const endAt = Date.now() + seconds * 1000;
    while (Date.now() < endAt) {
      await new Promise((r) => setTimeout(r, 500));
      peakRss = Math.max(peakRss, procStats(pid, ticksPerSecond).rssBytes);
    }
    clearInterval(trace);
    const end = procStats(pid, ticksPerSecond);
    const wall = (performance.now() - startWall) / 1000;
    const cpuShare = ((end.cpuSeconds - start.cpuSeconds) / wall) * 100;
    const delivered = received - receivedAtStart;
    const scrapes = delivered / perScrape;
    console.error(
      `scrape: ${TARGETS} targets x ${SERIES} series every ${INTERVAL} for ${wall.toFixed(0)} s: ${delivered} samples in ${requests} requests ` +
        `(${scrapes.toFixed(1)} scrapes of every target), collector CPU ${cpuShare.toFixed(1)}% of one core, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    );
    return [
      { name: 'collector CPU, 100 targets x 1,000 series every 10 s', value: cpuShare, unit: '% of one core', target: '<= 25' },
      { name: 'collector peak RSS, same load', value: peakRss / 2 ** 20, unit: 'MB', target: '<= 200' },
      { name: 'samples delivered per second, same load', value: delivered / wall, unit: 'samples/s', target: '' },
    ];
  } finally {
    for (const c of children.reverse()) await stopChild(c);
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchScrape();
  for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit} (target ${r.target || '-'})`);
}
