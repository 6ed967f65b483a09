import pg from 'pg';
import type { Logger } from 'pino';
import type { CollectedSample, Source } from '../source.js';
import { mapNamespaceRows, type MetricNamespace } from './namespace-mapping.js';
import { parsePostgresDsn, scrubSecret, type PostgresDsn } from './postgres-dsn.js';
import { DEFAULT_NAMESPACES, statStatementsNamespace } from './postgres-namespaces.js';
import { SETTINGS_QUERY, settingSample, type SettingRow } from './settings-mapping.js';

export interface PostgresSourceOptions {
  /** libpq connection string (URL or keyword/value); may hold a password, which is never logged. */
  readonly dsn: string;
  /** Added to every sample, as a Prometheus scrape of postgres_exporter adds them: job, instance, and any others. */
  readonly labels: Readonly<Record<string, string>>;
  /** Bound of connecting and of each query. */
  readonly timeoutMs: number;
  /** Sum pg_stat_statements when the extension is installed in the DSN's database (default true). */
  readonly statStatements?: boolean;
}

/** Shown in pg_stat_activity.application_name for the collector's connection. */
export const APPLICATION_NAME = 'slo-collector';

/**
 * One PostgreSQL server, reported with postgres_exporter 0.11's metric names, labels and values (see CONFIG.md
 * for the list). Keeps one connection open between collections and reconnects when it breaks. A server that
 * cannot be reached gives `pg_up 0` and nothing else; a query that fails (e.g. a view a newer PostgreSQL
 * renamed) leaves out its family and the others are still returned. Each change of state (up/down, a family
 * failing/recovering) is logged once, with the password scrubbed from the reason.
 */
export class PostgresSource implements Source {
  readonly name: string;
  private readonly dsn: PostgresDsn;
  private readonly serverLabels: Readonly<Record<string, string>>;
  private client: pg.Client | undefined;
  private lastUp: boolean | undefined;
  private readonly failing = new Map<string, string>();

  constructor(
    private readonly options: PostgresSourceOptions,
    private readonly log: Logger,
  ) {
    this.dsn = parsePostgresDsn(options.dsn);
    this.serverLabels = { server: this.dsn.server };
    this.name = `postgres:${options.labels.instance ?? this.dsn.server}`;
  }

  async collect(now: number): Promise<CollectedSample[]> {
    const reused = this.client !== undefined;
    let attempt = await this.collectOnce(now);
    // A kept connection may have been closed by the server since the last run (restart, idle timeout,
    // pg_terminate_backend): try once more on a new one before reporting the server down (not after a
    // timeout, which would only double the wait).
    if (attempt.down !== undefined && reused && !attempt.timedOut) attempt = await this.collectOnce(now);
    this.logStateChange(attempt.down);
    if (attempt.down !== undefined) return [this.withTargetLabels({ name: 'pg_up', labels: {}, value: 0, timestamp: now })];
    const samples = attempt.samples.map((s) => this.withTargetLabels(s));
    samples.push(this.withTargetLabels({ name: 'pg_up', labels: {}, value: 1, timestamp: now }));
    return samples;
  }

  private async collectOnce(now: number): Promise<{ samples: CollectedSample[]; down: string | undefined; timedOut?: boolean }> {
    const samples: CollectedSample[] = [];
    try {
      const client = await this.connected();
      const version = await client.query<{ version: string; server_version_num: string }>(
        "SELECT version() AS version, current_setting('server_version_num') AS server_version_num",
      );
      const { version: versionString, server_version_num: versionNum } = version.rows[0];
      samples.push({
        name: 'pg_static',
        labels: { ...this.serverLabels, version: versionString, short_version: shortVersion(versionString) },
        value: 1,
        timestamp: now,
      });
      await this.collectFamilies(client, Number(versionNum), now, samples);
      return { samples, down: undefined };
    } catch (err) {
      await this.disconnect();
      // node-postgres: "Query read timeout" (query_timeout), "timeout expired" / "Connection terminated due to
      // connection timeout" (connectionTimeoutMillis).
      return { samples: [], down: this.reason(err), timedOut: err instanceof Error && /timeout/i.test(err.message) };
    }
  }

  /** Closes the connection (the scheduler has stopped). */
  async close(): Promise<void> {
    await this.disconnect();
  }

  private async collectFamilies(client: pg.Client, versionNum: number, now: number, out: CollectedSample[]): Promise<void> {
    for (const ns of DEFAULT_NAMESPACES) {
      const result = await this.family(ns.namespace, () => client.query(ns.query));
      if (result) out.push(...mapNamespaceRows(ns, result, this.serverLabels, now));
    }
    const settings = await this.family('pg_settings', () => client.query<SettingRow>(SETTINGS_QUERY));
    for (const row of settings?.rows ?? []) {
      const sample = settingSample(row, this.serverLabels, now);
      if (sample) out.push(sample);
    }
    if (this.options.statStatements ?? true) {
      const ext = await this.family('pg_stat_statements', () =>
        client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'"),
      );
      if (ext !== undefined && ext.rows.length > 0) {
        const ns: MetricNamespace = statStatementsNamespace(versionNum);
        const result = await this.family(ns.namespace, () => client.query(ns.query));
        if (result) out.push(...mapNamespaceRows(ns, result, this.serverLabels, now));
      }
    }
  }

  /**
   * Runs one family's query. A query error leaves the family out (logged when it starts and stops failing); a
   * broken connection is thrown on, so that the whole collection reports the server as down.
   */
  private async family<T extends pg.QueryResultRow>(family: string, run: () => Promise<pg.QueryResult<T>>): Promise<pg.QueryResult<T> | undefined> {
    try {
      const result = await run();
      if (this.failing.delete(family)) this.log.info({ server: this.dsn.server, family }, 'postgres query works again');
      return result;
    } catch (err) {
      if (!(err instanceof pg.DatabaseError) || isConnectionLevel(err)) throw err;
      const reason = this.reason(err);
      if (this.failing.get(family) !== reason) {
        this.failing.set(family, reason);
        this.log.warn({ server: this.dsn.server, family, reason }, 'postgres query failed; its metrics are left out until it works');
      }
      return undefined;
    }
  }

  private async connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      ...this.dsn.client,
      application_name: this.dsn.client.application_name ?? APPLICATION_NAME,
      connectionTimeoutMillis: this.options.timeoutMs,
      // Client-side, so that the session keeps the server's statement_timeout (pg_settings shows session values);
      // a query that times out drops the connection (a new one is opened at the next run).
      query_timeout: this.options.timeoutMs,
      keepAlive: true,
    });
    // Without a listener, an error on an idle connection (server restarted) would crash the process.
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private withTargetLabels(s: CollectedSample): CollectedSample {
    const labels: Record<string, string> = {};
    // A label of the exporter's that clashes with a target label is kept as exported_<name> (Prometheus's
    // honor_labels: false), as when Prometheus scrapes postgres_exporter.
    for (const [k, v] of Object.entries(s.labels)) labels[k in this.options.labels ? `exported_${k}` : k] = v;
    Object.assign(labels, this.options.labels);
    return { ...s, labels };
  }

  private reason(err: unknown): string {
    const message = err instanceof Error ? err.message || (err as NodeJS.ErrnoException).code || err.name : String(err);
    const code = (err as { code?: unknown }).code;
    const text = typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
    return scrubSecret(text, this.dsn.password);
  }

  private logStateChange(down: string | undefined): void {
    const up = down === undefined;
    if (this.lastUp === up) return;
    const first = this.lastUp === undefined;
    this.lastUp = up;
    const fields = { server: this.dsn.server, dsn: this.dsn.redacted, instance: this.options.labels.instance };
    if (up) this.log.info(fields, first ? 'postgres is up' : 'postgres is up again');
    else this.log.warn({ ...fields, reason: down }, 'postgres is down (pg_up 0); next log line when it changes');
  }
}

/** postgres_exporter's short_version: the first version number of `version()`, as semver (15.18 → 15.18.0). */
export function shortVersion(version: string): string {
  const m = /^\w+ ((\d+)(\.\d+)?(\.\d+)?)/.exec(version);
  if (!m) return '';
  return `${m[2]}.${m[3] !== undefined ? m[3].slice(1) : '0'}.${m[4] !== undefined ? m[4].slice(1) : '0'}`;
}

/** Errors that mean the session is gone (admin shutdown, crash, too many connections...), not a bad query. */
function isConnectionLevel(err: pg.DatabaseError): boolean {
  const code = err.code ?? '';
  return code.startsWith('08') || code.startsWith('57P') || code.startsWith('53') || code.startsWith('28');
}
