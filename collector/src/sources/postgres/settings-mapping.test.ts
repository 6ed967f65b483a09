import { describe, expect, it } from 'vitest';
import { settingSample, type SettingRow } from './settings-mapping.js';

const labels = { server: 'db:5432' };

describe('settingSample (postgres_exporter pg_settings)', () => {
  it.each<[SettingRow, string, number]>([
    [{ name: 'max_connections', setting: '100', unit: '', vartype: 'integer' }, 'pg_settings_max_connections', 100],
    [{ name: 'fsync', setting: 'on', unit: '', vartype: 'bool' }, 'pg_settings_fsync', 1],
    [{ name: 'autovacuum', setting: 'off', unit: '', vartype: 'bool' }, 'pg_settings_autovacuum', 0],
    [{ name: 'statement_timeout', setting: '1500', unit: 'ms', vartype: 'integer' }, 'pg_settings_statement_timeout_seconds', 1.5],
    [{ name: 'checkpoint_timeout', setting: '300', unit: 's', vartype: 'integer' }, 'pg_settings_checkpoint_timeout_seconds', 300],
    [{ name: 'log_rotation_age', setting: '1440', unit: 'min', vartype: 'integer' }, 'pg_settings_log_rotation_age_seconds', 86400],
    [{ name: 'x_hours', setting: '2', unit: 'h', vartype: 'integer' }, 'pg_settings_x_hours_seconds', 7200],
    [{ name: 'x_days', setting: '1', unit: 'd', vartype: 'integer' }, 'pg_settings_x_days_seconds', 86400],
    [{ name: 'shared_buffers', setting: '2048', unit: '8kB', vartype: 'integer' }, 'pg_settings_shared_buffers_bytes', 16 * 1024 * 1024],
    [{ name: 'work_mem', setting: '4096', unit: 'kB', vartype: 'integer' }, 'pg_settings_work_mem_bytes', 4 * 1024 * 1024],
    [{ name: 'max_wal_size', setting: '1024', unit: 'MB', vartype: 'integer' }, 'pg_settings_max_wal_size_bytes', 2 ** 30],
    [{ name: 'wal_segment_size', setting: '1', unit: '16MB', vartype: 'integer' }, 'pg_settings_wal_segment_size_bytes', 2 ** 24],
    [{ name: 'x_bytes', setting: '10', unit: 'B', vartype: 'integer' }, 'pg_settings_x_bytes_bytes', 10],
    // -1 means "disabled" and is not converted, but the name still gets its unit.
    [{ name: 'log_min_duration_statement', setting: '-1', unit: 'ms', vartype: 'integer' }, 'pg_settings_log_min_duration_statement_seconds', -1],
    [{ name: 'temp_file_limit', setting: '-1', unit: 'kB', vartype: 'integer' }, 'pg_settings_temp_file_limit_bytes', -1],
    [{ name: 'random_page_cost', setting: '1.1', unit: '', vartype: 'real' }, 'pg_settings_random_page_cost', 1.1],
    [{ name: 'pg_stat_statements.max', setting: '5000', unit: '', vartype: 'integer' }, 'pg_settings_pg_stat_statements_max', 5000],
  ])('%o → %s %d', (row, name, value) => {
    expect(settingSample(row, labels, 7)).toEqual({ name, labels, value, timestamp: 7 });
  });

  it('converts milliseconds by dividing, as the exporter does, so the floats are the same', () => {
    expect(settingSample({ name: 'x', setting: '3', unit: 'ms', vartype: 'real' }, labels, 0)?.value).toBe(3 / 1000);
  });

  it.each<SettingRow>([
    { name: 'odd', setting: '1', unit: 'parsecs', vartype: 'integer' },
    { name: 'datestyle', setting: 'ISO, MDY', unit: '', vartype: 'string' },
    { name: 'broken', setting: 'abc', unit: '', vartype: 'integer' },
  ])('gives no sample for what the exporter cannot read: %o', (row) => {
    expect(settingSample(row, labels, 0)).toBeUndefined();
  });
});
