import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DemoConfigError, loadShopConfig, loadTrafficConfig } from './demo-config.js';

function errorOf(fn: () => unknown): DemoConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DemoConfigError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('loadShopConfig', () => {
  it('defaults: 127.0.0.1:8090, the log file under DATA_DIR/demo, OTLP to 127.0.0.1:4318', () => {
    const c = loadShopConfig({ DATA_DIR: '/var/lib/slo' });
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8090, logFile: '/var/lib/slo/demo/shop.log' });
    expect(c.telemetry).toEqual({
      enabled: true,
      serviceName: 'shop',
      otlpEndpoint: 'http://127.0.0.1:4318',
      metricExportIntervalMs: 10_000,
      exportLogs: true,
    });
    expect(loadShopConfig({}).logFile).toBe(path.resolve('data', 'demo', 'shop.log'));
    expect(Object.isFrozen(c) && Object.isFrozen(c.behaviour)).toBe(true);
  });

  it('reads the standard OTEL_* variables and the shop behaviour rates', () => {
    const c = loadShopConfig({
      OTEL_SERVICE_NAME: 'checkout',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://10.0.0.5:4318/',
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_LOGS_EXPORTER: 'none',
      SHOP_ERROR_RATE: '0.5',
      SHOP_PAYMENT_FAILURE_RATE: '1',
      SHOP_CART_TTL_MS: '1500',
    });
    expect(c.telemetry).toMatchObject({ enabled: false, serviceName: 'checkout', otlpEndpoint: 'http://10.0.0.5:4318', exportLogs: false });
    expect(c.behaviour).toEqual({ errorRate: 0.5, paymentFailureRate: 1, slowRate: 0.05, cartTtlMs: 1500 });
  });

  it('names the variable and the value it cannot use', () => {
    expect(errorOf(() => loadShopConfig({ SHOP_ERROR_RATE: '5%' })).message).toBe(
      'environment variable SHOP_ERROR_RATE: "5%" is not a probability between 0 and 1',
    );
    expect(errorOf(() => loadShopConfig({ SHOP_PORT: '70000' })).variable).toBe('SHOP_PORT');
    expect(errorOf(() => loadShopConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://x:4317' })).message).toContain('not an http:// or https:// URL');
    expect(errorOf(() => loadShopConfig({ SHOP_CART_TTL_MS: '0' })).variable).toBe('SHOP_CART_TTL_MS');
    expect(errorOf(() => loadShopConfig({ OTEL_LOGS_EXPORTER: 'console' })).variable).toBe('OTEL_LOGS_EXPORTER');
  });
});

describe('loadTrafficConfig', () => {
  it('targets the shop from SHOP_HOST/SHOP_PORT unless TRAFFIC_TARGET says otherwise', () => {
    expect(loadTrafficConfig({ SHOP_PORT: '9000' }).target).toBe('http://127.0.0.1:9000');
    expect(loadTrafficConfig({ SHOP_HOST: '::1', SHOP_PORT: '9000' }).target).toBe('http://[::1]:9000');
    expect(loadTrafficConfig({ TRAFFIC_TARGET: 'http://shop.local:80/' }).target).toBe('http://shop.local:80');
    expect(loadTrafficConfig({ TRAFFIC_RATE: '0.5', TRAFFIC_BURSTS: 'false', TRAFFIC_DAY_PERIOD_MS: '0' })).toMatchObject({
      sessionsPerSecond: 0.5,
      bursts: false,
      dayPeriodMs: 0,
    });
    expect(errorOf(() => loadTrafficConfig({ TRAFFIC_RATE: '0' })).variable).toBe('TRAFFIC_RATE');
    expect(errorOf(() => loadTrafficConfig({ TRAFFIC_BURSTS: 'yes' })).variable).toBe('TRAFFIC_BURSTS');
  });
});
