// Redis source benchmark: cost of one read (CONFIG GET *, INFO ALL, LATENCY LATEST, SLOWLOG, on a fresh
// connection) of a real redis-server with a few thousand keys in several databases.
// Run alone with `npx tsx bench/redis-source.ts` (env BENCH_REDIS_READS, default 300).
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { RedisSource } from '../collector/src/sources/redis/redis-source.js';
import { startRedisServer } from '../collector/test/redis-server.js';
import type { BenchRow } from './bench-row.js';

const READS = Number(process.env.BENCH_REDIS_READS ?? 300);

export async function benchRedisSource(): Promise<BenchRow[]> {
  const server = await startRedisServer();
  try {
    const client = new Redis({ host: server.host, port: server.port, lazyConnect: true });
    await client.connect();
    for (let db = 0; db < 4; db++) {
      await client.select(db);
      const p = client.pipeline();
      for (let i = 0; i < 1000; i++) p.set(`k:${i}`, 'v', 'EX', 3600 + i).get(`k:${i}`).get(`missing:${i}`);
      await p.exec();
    }
    client.disconnect();
    const source = new RedisSource({ address: server.address, labels: { job: 'redis', instance: server.address } }, pino({ level: 'silent' }));
    let samples = (await source.collect(Date.now())).length; // warm-up
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < READS; i++) samples = (await source.collect(Date.now())).length;
    const wallMs = (performance.now() - t0) / READS;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / READS;
    return [
      { name: 'samples per read', value: samples, unit: 'samples', target: '—' },
      { name: 'read latency (mean, connect to close)', value: wallMs, unit: 'ms', target: '<= 50' },
      { name: 'collector CPU per read', value: cpuMs, unit: 'ms', target: '<= 20' },
      { name: 'collector CPU share at a 10s interval', value: (cpuMs / 10_000) * 100, unit: '% of a core', target: '<= 1' },
    ];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchRedisSource()) console.log(`${row.name}: ${row.value.toFixed(2)} ${row.unit} (target ${row.target})`);
}
