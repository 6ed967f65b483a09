// The demo shop's process entry: config, then the OpenTelemetry SDK, then (imported only now, so the SDK can
// instrument them) fastify and pino. SIGINT/SIGTERM close the server, flush telemetry and exit 0.
import { DemoConfigError, loadShopConfig, type ShopConfig } from '../config/demo-config.js';
import { startTelemetry, type Telemetry } from '../telemetry/start-telemetry.js';

const TELEMETRY_FLUSH_TIMEOUT_MS = 3000;

function say(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: message })}\n`);
}

let config: ShopConfig;
try {
  config = loadShopConfig(process.env);
} catch (err) {
  if (err instanceof DemoConfigError) {
    process.stderr.write(`shop: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// Export errors repeat every interval while the collector is down: report a state change once, not every failure.
let exportFailing = false;
const telemetry: Telemetry | undefined = config.telemetry.enabled
  ? startTelemetry(config.telemetry, (message: string) => {
      if (exportFailing) return;
      exportFailing = true;
      process.stdout.write(
        `${JSON.stringify({ level: 40, time: Date.now(), msg: 'OTLP export failed (is the collector OTLP receiver up?); retrying quietly', endpoint: config.telemetry.otlpEndpoint, error: message.slice(0, 300) })}\n`,
      );
    })
  : undefined;

const { runShop } = await import('./run-shop.js');
const shop = await runShop(config);
say(`shop listening on ${shop.url}; logs in ${config.logFile}${telemetry ? `; OTLP to ${config.telemetry.otlpEndpoint}` : ''}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping the shop`);
  await shop.close();
  // Pending telemetry gets a moment to go out; with the collector down the exporters would retry for long.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    telemetry?.shutdown().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, TELEMETRY_FLUSH_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
