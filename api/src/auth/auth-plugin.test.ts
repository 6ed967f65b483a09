import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { OpenApiRefusedError } from './auth-plugin.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function collectingLogger(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => out.push(s) });
  return { logger, lines: () => out.map((s) => JSON.parse(s) as Record<string, unknown>) };
}

async function app(env: Record<string, string>, logger = pino({ level: 'silent' })): Promise<FastifyInstance> {
  const a = await buildApp({ config: loadConfig(env), store: new MemoryMetricStore(), logger });
  apps.push(a);
  return a;
}

const TOKENS = { HOST: '0.0.0.0', API_TOKENS: 'r-token:read,w-token:write,a-token:admin' };
const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });

describe('auth', () => {
  it('refuses to start open on a non-loopback host, saying what to do', async () => {
    const err = await buildApp({ config: loadConfig({ HOST: '0.0.0.0' }), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenApiRefusedError);
    expect((err as Error).message).toMatch(/HOST=0\.0\.0\.0 is not a loopback address and no API tokens are configured.*API_TOKENS/);
  });

  it('runs open on loopback without tokens and logs a warning saying so', async () => {
    const { logger, lines } = collectingLogger();
    const a = await app({ HOST: '127.0.0.1' }, logger);
    expect((await a.inject({ method: 'GET', url: '/api/v1/labels' })).statusCode).toBe(200);
    expect((await a.inject({ method: 'POST', url: '/write?db=x', payload: 'm value=1', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(204);
    const warning = lines().find((l) => l.level === 40 && /OPEN/.test(String(l.msg)));
    expect(warning).toBeDefined();
  });

  it('keeps /healthz and /readyz open when tokens are required', async () => {
    const a = await app(TOKENS);
    expect((await a.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('answers 401 without or with an unknown token, in the Prometheus error shape', async () => {
    const a = await app(TOKENS);
    const none = await a.inject({ method: 'GET', url: '/api/v1/labels' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toEqual({ status: 'error', errorType: 'unauthorized', error: 'missing bearer token (Authorization: Bearer <token>)' });
    const wrong = await a.inject({ method: 'GET', url: '/api/v1/labels', headers: bearer('nope') });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ status: 'error', errorType: 'unauthorized', error: 'invalid token' });
    const forbidden = await a.inject({ method: 'POST', url: '/api/v1/write', headers: bearer('r-token') });
    expect(forbidden.statusCode).toBe(403);
  });

  // scope of token -> [read route, write route]
  it.each([
    ['r-token', 200, 403],
    ['w-token', 200, 204],
    ['a-token', 200, 204],
  ])('%s: read route %d, write route %d', async (token, readStatus, writeStatus) => {
    const a = await app(TOKENS);
    const read = await a.inject({ method: 'GET', url: '/api/v1/query?query=1', headers: bearer(token) });
    expect(read.statusCode).toBe(readStatus);
    const postQuery = await a.inject({ method: 'POST', url: '/api/v1/query?query=1', headers: bearer(token) });
    expect(postQuery.statusCode).toBe(readStatus); // POST to the query API is a read
    const write = await a.inject({ method: 'POST', url: '/api/v2/write?org=o&bucket=b', payload: 'm value=1', headers: { ...bearer(token), 'content-type': 'text/plain' } });
    expect(write.statusCode).toBe(writeStatus);
    if (writeStatus === 403) {
      // the InfluxDB endpoint answers in InfluxDB's error shape
      expect(write.json()).toMatchObject({ message: 'this token has scope "read"; this endpoint needs "write"' });
      const rw = await a.inject({ method: 'POST', url: '/api/v1/write', payload: Buffer.alloc(0), headers: { ...bearer(token), 'content-type': 'application/x-protobuf' } });
      expect(rw.statusCode).toBe(403);
    }
  });

  it('protects /metrics with the read scope', async () => {
    const a = await app(TOKENS);
    expect((await a.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/metrics', headers: bearer('r-token') })).statusCode).toBe(200);
  });

  it('accepts InfluxDB clients: `Token <t>` and Basic with the token as password', async () => {
    const a = await app(TOKENS);
    const token = await a.inject({ method: 'POST', url: '/api/v2/write?org=o&bucket=b', payload: 'm value=1', headers: { authorization: 'Token w-token', 'content-type': 'text/plain' } });
    expect(token.statusCode).toBe(204);
    const basic = Buffer.from('k6:w-token').toString('base64');
    const v1 = await a.inject({ method: 'POST', url: '/write?db=k6', payload: 'm value=1', headers: { authorization: `Basic ${basic}`, 'content-type': 'text/plain' } });
    expect(v1.statusCode).toBe(204);
  });

  it('requires tokens on loopback too when tokens are configured', async () => {
    const a = await app({ HOST: '127.0.0.1', API_TOKENS: 't:read' });
    expect((await a.inject({ method: 'GET', url: '/api/v1/labels' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/api/v1/labels', headers: bearer('t') })).statusCode).toBe(200);
  });
});
