import type { AddressInfo } from 'node:net';
import type { ShopConfig } from '../config/demo-config.js';
import { createFileLogger } from '../logging/create-file-logger.js';
import { buildShop } from './build-shop.js';
import { createShopMetrics } from './shop-metrics.js';

export interface RunningShop {
  /** The address it listens on, e.g. http://127.0.0.1:8090. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** Builds the shop with its file logger and metrics and listens on the configured host and port. */
export async function runShop(config: ShopConfig): Promise<RunningShop> {
  const { logger, flush } = createFileLogger(config.logFile, { level: config.logLevel, service: config.telemetry.serviceName });
  const metrics = createShopMetrics({ defaultMetrics: true });
  const { app } = await buildShop({ behaviour: config.behaviour, metrics, logger });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ event: 'shop_started', address: `${host}:${address.port}`, behaviour: config.behaviour }, 'shop listening');
  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      await app.close();
      logger.info({ event: 'shop_stopped' }, 'shop stopped');
      flush();
    },
  };
}
