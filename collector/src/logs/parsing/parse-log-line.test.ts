import { describe, expect, it } from 'vitest';
import { parseLogLine } from './parse-log-line.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const now = (): number => NOW;

describe('parseLogLine: JSON lines', () => {
  it('pino: numeric level, time in ms, msg, hostname; other fields flattened as strings', () => {
    const line = JSON.stringify({ level: 50, time: 1732449600123, pid: 42, hostname: 'web-1', name: 'shop', msg: 'order failed', req: { id: 7, method: 'POST' }, ok: false, tags: ['a', 'b'] });
    const p = parseLogLine(line, 'auto', now);
    expect(p).toEqual({
      timestamp: 1732449600123,
      level: 'error',
      message: 'order failed',
      service: 'shop',
      host: 'web-1',
      traceId: undefined,
      spanId: undefined,
      attributes: { pid: '42', 'req.id': '7', 'req.method': 'POST', ok: 'false', tags: '["a","b"]' },
    });
  });

  it.each([
    [10, 'trace'],
    [20, 'debug'],
    [30, 'info'],
    [40, 'warn'],
    [50, 'error'],
    [60, 'fatal'],
    [35, 'info'],
  ] as const)('pino level %d is %s', (level, name) => {
    expect(parseLogLine(JSON.stringify({ level, time: 1732449600000, msg: 'x' }), 'json', now).level).toBe(name);
  });

  it('bunyan: ISO time, hostname, name, v kept as an attribute', () => {
    const line = '{"name":"api","hostname":"h2","pid":9,"level":40,"msg":"slow","time":"2024-11-24T12:00:00.250Z","v":0}';
    const p = parseLogLine(line, 'auto', now);
    expect(p.timestamp).toBe(Date.UTC(2024, 10, 24, 12, 0, 0, 250));
    expect(p).toMatchObject({ level: 'warn', message: 'slow', service: 'api', host: 'h2', attributes: { pid: '9', v: '0' } });
  });

  it('ECS nested and dotted give the same record', () => {
    const nested = JSON.stringify({
      '@timestamp': '2024-11-24T12:00:00.000Z',
      message: 'checkout done',
      log: { level: 'WARNING', logger: 'co' },
      service: { name: 'checkout', version: '1.2' },
      host: { name: 'node-3' },
      trace: { id: 'abc123' },
      span: { id: 'def456' },
      ecs: { version: '8.11' },
    });
    const dotted = JSON.stringify({
      '@timestamp': '2024-11-24T12:00:00.000Z',
      message: 'checkout done',
      'log.level': 'WARNING',
      'log.logger': 'co',
      'service.name': 'checkout',
      'service.version': '1.2',
      'host.name': 'node-3',
      'trace.id': 'abc123',
      'span.id': 'def456',
      'ecs.version': '8.11',
    });
    const expected = {
      timestamp: Date.UTC(2024, 10, 24, 12),
      level: 'warn',
      message: 'checkout done',
      service: 'checkout',
      host: 'node-3',
      traceId: 'abc123',
      spanId: 'def456',
      attributes: { 'log.logger': 'co', 'service.version': '1.2', 'ecs.version': '8.11' },
    };
    expect(parseLogLine(nested, 'auto', now)).toEqual(expected);
    expect(parseLogLine(dotted, 'auto', now)).toEqual(expected);
  });

  it('a JSON line without level or message: level unknown, the line is the message', () => {
    const p = parseLogLine('{"event":"x"}', 'json', now);
    expect(p).toMatchObject({ level: 'unknown', message: '{"event":"x"}', timestamp: undefined, attributes: { event: 'x' } });
  });

  it('format json with a non-JSON line falls back to plain (nothing dropped)', () => {
    expect(parseLogLine('ERROR not json', 'json', now)).toMatchObject({ level: 'error', message: 'not json' });
  });

  it('a field that is not a level stays an attribute', () => {
    const p = parseLogLine('{"level":"banana","msg":"m"}', 'auto', now);
    expect(p.level).toBe('unknown');
    expect(p.attributes.level).toBe('banana');
  });
});

describe('parseLogLine: logfmt', () => {
  it('level, quoted msg with escapes, ts, trace_id; other keys as attributes; bare key is true', () => {
    const line = 'ts=2024-11-24T12:00:00.5Z level=warn msg="disk \\"almost\\" full" trace_id=t1 span_id=s1 service=db free=3% cached';
    expect(parseLogLine(line, 'auto', now)).toEqual({
      timestamp: Date.UTC(2024, 10, 24, 12, 0, 0, 500),
      level: 'warn',
      message: 'disk "almost" full',
      service: 'db',
      host: undefined,
      traceId: 't1',
      spanId: 's1',
      attributes: { free: '3%', cached: 'true' },
    });
  });

  it('epoch seconds in ts, lvl spelling', () => {
    const p = parseLogLine('lvl=eror ts=1732449600 msg=boom', 'auto', now);
    expect(p).toMatchObject({ level: 'error', timestamp: 1732449600000, message: 'boom' });
  });

  it('auto does not take prose with an = for logfmt; format logfmt does', () => {
    expect(parseLogLine('user=bob logged in', 'auto', now)).toMatchObject({ message: 'user=bob logged in', attributes: {} });
    expect(parseLogLine('user=bob logged in', 'logfmt', now)).toMatchObject({ attributes: { user: 'bob', logged: 'true', in: 'true' } });
  });

  it('an unterminated quote is not logfmt', () => {
    expect(parseLogLine('level=info msg="oops', 'auto', now)).toMatchObject({ level: 'info', message: 'level=info msg="oops' });
  });
});

describe('parseLogLine: plain lines', () => {
  it.each([
    ['2024-11-24T12:00:00.123Z ERROR db down', Date.UTC(2024, 10, 24, 12, 0, 0, 123), 'error', 'db down'],
    ['[2024-11-24T12:00:00Z] [warn] cache miss', Date.UTC(2024, 10, 24, 12), 'warn', 'cache miss'],
    ['2024-11-24T12:00:00+01:00 INFO: started', Date.UTC(2024, 10, 24, 11), 'info', 'started'],
    ['ERROR:root:division by zero', undefined, 'error', 'root:division by zero'],
    ['info: listening on 3000', undefined, 'info', 'listening on 3000'],
    ['<CRITICAL> out of memory', undefined, 'fatal', 'out of memory'],
    ['something happened DEBUG id=3', undefined, 'debug', 'something happened DEBUG id=3'],
    ['request failed [Error] code 5', undefined, 'error', 'request failed [Error] code 5'],
    ['an error occurred while idle', undefined, 'unknown', 'an error occurred while idle'],
  ] as const)('%s', (line, ts, level, message) => {
    const p = parseLogLine(line, 'auto', now);
    expect(p.timestamp).toBe(ts);
    expect(p.level).toBe(level);
    expect(p.message).toBe(message);
  });

  it('a time without zone is local time; comma before the fraction', () => {
    const p = parseLogLine('2024-11-24 12:00:00,250 WARNING low', 'plain', now);
    expect(p.timestamp).toBe(new Date(2024, 10, 24, 12, 0, 0, 250).getTime());
    expect(p).toMatchObject({ level: 'warn', message: 'low' });
  });

  it('glog/klog header: level letter, month-day time of the current year, origin', () => {
    const p = parseLogLine('W1124 11:30:05.250000    1234 server.go:88] slow handler', 'auto', now);
    expect(p.level).toBe('warn');
    expect(p.timestamp).toBe(new Date(2026, 10, 24, 11, 30, 5, 250).getTime());
    expect(p.message).toBe('slow handler');
    expect(p.attributes['log.origin']).toBe('server.go:88');
  });

  it('syslog time at the start', () => {
    const p = parseLogLine('Nov  3 07:08:09 host sshd[1]: Accepted key', 'plain', now);
    expect(p.timestamp).toBe(new Date(2026, 10, 3, 7, 8, 9).getTime());
    expect(p.message).toBe('host sshd[1]: Accepted key');
  });
});
