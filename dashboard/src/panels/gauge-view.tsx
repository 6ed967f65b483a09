import type { ReactNode } from 'react';
import type { Panel } from '../api/types.js';
import { formatValue } from '../format/format-value.js';
import { lastValue, type SeriesData } from './panel-data.js';
import { thresholdColor } from './threshold-color.js';

const R = 40;
const ARC = Math.PI * R; // half circle

/** A half-circle gauge of the first series' latest value between `min` and `max` (defaults 0 and 100 or 1). */
export function GaugeView({ panel, series }: { panel: Panel; series: readonly SeriesData[] }): ReactNode {
  const v = series[0] ? lastValue(series[0]) : undefined;
  const min = panel.min ?? 0;
  const max = panel.max ?? (panel.unit === 'ratio' ? 1 : 100);
  const fraction = v === undefined || Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, (v - min) / (max - min || 1)));
  const text = v === undefined ? '–' : formatValue(v, panel.unit, { currency: panel.currency, decimals: panel.decimals });
  const color = thresholdColor(v, panel.thresholds);
  return (
    <svg className="gauge" viewBox="0 0 100 60" role="img" aria-label={`${panel.title}: ${text} (from ${min} to ${max})`}>
      <path d={`M10 50 A${R} ${R} 0 0 1 90 50`} fill="none" stroke="var(--grid)" strokeWidth="10" />
      <path
        d={`M10 50 A${R} ${R} 0 0 1 90 50`}
        fill="none"
        stroke={color}
        strokeWidth="10"
        strokeDasharray={`${fraction * ARC} ${ARC}`}
      />
      <text x="50" y="48" textAnchor="middle" fontSize="14" fill="var(--text)">
        {text}
      </text>
    </svg>
  );
}
