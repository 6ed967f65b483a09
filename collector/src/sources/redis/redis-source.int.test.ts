import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { requireBinary, startServerProcess, type RunningServer } from '../../../test/child-process-server.js';
import { unusedPort } from '../../../test/http-test-server.js';
import { startRedisServer, type TempRedisServer } from '../../../test/redis-server.js';
import { ScrapeSource } from '../scrape/scrape-source.js';
import type { CollectedSample } from '../source.js';
import { REDIS_CLIENT_NAME, RedisSource } from './redis-source.js';

/**
 * The Redis source against a real redis-server (a primary with a password, maxmemory and evictions, and a
 * replica), read at the same moment as Debian's prometheus-redis-exporter 1.45 reading the same server, whose
 * /metrics is scraped with the collector's own ScrapeSource. Every series the exporter publishes (except those
 * in LEFT_OUT) must exist on our side with the same name and labels, and we publish nothing it does not.
 *
 * Values are equal except where the two reads cannot agree (see tolerance()): both readers issue commands
 * (CONFIG GET, INFO, SLOWLOG, LATENCY, CLIENT SETNAME, AUTH) and open a connection, so the counters of those
 * commands, commands_processed, connections, network bytes, client buffers, memory and CPU move between
 * the two reads; uptime ticks; the replica's REPLCONF ACKs and the primary's PINGs move replication offsets.
 */
const EXPORTER = '/usr/bin/prometheus-redis-exporter';
const PASSWORD = 's3cret-redis-pw';

/** Exporter series we deliberately do not publish (they describe the exporter process, not Redis). */
const LEFT_OUT = [
  /^redis_exporter_/, // build info, scrape durations/counters/errors of the exporter itself
  /^redis_target_scrape_request_errors_total$/, // errors of requests to the exporter's /scrape endpoint
  /^redis_last_key_groups_scrape_duration_milliseconds$/, // duration of the (not implemented) key-group feature
  /^(go|process|promhttp)_/, // the exporter's Go runtime and process
  /^(up|scrape_.*)$/, // synthetic series of the scrape
];

/** Commands both readers send on every read: their counters move between the two reads. */
const READER_COMMANDS = new Set(['info', 'config|get', 'slowlog|len', 'slowlog|get', 'latency|latest', 'client|setname', 'auth', 'ping', 'replconf', 'psync']);

function tolerance(name: string, labels: Record<string, string>, reference: number): number {
  const cmd = labels.cmd;
  if (cmd !== undefined && READER_COMMANDS.has(cmd)) {
    if (name === 'redis_latency_percentiles_usec') return Infinity; // percentiles of commands still running
    if (name === 'redis_commands_duration_seconds_total') return 0.01;
    if (name === 'redis_latency_percentiles_usec_sum') return 10_000;
    return 3; // calls (and failed/rejected calls) of the readers' own commands: one read each, plus REPLCONF ACKs
  }
  switch (name) {
    case 'redis_uptime_in_seconds':
    case 'redis_start_time_seconds':
    case 'redis_master_last_io_seconds_ago':
    case 'redis_connected_slave_lag_seconds':
      return 2;
    case 'redis_connected_clients':
    case 'redis_connections_received_total':
      return 2; // the exporter's connection and ours
    case 'redis_commands_processed_total':
    case 'redis_total_reads_processed':
    case 'redis_total_writes_processed':
      return 40;
    case 'redis_net_input_bytes_total':
    case 'redis_net_output_bytes_total':
      return 256 * 1024; // replies to INFO ALL and CONFIG GET * are ~5-15 KiB each
    case 'redis_master_repl_offset':
    case 'redis_slave_repl_offset':
    case 'redis_connected_slave_offset_bytes':
    case 'redis_repl_backlog_history_bytes':
      return 4096;
    case 'redis_db_avg_ttl_seconds':
      return 2 + Math.abs(reference) * 0.1; // Redis's running estimate, updated by each expire cycle
    case 'redis_expired_stale_percentage':
      return 100;
  }
  if (/cpu_.*seconds_total$/.test(name)) return 1;
  if (/client_recent_max_(input|output)_buffer_bytes$/.test(name)) return 256 * 1024;
  if (/memory|allocator|^redis_mem_/.test(name)) return Math.max(4 * 1024 * 1024, Math.abs(reference) * 0.3);
  return 0;
}

function seriesKey(s: CollectedSample): string {
  const labels = Object.entries(s.labels)
    .filter(([k]) => k !== 'job' && k !== 'instance')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${s.name}{${labels.join(',')}}`;
}

function byKey(samples: readonly CollectedSample[]): Map<string, CollectedSample> {
  return new Map(samples.map((s) => [seriesKey(s), s]));
}

function value(samples: readonly CollectedSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function startExporter(server: TempRedisServer): Promise<RunningServer & { url: string }> {
  requireBinary(EXPORTER, 'prometheus-redis-exporter');
  const port = await unusedPort();
  const args = [`--redis.addr=redis://${server.address}`, `--web.listen-address=127.0.0.1:${port}`];
  if (server.password !== undefined) args.push(`--redis.password=${server.password}`);
  const url = `http://127.0.0.1:${port}/metrics`;
  const running = await startServerProcess(EXPORTER, args, async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok);
  return { ...running, url };
}

async function info(client: Redis, section: string): Promise<Map<string, string>> {
  const text = await client.info(section);
  return new Map(
    text
      .split('\r\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  );
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Known activity on the primary: evictions, several DBs, expirations, hits and misses, an error, a slow command. */
async function generateActivity(client: Redis): Promise<{ hits: number; misses: number; expired: number }> {
  // Evictions first (volatile-lru evicts only keys with a TTL), then drop that DB so memory is far below
  // maxmemory again and nothing is evicted while the two readers read.
  await client.select(5);
  const blob = 'x'.repeat(16 * 1024);
  for (let round = 0; round < 100; round++) {
    const p = client.pipeline();
    for (let i = 0; i < 50; i++) p.set(`evict:${round}:${i}`, blob, 'EX', 3600);
    await p.exec();
    if (Number((await info(client, 'stats')).get('evicted_keys')) > 0) break;
  }
  await client.flushdb();

  await client.select(0);
  for (let i = 0; i < 20; i++) await client.set(`plain:${i}`, String(i));
  await client.select(1);
  for (let i = 0; i < 5; i++) await client.set(`ttl:${i}`, 'v', 'EX', 1000 + i * 100);
  await client.hset('hash', { a: '1', b: '2' });
  await client.incr('wrong'); // counter
  await client.hincrby('hash', 'a', 1);
  await expect(client.incr('hash')).rejects.toThrow(/WRONGTYPE/); // an error reply: errorstats and failed calls
  await client.select(3);
  for (let i = 0; i < 10; i++) await client.set(`short:${i}`, 'v', 'PX', 20);
  await new Promise((r) => setTimeout(r, 150));
  let misses = 0;
  for (let i = 0; i < 10; i++) {
    expect(await client.get(`short:${i}`)).toBeNull(); // expired: counted as expired (if not already) and a miss
    misses++;
  }
  await waitFor('10 expired keys', async () => Number((await info(client, 'stats')).get('expired_keys')) === 10);
  await client.select(0);
  let hits = 0;
  for (let i = 0; i < 7; i++) {
    expect(await client.get(`plain:${i}`)).toBe(String(i));
    hits++;
  }
  for (let i = 0; i < 4; i++) {
    expect(await client.get(`absent:${i}`)).toBeNull();
    misses++;
  }
  // A command slower than slowlog-log-slower-than (10 ms) and latency-monitor-threshold: a slowlog entry and a latency spike.
  await client.eval('local i = 0 while i < 8000000 do i = i + 1 end return i', 0);
  return { hits, misses, expired: 10 };
}

describe('RedisSource against redis-server and prometheus-redis-exporter', () => {
  let primary: TempRedisServer;
  let replica: TempRedisServer;
  let client: Redis;
  const exporters: Array<RunningServer & { url: string }> = [];
  let activity: { hits: number; misses: number; expired: number };

  beforeAll(async () => {
    primary = await startRedisServer({
      password: PASSWORD,
      maxmemory: '8mb',
      maxmemoryPolicy: 'volatile-lru',
      args: ['--latency-monitor-threshold', '5'],
    });
    replica = await startRedisServer({ password: PASSWORD, replicaOf: primary });
    client = new Redis({ host: primary.host, port: primary.port, password: PASSWORD, lazyConnect: true });
    await client.connect();
    activity = await generateActivity(client);
    const replicaClient = new Redis({ host: replica.host, port: replica.port, password: PASSWORD, lazyConnect: true });
    await replicaClient.connect();
    await waitFor('the replica to catch up', async () => {
      const [p, r] = await Promise.all([info(client, 'replication'), info(replicaClient, 'replication')]);
      return r.get('master_link_status') === 'up' && p.get('master_repl_offset') === r.get('slave_repl_offset');
    });
    replicaClient.disconnect();
    exporters.push(await startExporter(primary), await startExporter(replica));
  }, 60_000);

  afterAll(async () => {
    client?.disconnect();
    await Promise.all(exporters.map((e) => e.stop()));
    await Promise.all([replica?.stop(), primary?.stop()]);
  });

  async function readBoth(server: TempRedisServer, exporterUrl: string): Promise<{ ours: CollectedSample[]; theirs: CollectedSample[] }> {
    const { logger } = captureLogger();
    const source = new RedisSource({ address: server.address, password: server.password, labels: { job: 'redis', instance: server.address } }, logger);
    const scrape = new ScrapeSource({ job: 'redis', url: exporterUrl, timeoutMs: 10_000, labels: {} }, logger);
    // Warm the exporter (its first scrape issues extra commands), then read both at the same moment.
    await scrape.collect(Date.now());
    const [ours, theirs] = await Promise.all([source.collect(Date.now()), scrape.collect(Date.now())]);
    expect(value(theirs, 'up')).toBe(1);
    return { ours, theirs: theirs.filter((s) => !LEFT_OUT.some((re) => re.test(s.name))) };
  }

  function compare(ours: readonly CollectedSample[], theirs: readonly CollectedSample[]): void {
    const o = byKey(ours);
    const t = byKey(theirs);
    expect(o.size).toBe(ours.length); // no duplicate series
    expect([...o.keys()].filter((k) => !t.has(k)).sort(), 'series we publish that the exporter does not').toEqual([]);
    expect([...t.keys()].filter((k) => !o.has(k)).sort(), 'exporter series we miss').toEqual([]);
    const off: string[] = [];
    for (const [key, theirSample] of t) {
      const ourSample = o.get(key) as CollectedSample;
      const allowed = tolerance(theirSample.name, theirSample.labels, theirSample.value);
      const same = Object.is(ourSample.value, theirSample.value) || Math.abs(ourSample.value - theirSample.value) <= allowed;
      if (!same) off.push(`${key}: ours ${ourSample.value}, exporter ${theirSample.value} (tolerance ${allowed})`);
    }
    expect(off).toEqual([]);
  }

  it('publishes the same series as the exporter on a primary, with equal values', async () => {
    const { ours, theirs } = await readBoth(primary, exporters[0].url);
    compare(ours, theirs);

    // Every sample carries job and instance.
    for (const s of ours) expect(s.labels).toMatchObject({ job: 'redis', instance: primary.address });
    // The list, with what the activity above makes them.
    expect(value(ours, 'redis_up')).toBe(1);
    expect(value(ours, 'redis_connected_clients')).toBeGreaterThanOrEqual(2); // the test's client and ours
    expect(value(ours, 'redis_blocked_clients')).toBe(0);
    expect(value(ours, 'redis_memory_used_bytes')).toBeGreaterThan(500_000);
    expect(value(ours, 'redis_memory_max_bytes')).toBe(8 * 1024 * 1024);
    expect(value(ours, 'redis_keyspace_hits_total')).toBe(activity.hits);
    expect(value(ours, 'redis_keyspace_misses_total')).toBe(activity.misses);
    expect(value(ours, 'redis_evicted_keys_total')).toBeGreaterThan(0);
    expect(value(ours, 'redis_expired_keys_total')).toBe(activity.expired);
    expect(value(ours, 'redis_commands_processed_total')).toBeGreaterThan(100);
    expect(value(ours, 'redis_db_keys', { db: 'db0' })).toBe(20);
    expect(value(ours, 'redis_db_keys', { db: 'db1' })).toBe(7);
    expect(value(ours, 'redis_db_keys_expiring', { db: 'db1' })).toBe(5);
    expect(value(ours, 'redis_db_keys', { db: 'db5' })).toBe(0); // flushed, still listed (as up to `databases`)
    expect(value(ours, 'redis_db_keys', { db: 'db15' })).toBe(0);
    expect(value(ours, 'redis_db_avg_ttl_seconds', { db: 'db1' })).toBeGreaterThan(900);
    expect(value(ours, 'redis_connected_slaves')).toBe(1);
    expect(value(ours, 'redis_uptime_in_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(ours, 'redis_commands_total', { cmd: 'get' })).toBe(activity.hits + activity.misses);
    expect(value(ours, 'redis_commands_total', { cmd: 'select' })).toBeGreaterThanOrEqual(5);
    expect(value(ours, 'redis_commands_duration_seconds_total', { cmd: 'eval' })).toBeGreaterThan(0.005); // microseconds -> seconds
    expect(value(ours, 'redis_commands_failed_calls_total', { cmd: 'incr' })).toBe(1);
    expect(value(ours, 'redis_errors_total', { err: 'WRONGTYPE' })).toBe(1);
    expect(value(ours, 'redis_slowlog_length')).toBeGreaterThanOrEqual(1);
    expect(value(ours, 'redis_latency_spike_duration_seconds', { event_name: 'command' })).toBeGreaterThan(0.005);
    expect(value(ours, 'redis_connected_slave_offset_bytes', { slave_ip: '127.0.0.1', slave_port: String(replica.port), slave_state: 'online' })).toBeGreaterThan(0);
    expect(value(ours, 'redis_instance_info', { role: 'master', maxmemory_policy: 'volatile-lru', tcp_port: String(primary.port) })).toBe(1);
  });

  it('publishes the same series as the exporter on a replica, with equal values', async () => {
    const { ours, theirs } = await readBoth(replica, exporters[1].url);
    compare(ours, theirs);
    const master = { master_host: primary.host, master_port: String(primary.port) };
    expect(value(ours, 'redis_master_link_up', master)).toBe(1);
    expect(value(ours, 'redis_slave_info', { ...master, read_only: '1' })).toBe(1);
    expect(value(ours, 'redis_db_keys', { db: 'db0' })).toBe(20);
  });

  it('closes its connection after each read (no connections left behind)', async () => {
    const { logger } = captureLogger();
    const source = new RedisSource({ address: primary.address, password: PASSWORD, labels: { job: 'redis', instance: primary.address } }, logger);
    for (let i = 0; i < 3; i++) await source.collect(Date.now());
    await waitFor('our connections to close', async () => !String(await client.client('LIST')).includes(`name=${REDIS_CLIENT_NAME} `));
  });

  it('reports a wrong password as redis_up 0 without logging the password', async () => {
    const { logger, lines } = captureLogger();
    const wrong = 'not-the-password-123';
    const source = new RedisSource({ address: `redis://:${wrong}@${primary.address}`, labels: { job: 'redis', instance: primary.address } }, logger);
    const out = await source.collect(Date.now());
    expect(out.map((s) => [s.name, s.value])).toEqual([['redis_up', 0]]);
    expect(lines).toHaveLength(1);
    expect(String(lines[0].reason)).toMatch(/WRONGPASS/);
    expect(lines[0].address).toBe(`redis://:***@${primary.address}`);
    expect(JSON.stringify(lines)).not.toContain(wrong);
    expect(source.name).not.toContain(wrong);
  });
});

describe('RedisSource when Redis is down', () => {
  it('gives redis_up 0, logs once per change of state, and recovers when the server comes back', async () => {
    const port = await unusedPort();
    const { logger, lines } = captureLogger();
    const source = new RedisSource({ address: `127.0.0.1:${port}`, timeoutMs: 2000, labels: { job: 'redis', instance: `127.0.0.1:${port}` } }, logger);
    for (let i = 0; i < 3; i++) {
      const out = await source.collect(1000 * i);
      expect(out).toEqual([{ name: 'redis_up', labels: { job: 'redis', instance: `127.0.0.1:${port}` }, value: 0, timestamp: 1000 * i }]);
    }
    expect(lines.map((l) => l.msg)).toEqual(['redis is down (redis_up 0); next log line when it changes']);
    expect(String(lines[0].reason)).toMatch(/ECONNREFUSED/);

    const server = await startRedisServer({ port });
    try {
      const up = await source.collect(Date.now());
      expect(value(up, 'redis_up')).toBe(1);
      expect(value(up, 'redis_db_keys', { db: 'db0' })).toBe(0);
      await source.collect(Date.now());
    } finally {
      await server.stop();
    }
    expect(value(await source.collect(Date.now()), 'redis_up')).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual([
      'redis is down (redis_up 0); next log line when it changes',
      'redis is up again',
      'redis is down (redis_up 0); next log line when it changes',
    ]);
  }, 30_000);

  it('gives up after the timeout when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const { logger, lines } = captureLogger();
      const source = new RedisSource({ address: `127.0.0.1:${port}`, timeoutMs: 300 }, logger);
      const started = performance.now();
      const out = await source.collect(0);
      const tookMs = performance.now() - started;
      // Without configured labels: job="redis" and instance="host:port", as a scrape of the exporter would label them.
      expect(out).toEqual([{ name: 'redis_up', labels: { job: 'redis', instance: `127.0.0.1:${port}` }, value: 0, timestamp: 0 }]);
      expect(tookMs).toBeLessThan(5000); // bounded by the timeout, not by ioredis's retries
      expect(String(lines[0].reason)).toMatch(/timeout after 300ms|timed out/i);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
