import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from '../../../test/api-process.js';
import { captureLogger } from '../../../test/capture-logger.js';
import { STALE_NAN } from '../../sources/scrape/stale-marker.js';
import { systemClock } from '../../time/clock.js';
import { createMetricSink } from '../create-metric-sink.js';

describe('sink kind api: Prometheus remote_write into the real api', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApiProcess();
  }, 40_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('delivers NaN, +Inf, -Inf and staleness markers intact, with labels and ms timestamps', async () => {
    const { logger, lines } = captureLogger();
    const { sink, target } = createMetricSink(
      {
        kind: 'api',
        url: `${api.base}/api/v1/write`,
        db: undefined,
        precision: 'ms',
        token: undefined,
        batchSize: 3,
        flushIntervalMs: 50,
        maxBufferSamples: 100,
        timeoutMs: 5000,
        retry: { initialDelayMs: 50, maxDelayMs: 500, multiplier: 2, jitter: 0 },
      },
      systemClock,
      logger,
    );
    expect(target).toBe(`${api.base}/api/v1/write`);
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const at = (name: string, value: number, dt: number, labels: Record<string, string> = { job: 'rw' }): Parameters<typeof sink.write>[0][number] => ({
      name,
      labels,
      value,
      timestamp: t0 + dt,
    });
    await sink.write([
      at('rw_nan', NaN, 0),
      at('rw_pos_inf', Infinity, 0),
      at('rw_neg_inf', -Infinity, 0),
      at('rw_plain', 1.5, 0, { job: 'rw', path: 'C:\\a b,c="d"', empty: '' }),
      at('rw_gone', 7, 0),
      at('rw_gone', STALE_NAN, 10_000),
    ]);
    await sink.close();
    expect(sink.stats()).toMatchObject({ sentSamples: 6, rejectedSamples: 0, unencodableSamples: 0, bufferedSamples: 0 });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);

    const value = async (expr: string, dt: number): Promise<string | undefined> => (await api.query(expr, t0 + dt))[0]?.value[1];
    expect(await value('rw_nan', 1000)).toBe('NaN');
    expect(await value('rw_pos_inf', 1000)).toBe('+Inf');
    expect(await value('rw_neg_inf', 1000)).toBe('-Inf');
    const [plain] = await api.query('rw_plain', t0 + 1000);
    expect(plain.metric).toEqual({ __name__: 'rw_plain', job: 'rw', path: 'C:\\a b,c="d"' });
    expect(plain.value).toEqual([(t0 + 1000) / 1000, '1.5']);
    // Before the marker the series is there (lookback 5m); from the marker on it is gone, as in Prometheus.
    expect(await value('rw_gone', 9000)).toBe('7');
    expect(await value('rw_gone', 11_000)).toBeUndefined();
    // A plain NaN is a value, not a marker: still there a minute later.
    expect(await value('rw_nan', 60_000)).toBe('NaN');
  }, 30_000);
});
