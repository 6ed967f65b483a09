import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';

describe('dashboard UI and boards on the api', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dashboard-ui-'));
    await mkdir(path.join(dir, 'dist', 'assets'), { recursive: true });
    await mkdir(path.join(dir, 'boards'));
    await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dir, 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
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
    expect(r.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/assets/..%2findex.html' })).statusCode).not.toBe(200);
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
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
