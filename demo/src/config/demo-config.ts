import path from 'node:path';

/** Environment variables the demo processes read (only here: no `process.env` elsewhere in the demo). */
export interface DemoEnv {
  readonly DATA_DIR?: string;
  readonly SHOP_HOST?: string;
  readonly SHOP_PORT?: string;
  readonly SHOP_LOG_FILE?: string;
  readonly SHOP_ERROR_RATE?: string;
  readonly SHOP_PAYMENT_FAILURE_RATE?: string;
  readonly SHOP_SLOW_RATE?: string;
  readonly SHOP_CART_TTL_MS?: string;
  readonly SHOP_LOG_LEVEL?: string;
  readonly OTEL_SDK_DISABLED?: string;
  readonly OTEL_SERVICE_NAME?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_METRIC_EXPORT_INTERVAL?: string;
  readonly OTEL_LOGS_EXPORTER?: string;
  readonly TRAFFIC_TARGET?: string;
  readonly TRAFFIC_RATE?: string;
  readonly TRAFFIC_DAY_PERIOD_MS?: string;
  readonly TRAFFIC_BURSTS?: string;
  readonly TRAFFIC_THINK_TIME_MS?: string;
}

/** How the shop misbehaves: each rate is a probability in [0, 1]. */
export interface ShopBehaviour {
  /** Share of catalog requests that fail with an internal error (500, logged with its stack trace). */
  readonly errorRate: number;
  /** Share of checkouts the payment provider declines (502). */
  readonly paymentFailureRate: number;
  /** Share of calls to the simulated dependencies (inventory, payment) that are slow (0.3-1.5 s). */
  readonly slowRate: number;
  /** A cart untouched for this long without a checkout counts as abandoned. */
  readonly cartTtlMs: number;
}

export interface TelemetryConfig {
  /** OTEL_SDK_DISABLED=true turns the OpenTelemetry SDK off (prom-client metrics and the log file stay). */
  readonly enabled: boolean;
  readonly serviceName: string;
  /** Base URL of the OTLP/HTTP receiver; `/v1/metrics` and `/v1/logs` are appended. */
  readonly otlpEndpoint: string;
  readonly metricExportIntervalMs: number;
  /** OTEL_LOGS_EXPORTER=none keeps the logs in the file only (trace ids are still added); otherwise also OTLP. */
  readonly exportLogs: boolean;
}

export interface ShopConfig {
  readonly host: string;
  readonly port: number;
  readonly logFile: string;
  readonly logLevel: string;
  readonly behaviour: ShopBehaviour;
  readonly telemetry: TelemetryConfig;
}

export interface TrafficConfig {
  /** Base URL of the shop. */
  readonly target: string;
  /** Mean new visitor sessions per second (before the diurnal and burst factors). */
  readonly sessionsPerSecond: number;
  /** Length of one simulated "day" of the diurnal curve; 0 disables it. */
  readonly dayPeriodMs: number;
  /** Occasional bursts of 3-5x the rate. */
  readonly bursts: boolean;
  /** Mean pause between a visitor's steps. */
  readonly thinkTimeMs: number;
}

/** A setting that cannot be used: names the variable and the value. */
export class DemoConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`environment variable ${variable}: ${message}`);
    this.name = 'DemoConfigError';
  }
}

export const SHOP_DEFAULTS = {
  host: '127.0.0.1',
  port: 8090,
  errorRate: 0.01,
  paymentFailureRate: 0.05,
  slowRate: 0.05,
  cartTtlMs: 30_000,
  serviceName: 'shop',
  otlpEndpoint: 'http://127.0.0.1:4318',
  metricExportIntervalMs: 10_000,
  logLevel: 'info',
} as const;

export const TRAFFIC_DEFAULTS = {
  sessionsPerSecond: 2,
  dayPeriodMs: 600_000,
  bursts: true,
  thinkTimeMs: 600,
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function rate(env: DemoEnv, name: keyof DemoEnv, def: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new DemoConfigError(name, `"${raw}" is not a probability between 0 and 1`);
  return n;
}

function positiveNumber(env: DemoEnv, name: keyof DemoEnv, def: number, allowZero = false): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    throw new DemoConfigError(name, `"${raw}" is not a ${allowZero ? 'non-negative' : 'positive'} number`);
  }
  return n;
}

function port(env: DemoEnv, name: keyof DemoEnv, def: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return def;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new DemoConfigError(name, `"${raw}" is not a port number (0-65535)`);
  return Number(raw);
}

function httpUrl(env: DemoEnv, name: keyof DemoEnv, def: string): string {
  const raw = nonEmpty(env[name]) ?? def;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DemoConfigError(name, `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DemoConfigError(name, `"${raw}" is not an http:// or https:// URL`);
  return raw.replace(/\/+$/, '');
}

function logsExporter(env: DemoEnv): boolean {
  const raw = nonEmpty(env.OTEL_LOGS_EXPORTER)?.toLowerCase();
  if (raw === undefined || raw === 'otlp') return true;
  if (raw === 'none') return false;
  throw new DemoConfigError('OTEL_LOGS_EXPORTER', `"${raw}" is not supported by the shop (otlp or none)`);
}

/** The shop's settings from the environment, validated and frozen. */
export function loadShopConfig(env: DemoEnv): ShopConfig {
  const dataDir = nonEmpty(env.DATA_DIR) ?? 'data';
  const logLevel = nonEmpty(env.SHOP_LOG_LEVEL) ?? SHOP_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new DemoConfigError('SHOP_LOG_LEVEL', `"${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  return Object.freeze({
    host: nonEmpty(env.SHOP_HOST) ?? SHOP_DEFAULTS.host,
    port: port(env, 'SHOP_PORT', SHOP_DEFAULTS.port),
    logFile: path.resolve(nonEmpty(env.SHOP_LOG_FILE) ?? path.join(dataDir, 'demo', 'shop.log')),
    logLevel,
    behaviour: Object.freeze({
      errorRate: rate(env, 'SHOP_ERROR_RATE', SHOP_DEFAULTS.errorRate),
      paymentFailureRate: rate(env, 'SHOP_PAYMENT_FAILURE_RATE', SHOP_DEFAULTS.paymentFailureRate),
      slowRate: rate(env, 'SHOP_SLOW_RATE', SHOP_DEFAULTS.slowRate),
      cartTtlMs: positiveNumber(env, 'SHOP_CART_TTL_MS', SHOP_DEFAULTS.cartTtlMs),
    }),
    telemetry: Object.freeze({
      enabled: nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() !== 'true',
      serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? SHOP_DEFAULTS.serviceName,
      otlpEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', SHOP_DEFAULTS.otlpEndpoint),
      metricExportIntervalMs: positiveNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', SHOP_DEFAULTS.metricExportIntervalMs),
      exportLogs: logsExporter(env),
    }),
  });
}

/** The traffic generator's settings from the environment, validated and frozen. */
export function loadTrafficConfig(env: DemoEnv): TrafficConfig {
  const shopHost = nonEmpty(env.SHOP_HOST) ?? SHOP_DEFAULTS.host;
  const probeHost = shopHost === '0.0.0.0' ? '127.0.0.1' : shopHost.includes(':') ? `[${shopHost.replace(/^\[|\]$/g, '')}]` : shopHost;
  const def = `http://${probeHost}:${port(env, 'SHOP_PORT', SHOP_DEFAULTS.port)}`;
  const bursts = nonEmpty(env.TRAFFIC_BURSTS)?.toLowerCase();
  if (bursts !== undefined && bursts !== 'true' && bursts !== 'false') throw new DemoConfigError('TRAFFIC_BURSTS', `"${bursts}" is not true or false`);
  return Object.freeze({
    target: httpUrl(env, 'TRAFFIC_TARGET', def),
    sessionsPerSecond: positiveNumber(env, 'TRAFFIC_RATE', TRAFFIC_DEFAULTS.sessionsPerSecond),
    dayPeriodMs: positiveNumber(env, 'TRAFFIC_DAY_PERIOD_MS', TRAFFIC_DEFAULTS.dayPeriodMs, true),
    bursts: bursts === undefined ? TRAFFIC_DEFAULTS.bursts : bursts === 'true',
    thinkTimeMs: positiveNumber(env, 'TRAFFIC_THINK_TIME_MS', TRAFFIC_DEFAULTS.thinkTimeMs, true),
  });
}
