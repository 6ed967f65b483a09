import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { startLogApiTestServer, type LogApiTestServer } from '../../../test/log-api-test-server.js';
import { loadConfig } from '../../config/load-config.js';
import { MemorySink } from '../../sinks/memory-sink.js';
import { systemClock } from '../../time/clock.js';
import { startOtlpReceiver, type RunningOtlpReceiver } from './start-otlp-receiver.js';

const PATH = '/etc/collector.yaml';
const config = (yaml: string): ReturnType<typeof loadConfig> => loadConfig({}, ['--config', PATH], () => yaml);

let running: RunningOtlpReceiver | undefined;
let api: LogApiTestServer | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await running?.stop();
  await api?.close();
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  running = api = blocker = undefined;
});

const LOGS = JSON.stringify({
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeLogs: [{ logRecords: [{ timeUnixNano: '1700000000000000000', severityText: 'warn', body: { stringValue: 'slow checkout' } }] }],
    },
  ],
});

describe('startOtlpReceiver', () => {
  it('sends OTLP logs to the api log endpoint; while the api is down it answers 503 and the retry is stored once', async () => {
    api = await startLogApiTestServer({ token: 'tk' });
    const c = config(
      `otlp:\n  enabled: true\n  port: 0\n  logsAckTimeout: 300ms\nlogs:\n  url: ${api.url}/api/v1/logs\nsink:\n  token: tk\n  retry:\n    initialDelay: 50ms\n    maxDelay: 100ms\n`,
    );
    running = startOtlpReceiver(c, new MemorySink(), systemClock, captureLogger().logger);
    const port = await running.started;
    const post = (): Promise<Response> =>
      fetch(`http://127.0.0.1:${port}/v1/logs`, { method: 'POST', body: LOGS, headers: { 'content-type': 'application/json' } });
    api.down = true;
    const first = await post();
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    api.down = false;
    const retry = await post();
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...api.stored.values()]).toMatchObject([{ level: 'warn', message: 'slow checkout', service: 'shop', timestamp: 1_700_000_000_000 }]);
  });

  it('logs an error naming the port when it is in use, and does not throw', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const { logger, lines } = captureLogger();
    running = startOtlpReceiver(config(`otlp:\n  enabled: true\n  port: ${taken}\n`), new MemorySink(), systemClock, logger);
    expect(await running.started).toBeUndefined();
    expect(lines.find((l) => l.level === 50)?.msg).toBe(
      `OTLP receiver cannot listen on 127.0.0.1:${taken}: address already in use (otlp.host / otlp.port); the collector runs on without it`,
    );
  });
});
