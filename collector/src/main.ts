import { startCollector } from './collector.js';
import { ConfigError } from './config/config-error.js';
import type { CollectorConfig } from './config/config-schema.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './logging/create-logger.js';

/** Process entry: config, logger, collector; SIGINT/SIGTERM stop scheduling, flush the sink (bounded) and exit 0. */
async function main(): Promise<void> {
  let config: CollectorConfig;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`collector: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const collector = startCollector(config, logger);
  const onSignal = (signal: NodeJS.Signals): void => {
    void collector.shutdown(signal).then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

await main();
