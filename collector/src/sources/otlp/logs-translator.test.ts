import { describe, expect, it } from 'vitest';
import { translateLogs } from './logs-translator.js';
import { decodeLogsRequest } from './otlp-decoder.js';

const T0 = 1_700_000_000_123;
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n + 456n}`;

function run(logRecords: unknown[], receivedAt = T0 + 60_000): ReturnType<typeof translateLogs> {
  const body = JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'checkout' } },
            { key: 'host.name', value: { stringValue: 'web-2' } },
            { key: 'deployment.environment', value: { stringValue: 'prod' } },
          ],
        },
        scopeLogs: [{ scope: { name: 'shop-logger', version: '0.1.0' }, logRecords }],
      },
    ],
  });
  return translateLogs(decodeLogsRequest(Buffer.from(body), 'json'), receivedAt);
}

describe('translateLogs', () => {
  it('maps severity, body, service, host, trace context and flattened attributes', () => {
    const r = run([
      {
        timeUnixNano: ns(T0),
        severityNumber: 17,
        severityText: 'ERROR',
        body: { stringValue: 'payment failed' },
        traceId: '5B8EFFF798038103D269B633813FC60C',
        spanId: 'eee19b7ec3c1b174',
        attributes: [
          { key: 'http.status_code', value: { intValue: '502' } },
          { key: 'user', value: { kvlistValue: { values: [{ key: 'id', value: { stringValue: 'u1' } }] } } },
          { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
        ],
      },
    ]);
    expect(r.rejected).toBe(0);
    expect(r.records).toHaveLength(1);
    const rec = r.records[0];
    expect(rec).toMatchObject({
      timestamp: T0,
      level: 'error',
      message: 'payment failed',
      service: 'checkout',
      host: 'web-2',
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      attributes: {
        'deployment.environment': 'prod',
        'otel.scope.name': 'shop-logger',
        'otel.scope.version': '0.1.0',
        'http.status_code': '502',
        'user.id': 'u1',
        tags: '["a",2]',
      },
    });
    expect(rec.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it.each([
    [1, '', 'trace'],
    [5, '', 'debug'],
    [9, '', 'info'],
    [12, '', 'info'],
    [13, '', 'warn'],
    [20, '', 'error'],
    [24, '', 'fatal'],
    [0, 'WARNING', 'warn'],
    [0, 'critical', 'fatal'],
    [0, 'Info2', 'info'],
    [0, '', 'unknown'],
    [0, 'chatty', 'unknown'],
  ])('severityNumber %i / severityText "%s" -> %s', (severityNumber, severityText, level) => {
    expect(run([{ timeUnixNano: ns(T0), severityNumber, severityText, body: { stringValue: 'x' } }]).records[0].level).toBe(level);
  });

  it('stringifies non-string bodies and falls back to the observed time, then the time of receipt', () => {
    const r = run([
      { observedTimeUnixNano: ns(T0 + 1), body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'hi' } }, { key: 'n', value: { doubleValue: 1.5 } }] } } },
      { body: { intValue: '42' } },
      {},
    ]);
    expect(r.records.map((x) => [x.timestamp, x.message])).toEqual([
      [T0 + 1, '{"msg":"hi","n":1.5}'],
      [T0 + 60_000, '42'],
      [T0 + 60_000, ''],
    ]);
  });

  it('gives the same id to the same record sent again, a different one to a different record', () => {
    const rec = { timeUnixNano: ns(T0), severityNumber: 9, body: { stringValue: 'order placed' }, attributes: [{ key: 'order', value: { stringValue: '1' } }] };
    const first = run([rec]).records[0].id;
    expect(run([rec], T0 + 999_999).records[0].id).toBe(first);
    expect(run([{ ...rec, attributes: [{ key: 'order', value: { stringValue: '2' } }] }]).records[0].id).not.toBe(first);
    expect(run([{ ...rec, timeUnixNano: ns(T0 + 1) }]).records[0].id).not.toBe(first);
    // Two identical records in one request are both kept.
    const twice = run([rec, rec]).records.map((x) => x.id);
    expect(new Set(twice).size).toBe(2);
    expect(twice[0]).toBe(first);
  });
});
