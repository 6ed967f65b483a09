import type { CollectedSample } from '../source.js';

/** How a result column is used, as in postgres_exporter's column mappings (its LABEL, COUNTER, GAUGE, DISCARD). */
export type ColumnUsage = 'label' | 'counter' | 'gauge' | 'discard';

/** One query whose rows become samples named `<namespace>_<column>`, as postgres_exporter's metric maps do. */
export interface MetricNamespace {
  readonly namespace: string;
  readonly query: string;
  /**
   * Known columns. A column not listed here becomes a sample too (postgres_exporter's "untyped" metric for an
   * unknown column) when its value reads as a number, so columns that new PostgreSQL versions add still show up.
   */
  readonly columns: Readonly<Record<string, ColumnUsage>>;
}

/** The part of a `pg` query result the mapping reads. */
export interface QueryRows {
  readonly fields: readonly { readonly name: string }[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Turns the rows of a namespace's query into samples with postgres_exporter's names, labels and values:
 * - every `label` column becomes a label of every sample of the row; a NULL label is left out (Prometheus drops
 *   empty labels when it scrapes the exporter, so a scrape of the exporter has no such label either);
 * - every other column, except `discard` ones, becomes `<namespace>_<column>` with the value converted as the
 *   exporter's dbToFloat64 does: numbers as they are, numeric strings parsed, booleans 1/0, timestamps as Unix
 *   seconds, NULL as NaN; a value that is none of these (text, intervals, LSNs) gives no sample.
 * - `labels` (e.g. `server`) are added to every sample.
 */
export function mapNamespaceRows(
  ns: MetricNamespace,
  result: QueryRows,
  labels: Readonly<Record<string, string>>,
  timestamp: number,
): CollectedSample[] {
  const labelColumns = Object.keys(ns.columns).filter((c) => ns.columns[c] === 'label');
  const out: CollectedSample[] = [];
  for (const row of result.rows) {
    const rowLabels: Record<string, string> = { ...labels };
    for (const column of labelColumns) {
      // postgres_exporter reads a label column missing from the result as the row's first column (a Go map's zero
      // index); we leave such a label out instead (pg_stat_replication has no slot_name column).
      if (!(column in row)) continue;
      const value = toLabelValue(row[column]);
      if (value !== '') rowLabels[column] = value;
    }
    for (const { name: column } of result.fields) {
      const usage = ns.columns[column];
      if (usage === 'label' || usage === 'discard') continue;
      const value = toSampleValue(row[column]);
      if (value === undefined) continue;
      out.push({ name: `${ns.namespace}_${column}`, labels: { ...rowLabels }, value, timestamp });
    }
  }
  return out;
}

const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

/** postgres_exporter's dbToFloat64 on what `pg` returns: undefined when the value is not a number of any kind. */
export function toSampleValue(v: unknown): number | undefined {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  if (typeof v === 'string') {
    if (GO_FLOAT.test(v)) return Number(v);
    if (GO_SPECIAL.test(v)) return v.toLowerCase().includes('nan') ? NaN : v.startsWith('-') ? -Infinity : Infinity;
    return undefined;
  }
  return undefined;
}

/** postgres_exporter's dbToString: NULL (and anything it cannot print) as '', timestamps as Unix seconds. */
export function toLabelValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return String(Math.floor(v.getTime() / 1000));
  return '';
}
