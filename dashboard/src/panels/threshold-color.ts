import type { Panel } from '../api/types.js';

const NAMED: Readonly<Record<string, string>> = {
  green: 'var(--ok)',
  yellow: 'var(--yellow)',
  orange: 'var(--warn)',
  red: 'var(--critical)',
  blue: 'var(--accent)',
  purple: 'var(--purple)',
};

/** The colour of the highest threshold at or below `value` (thresholds are sorted ascending), else the base colour. */
export function thresholdColor(value: number | undefined, thresholds: Panel['thresholds'], base = 'var(--accent)'): string {
  if (value === undefined || Number.isNaN(value)) return base;
  let color = base;
  for (const t of thresholds) if (value >= t.value) color = cssColor(t.color);
  return color;
}

export function cssColor(color: string): string {
  return NAMED[color] ?? color;
}

/** A palette of series colours readable on both themes. */
export const SERIES_COLORS = ['#5794f2', '#73bf69', '#f2cc0c', '#ff9830', '#f2495c', '#b877d9', '#8ab8ff', '#96d98d', '#fade2a', '#ffb357'];
