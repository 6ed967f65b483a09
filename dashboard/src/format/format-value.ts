import type { Unit } from '../api/types.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export interface FormatOptions {
  readonly decimals?: number;
  readonly currency?: string;
}

/** Formats a value in a panel's unit, compactly (for axes, stats and tables). */
export function formatValue(value: number, unit: Unit, opts: FormatOptions = {}): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const d = opts.decimals;
  switch (unit) {
    case 'bytes':
      return scaled(value, 1024, BYTE_UNITS, d);
    case 'bytes/s':
      return `${scaled(value, 1024, BYTE_UNITS, d)}/s`;
    case 'seconds':
      return formatSeconds(value, d);
    case 'percent':
      return `${round(value, d ?? (Math.abs(value) < 10 ? 1 : 0))}%`;
    case 'ratio':
      return `${round(value * 100, d ?? (Math.abs(value) < 0.1 ? 2 : 1))}%`;
    case 'requests/s':
      return `${short(value, d)} req/s`;
    case 'ops/s':
      return `${short(value, d)} ops/s`;
    case 'currency':
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: opts.currency ?? 'USD',
        notation: Math.abs(value) >= 100_000 ? 'compact' : 'standard',
        maximumFractionDigits: d ?? 2,
      }).format(value);
    case 'none':
      return String(round(value, d ?? 3));
    case 'short':
      return short(value, d);
  }
}

function round(v: number, decimals: number): string {
  return v.toFixed(decimals).replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}

function short(value: number, d?: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${round(value / 1e9, d ?? 1)}G`;
  if (abs >= 1e6) return `${round(value / 1e6, d ?? 1)}M`;
  if (abs >= 1e4) return `${round(value / 1e3, d ?? 1)}k`;
  return round(value, d ?? (abs >= 100 ? 0 : abs >= 1 ? 2 : 3));
}

function scaled(value: number, base: number, units: readonly string[], d?: number): string {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return `${round(v, d ?? (i === 0 ? 0 : 1))} ${units[i]}`;
}

function formatSeconds(value: number, d?: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${round(value * 1e6, d ?? 0)} µs`;
  if (abs < 1) return `${round(value * 1e3, d ?? (abs < 0.01 ? 1 : 0))} ms`;
  if (abs < 60) return `${round(value, d ?? 2)} s`;
  if (abs < 3600) return `${round(value / 60, d ?? 1)} min`;
  if (abs < 86400) return `${round(value / 3600, d ?? 1)} h`;
  return `${round(value / 86400, d ?? 1)} d`;
}
