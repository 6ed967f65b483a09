import type { ConfigError } from './config-error.js';

/** A path into the collector's section of the YAML file, e.g. ['postgres', 'instances', 0, 'dsn']. */
export type ConfigPath = readonly (string | number)[];

/**
 * What a config section's resolver gets from load-config.ts: the shared settings and helpers that turn a bad
 * value into a ConfigError naming the file, the line and the field.
 */
export interface ResolveContext {
  /** The top-level `interval` in milliseconds: the default for every source. */
  readonly intervalMs: number;
  /** Base URL of the api, e.g. http://127.0.0.1:8080 (from HOST/PORT). */
  readonly apiBase: string;
  /** The collector's token toward the api (COLLECTOR_TOKEN or sink.token), if any. */
  readonly token: string | undefined;
  /** Parses a Prometheus duration (`value`, else `def`) in ms; at least `min` ms (default 1). */
  duration(path: ConfigPath, value: string | undefined, def: string, min?: number): number;
  /** Runs `parse`; an error it throws becomes a ConfigError at `path`. */
  check<T>(path: ConfigPath, parse: () => T): T;
  /** A ConfigError at `path` with `message` (throw it). */
  error(path: ConfigPath, message: string): ConfigError;
  /** Absolute data directory (env DATA_DIR, default ./data as the api's): state files go under `<dataDir>/collector/`. */
  readonly dataDir: string;
  /** Resolves a file path relative to the config file's directory (or the working directory without one). */
  resolvePath(path: string): string;
}
