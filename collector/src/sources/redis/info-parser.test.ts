import { describe, expect, it } from 'vitest';
import { parseGoFloat, parseInfo, parseKeyValueList } from './info-parser.js';

describe('parseInfo', () => {
  it('reads sections and key:value lines, splitting at the first colon only', () => {
    const text = '# Server\r\nredis_version:7.0.15\r\nos:Linux 6.1.0 x86_64\r\nexecutable:/usr/bin/redis-server\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=500\r\n';
    expect(parseInfo(text)).toEqual([
      { section: 'Server', key: 'redis_version', value: '7.0.15' },
      { section: 'Server', key: 'os', value: 'Linux 6.1.0 x86_64' },
      { section: 'Server', key: 'executable', value: '/usr/bin/redis-server' },
      { section: 'Keyspace', key: 'db0', value: 'keys=3,expires=1,avg_ttl=500' },
    ]);
  });

  it('keeps a colon inside the value (e.g. IPv6 master hosts) and skips lines without a colon', () => {
    expect(parseInfo('# Replication\nmaster_host:::1\nnot a field\nx\n')).toEqual([{ section: 'Replication', key: 'master_host', value: '::1' }]);
  });

  it('gives fields before any section header an empty section (CLUSTER INFO has none)', () => {
    expect(parseInfo('cluster_state:ok\r\n')).toEqual([{ section: '', key: 'cluster_state', value: 'ok' }]);
  });
});

describe('parseKeyValueList', () => {
  it('reads name=value pairs', () => {
    expect(parseKeyValueList('ip=10.0.0.2,port=6380,state=online,offset=42,lag=0')).toEqual(
      new Map([
        ['ip', '10.0.0.2'],
        ['port', '6380'],
        ['state', 'online'],
        ['offset', '42'],
        ['lag', '0'],
      ]),
    );
  });

  it('rejects a part without exactly one =', () => {
    expect(parseKeyValueList('keys=1,expires')).toBeUndefined();
    expect(parseKeyValueList('keys=1=2')).toBeUndefined();
  });
});

describe('parseGoFloat', () => {
  it('reads what strconv.ParseFloat reads, and nothing else', () => {
    expect(parseGoFloat('42')).toBe(42);
    expect(parseGoFloat('-1')).toBe(-1);
    expect(parseGoFloat('7.45')).toBe(7.45);
    expect(parseGoFloat('1.5e3')).toBe(1500);
    expect(parseGoFloat('.5')).toBe(0.5);
    expect(parseGoFloat('+Inf')).toBe(Infinity);
    expect(parseGoFloat('-inf')).toBe(-Infinity);
    expect(parseGoFloat('NaN')).toBeNaN();
    expect(parseGoFloat('')).toBeUndefined();
    expect(parseGoFloat('1.11M')).toBeUndefined();
    expect(parseGoFloat('ok')).toBeUndefined();
    expect(parseGoFloat('0x10')).toBeUndefined();
  });
});
