import type { CollectedSample } from '../source.js';

/** postgres_exporter's pg_settings query: every bool, integer and real setting. */
export const SETTINGS_QUERY =
  "SELECT name, setting, COALESCE(unit, '') AS unit, vartype FROM pg_settings WHERE vartype IN ('bool', 'integer', 'real') AND name != 'sync_commit_cancel_wait'";

export interface SettingRow {
  readonly name: string;
  readonly setting: string;
  readonly unit: string;
  readonly vartype: string;
}

const SECONDS: Readonly<Record<string, number>> = { ms: 1 / 1000, s: 1, min: 60, h: 3600, d: 86400 };
const BYTES: Readonly<Record<string, number>> = {
  B: 1,
  kB: 2 ** 10,
  MB: 2 ** 20,
  GB: 2 ** 30,
  TB: 2 ** 40,
  '8kB': 2 ** 13,
  '16kB': 2 ** 14,
  '32kB': 2 ** 15,
  '16MB': 2 ** 24,
  '32MB': 2 ** 25,
  '64MB': 2 ** 26,
};

/**
 * One pg_settings row as postgres_exporter 0.11 reports it (cmd/postgres_exporter/pg_setting.go):
 * `pg_settings_<name>` with dots made underscores; booleans 1 for `on`, else 0; time units converted to seconds
 * and size units to bytes, with `_seconds` / `_bytes` appended to the name; -1 (= "disabled") left as it is.
 * Returns undefined for a row the exporter cannot read (it would panic), e.g. an unknown unit.
 */
export function settingSample(row: SettingRow, labels: Readonly<Record<string, string>>, timestamp: number): CollectedSample | undefined {
  let name = `pg_settings_${row.name.replaceAll('.', '_')}`;
  let value: number;
  if (row.vartype === 'bool') {
    value = row.setting === 'on' ? 1 : 0;
  } else if (row.vartype === 'integer' || row.vartype === 'real') {
    value = Number(row.setting);
    if (row.setting.trim() === '' || Number.isNaN(value)) return undefined;
    if (row.unit !== '') {
      const factor = SECONDS[row.unit] ?? BYTES[row.unit];
      if (factor === undefined) return undefined;
      name += row.unit in SECONDS ? '_seconds' : '_bytes';
      // Divide rather than multiply by 1/1000, as the exporter does, so both give the same float.
      if (value !== -1) value = row.unit === 'ms' ? value / 1000 : value * factor;
    }
  } else {
    return undefined;
  }
  return { name, labels: { ...labels }, value, timestamp };
}
