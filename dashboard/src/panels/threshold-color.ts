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

/**
 * The series colours: CSS variables with a value per theme in styles.css (`--series-0` … `--series-9`), each at least
 * 3:1 against its theme's panel background (src/theme-contrast.test.ts checks).
 */
export const SERIES_COLORS: readonly string[] = Array.from({ length: 10 }, (_, i) => `var(--series-${i})`);
