import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { correctedMs, inCorrection, type Correction } from './budget-corrections.js';
import { SqliteBudgetCorrections } from './sqlite-budget-corrections.js';

const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });

describe('budget corrections API', () => {
  let dir: string;
  let store: SqliteBudgetCorrections;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corrections-'));
    store = SqliteBudgetCorrections.open({ dataDir: dir });
    app = await buildApp({
      config: loadConfig({ HOST: '0.0.0.0', API_TOKENS: 'r:read,w:write' }),
      store: new MemoryMetricStore(),
      logger: pino({ level: 'silent' }),
      corrections: { store, sloExists: (n) => n === 'api-availability' },
      now: () => Date.UTC(2026, 10, 24, 12),
    });
  });
  afterEach(async () => {
    await app.close();
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const url = '/api/v1/slos/api-availability/corrections';

  it('adds (write scope), lists, persists across a reopen, and deletes corrections', async () => {
    const body = { start: '2026-11-20T02:00:00Z', end: Date.UTC(2026, 10, 20, 5) / 1000, description: 'planned maintenance CHG-1' };
    expect((await app.inject({ method: 'POST', url, payload: body, headers: bearer('r') })).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url, payload: body, headers: bearer('w') });
    expect(created.statusCode).toBe(201);
    const c = created.json<{ data: { id: string } }>().data;
    expect(created.json()).toEqual({
      status: 'success',
      data: { id: c.id, slo: 'api-availability', start: '2026-11-20T02:00:00.000Z', end: '2026-11-20T05:00:00.000Z', description: 'planned maintenance CHG-1', createdAt: '2026-11-24T12:00:00.000Z' },
    });
    // What the SLO engine reads.
    expect(store.list('api-availability').map((x) => [x.start, x.end])).toEqual([[Date.UTC(2026, 10, 20, 2), Date.UTC(2026, 10, 20, 5)]]);
    // Kept in SQLite.
    const reopened = SqliteBudgetCorrections.open({ dataDir: dir });
    expect(reopened.list('api-availability').map((x) => x.id)).toEqual([c.id]);
    reopened.close();

    const listed = await app.inject({ method: 'GET', url, headers: bearer('r') });
    expect(listed.json<{ data: Array<{ id: string }> }>().data.map((x) => x.id)).toEqual([c.id]);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${c.id}`, headers: bearer('r') })).statusCode).toBe(403);
    const deleted = await app.inject({ method: 'DELETE', url: `${url}/${c.id}`, headers: bearer('w') });
    expect(deleted.json()).toEqual({ status: 'success', data: { deleted: c.id } });
    expect(store.list('api-availability')).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `${url}/${c.id}`, headers: bearer('w') })).statusCode).toBe(404);
  });

  it('rejects bad times, an end before the start, a missing description and unknown SLOs with a clear error', async () => {
    const post = (payload: unknown, u = url): Promise<{ statusCode: number; json: () => { error: string } }> =>
      app.inject({ method: 'POST', url: u, payload: payload as object, headers: bearer('w') });
    const bad = await post({ start: 'yesterday', end: '2026-11-20T05:00:00Z', description: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/"start".*yesterday/);
    const reversed = await post({ start: '2026-11-20T05:00:00Z', end: '2026-11-20T02:00:00Z', description: '' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatch(/"end": must be after "start"/);
    expect((await post({ start: 1, end: 2 })).statusCode).toBe(400);
    const unknown = await post({ start: 1, end: 2, description: '' }, '/api/v1/slos/nope/corrections');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatch(/no SLO named "nope"/);
    expect(store.list('api-availability')).toEqual([]);
  });
});

describe('correction arithmetic', () => {
  const c = (start: number, end: number): Correction => ({ id: `${start}`, slo: 's', start, end, description: '', createdAt: 0 });
  it('counts overlapping corrections once and clips them to the range', () => {
    expect(correctedMs([c(10, 20), c(15, 30), c(50, 60)], 0, 55)).toBe(20 + 5);
    expect(correctedMs([], 0, 100)).toBe(0);
    expect(inCorrection([c(10, 20)], 10)).toBe(true);
    expect(inCorrection([c(10, 20)], 20)).toBe(false);
  });
});
