import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';

const BIG_JS = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: "row ${i}" }`).join(', ')}];\n`;

describe('dashboard UI and boards on the api', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dashboard-ui-'));
    await mkdir(path.join(dir, 'dist', 'assets'), { recursive: true });
    await mkdir(path.join(dir, 'boards'));
    await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dir, 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
    // As the build writes them (vite-plugin-compression2): name.br and name.gz beside the file.
    await writeFile(path.join(dir, 'dist', 'assets', 'big-def.js'), BIG_JS);
    for (const [file, text] of [['assets/big-def.js', BIG_JS], ['index.html', '<!doctype html><div id="root"></div>']]) {
      await writeFile(path.join(dir, 'dist', `${file}.br`), brotliCompressSync(text));
      await writeFile(path.join(dir, 'dist', `${file}.gz`), gzipSync(text));
    }
    await writeFile(path.join(dir, 'boards', 'ok.yaml'), 'title: OK\nrows:\n  - title: r\n    panels:\n      - { title: up, type: stat, query: up }\n');
    await writeFile(path.join(dir, 'boards', 'bad.yaml'), 'title: Bad\nrows:\n  - title: r\n    panels:\n      - { title: up, type: stat, query: up, unit: furlongs }\n');
    app = await buildApp({
      config: loadConfig({ API_TOKENS: 'secret:read' }),
      store: new MemoryMetricStore(),
      logger: pino({ level: 'silent' }),
      dashboard: { boardsDir: path.join(dir, 'boards'), distDir: path.join(dir, 'dist') },
    });
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  const auth = { authorization: 'Bearer secret' };

  it.each(['/', '/boards/infrastructure', '/slos', '/slos/checkout', '/alerts', '/logs', '/explore'])('serves index.html at %s without a token', async (url) => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('<div id="root">');
  });

  it('serves hashed assets with a long cache, refuses paths outside the folder', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.body).toBe('console.log(1)');
    expect((await app.inject({ method: 'GET', url: '/assets/..%2findex.html' })).statusCode).not.toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control'] ?? '').not.toContain('max-age=31536000'); // a 404 during a deploy is not kept a year
  });

  it.each([
    ['br, gzip, deflate', 'br', brotliDecompressSync],
    ['gzip, deflate', 'gzip', gunzipSync],
    ['gzip;q=1, br;q=0.5', 'gzip', gunzipSync],
  ])('sends the build\'s pre-compressed copy of an asset for Accept-Encoding %s (%s)', async (accept, encoding, decode) => {
    const r = await app.inject({ method: 'GET', url: '/assets/big-def.js', headers: { 'accept-encoding': accept } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe(encoding);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['vary']).toMatch(/accept-encoding/i);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.rawPayload.length).toBeLessThan(BIG_JS.length / 3);
    expect(decode(r.rawPayload).toString('utf8')).toBe(BIG_JS);
  });

  it('sends the plain asset to a client that accepts no encoding, and an asset without copies as it is', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/big-def.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_JS);
    expect(plain.headers['vary']).toMatch(/accept-encoding/i); // a shared cache must not give this copy to a brotli client
    const small = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('console.log(1)');
  });

  it('sends index.html compressed and never cached without asking (a new build shows on reload)', async () => {
    const r = await app.inject({ method: 'GET', url: '/boards/x', headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(r.rawPayload).toString('utf8')).toContain('<div id="root">');
    // no-cache means "ask first": an unchanged build answers 304 without a body.
    const again = await app.inject({ method: 'GET', url: '/boards/x', headers: { 'accept-encoding': 'br, gzip', 'if-none-match': String(r.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('keeps API routes and the JSON 404 for other paths; the API still needs a token', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/nothing/here', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 'error', errorType: 'not_found' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/boards' })).statusCode).toBe(401);
  });

  it('lists boards and names the file, line and field of a broken one', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/boards', headers: auth });
    expect(list.json()).toMatchObject({
      status: 'success',
      data: { boards: [{ name: 'ok', title: 'OK' }], problems: [{ name: 'bad', line: 5, field: 'rows.0.panels.0.unit' }] },
    });
    const ok = await app.inject({ method: 'GET', url: '/api/v1/boards/ok', headers: auth });
    expect(ok.json().data.rows[0].panels[0]).toMatchObject({ type: 'stat', queries: [{ query: 'up' }], unit: 'short' });
    const bad = await app.inject({ method: 'GET', url: '/api/v1/boards/bad', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/bad\.yaml:5: rows\.0\.panels\.0\.unit: /);
    expect((await app.inject({ method: 'GET', url: '/api/v1/boards/none', headers: auth })).statusCode).toBe(404);
  });

  it.each([
    ['BOARDS_DIR', (d: string) => loadConfig({ BOARDS_DIR: path.join(d, 'boards') })],
    ['dashboard.boardsDir', (d: string) => loadConfig({ CONFIG: path.join(d, 'api.yaml') })],
  ])('reads the boards from the folder set by %s', async (_what, config) => {
    await writeFile(path.join(dir, 'api.yaml'), `dashboard:\n  boardsDir: ${path.join(dir, 'boards')}\n`);
    const other = await buildApp({ config: config(dir), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) });
    try {
      const list = await other.inject({ method: 'GET', url: '/api/v1/boards' });
      expect(list.json().data.boards.map((b: { name: string }) => b.name)).toEqual(['ok']);
    } finally {
      await other.close();
    }
  });
});
